"""The poster page, mounted at /p/<slug>/cafes/posters/ (through vises.cafes.urls.staff)."""

from django.urls import URLPattern, URLResolver, path

from vises.cafes.posters import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.posters, name="cafes_posters"),
]
