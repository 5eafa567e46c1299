"""Check-in on a phone, mounted at /p/<slug>/checkin/ (volunteers and coordinators)."""

from django.urls import URLPattern, URLResolver, path

from vises.cafes.checkin import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.today, name="checkin_today"),
    path("<int:cafe_id>/", views.cafe_list, name="checkin_list"),
    path(
        "<int:cafe_id>/registrations/<int:registration_id>/",
        views.tap,
        name="checkin_tap",
    ),
    path("<int:cafe_id>/walk-in/", views.walk_in, name="checkin_walk_in"),
    path("<int:cafe_id>/employees/", views.employees, name="checkin_employees"),
    path("<int:cafe_id>/list.pdf", views.list_pdf, name="checkin_list_pdf"),
    path("<int:cafe_id>/tags.pdf", views.tags_pdf, name="checkin_tags_pdf"),
    path("hours/<int:assignment_id>/", views.hours, name="checkin_hours"),
]
