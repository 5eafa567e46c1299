"""The coordinator's café pages, mounted at /p/<slug>/cafes/."""

from django.urls import URLPattern, URLResolver, include, path

from vises.cafes.views import staff

urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff.cafes_list, name="cafes_list"),
    path("new/", staff.cafes_create, name="cafes_create"),
    path("posters/", include("vises.cafes.posters.urls")),
    path("<int:pk>/", staff.cafes_detail, name="cafes_detail"),
    path("<int:pk>/edit/", staff.cafes_edit, name="cafes_edit"),
    path("<int:pk>/descriptions/", staff.cafes_descriptions, name="cafes_descriptions"),
    path("<int:pk>/open/", staff.cafes_open, name="cafes_open"),
    path("<int:pk>/held/", staff.cafes_held, name="cafes_held"),
    path("<int:pk>/followed-up/", staff.cafes_followed_up, name="cafes_followed_up"),
    path("<int:pk>/cancel/", staff.cafes_cancel, name="cafes_cancel"),
    path("<int:pk>/volunteers/", staff.cafes_volunteer_assign, name="cafes_volunteer_assign"),
    path(
        "<int:pk>/volunteers/<int:assignment_pk>/remove/",
        staff.cafes_volunteer_remove,
        name="cafes_volunteer_remove",
    ),
    path("<int:pk>/invite/", staff.cafes_invite, name="cafes_invite"),
]
