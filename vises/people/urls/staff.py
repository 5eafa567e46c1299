"""URLs of the people register's staff pages, under /p/<slug>/people/."""

from django.urls import URLPattern, URLResolver, path

from vises.people.views import persons

urlpatterns: list[URLPattern | URLResolver] = [
    path("", persons.people_list, name="people_list"),
    path("new/", persons.people_create, name="people_create"),
    path("<int:pk>/", persons.people_detail, name="people_detail"),
    path("<int:pk>/edit/", persons.people_edit, name="people_edit"),
    path("<int:pk>/merge/<int:other_pk>/", persons.people_merge, name="people_merge"),
]
