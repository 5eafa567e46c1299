"""A volunteer's and a company contact's own cafés, mounted at /p/<slug>/."""

from django.urls import URLPattern, URLResolver, path

from vises.cafes.views import portal

urlpatterns: list[URLPattern | URLResolver] = [
    path("volunteer/", portal.volunteer, name="partnership_volunteer"),
    path("company/", portal.company, name="partnership_company"),
    path("company/cafes/<int:cafe_id>/", portal.company_cafe, name="partnership_company_cafe"),
]
