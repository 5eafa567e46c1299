"""The person's own registration link, mounted at /r/ (no login: the signed token is the key)."""

from django.urls import URLPattern, URLResolver, path

from vises.cafes.views import registrations

urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:token>/", registrations.registration_home, name="registration_link"),
    path("<str:token>/cancel/", registrations.registration_cancel_page, name="registration_cancel"),
    path(
        "<str:token>/language/",
        registrations.registration_language_page,
        name="registration_language",
    ),
]
