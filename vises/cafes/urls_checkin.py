"""Check-in on a phone, mounted at /p/<slug>/checkin/ (volunteers and coordinators)."""

from django.urls import URLPattern, URLResolver, path

from vises.cafes.views import checkin

urlpatterns: list[URLPattern | URLResolver] = [
    path("", checkin.today, name="checkin_today"),
    path("<int:cafe_id>/", checkin.cafe_list, name="checkin_list"),
    path(
        "<int:cafe_id>/registrations/<int:registration_id>/",
        checkin.tap,
        name="checkin_tap",
    ),
    path("<int:cafe_id>/walk-in/", checkin.walk_in, name="checkin_walk_in"),
    path("<int:cafe_id>/employees/", checkin.employees, name="checkin_employees"),
    path("<int:cafe_id>/list.pdf", checkin.list_pdf, name="checkin_list_pdf"),
    path("<int:cafe_id>/tags.pdf", checkin.tags_pdf, name="checkin_tags_pdf"),
    path("hours/<int:assignment_id>/", checkin.hours, name="checkin_hours"),
]
