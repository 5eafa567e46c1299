"""Calendar feeds, mounted at /feeds/ (no login: the signed token in the path is the key)."""

from django.urls import URLPattern, URLResolver, path

from vises.cafes.views import feeds

urlpatterns: list[URLPattern | URLResolver] = [
    path("volunteer/<str:token>.ics", feeds.volunteer_feed, name="volunteer_calendar_feed"),
]
