"""The person's own registration link, mounted at /r/ (no login: the signed token is the key)."""

from django.urls import URLPattern, URLResolver, path

from vises.cafes.views import links

urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:token>/", links.registration_home, name="registration_link"),
    path("<str:token>/cancel/", links.registration_cancel_page, name="registration_cancel"),
    path("<str:token>/language/", links.registration_language_page, name="registration_language"),
]
