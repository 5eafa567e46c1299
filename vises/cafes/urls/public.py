"""Public café pages, mounted at /cafes/ (no login)."""

from django.urls import URLPattern, URLResolver, path

from vises.cafes.views import public

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.calendar, name="cafes_public_calendar"),
    path("<int:cafe_id>/", public.cafe_detail, name="cafes_public_detail"),
    path("<int:cafe_id>/signup/", public.signup, name="cafes_public_signup"),
    path("<int:cafe_id>/signup/about-you/", public.about_you, name="cafes_public_about_you"),
]
