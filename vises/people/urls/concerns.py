"""The coordinator's list of concerns, under /p/<slug>/people/concerns/."""

from django.urls import URLPattern, URLResolver, path

from vises.people.views import self_service

urlpatterns: list[URLPattern | URLResolver] = [
    path("", self_service.concern_list, name="people_concern_list"),
    path(
        "<int:concern_id>/handled/",
        self_service.concern_mark_handled,
        name="people_concern_handled",
    ),
]
