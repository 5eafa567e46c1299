"""The public privacy notice, under /privacy/ (no login)."""

from django.urls import URLPattern, URLResolver, path

from vises.people.views import privacy

urlpatterns: list[URLPattern | URLResolver] = [
    path("", privacy.privacy_notice, name="privacy_notice"),
]
