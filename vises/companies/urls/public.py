"""The public "host a café" form, mounted at /host/ (no login)."""

from django.urls import URLPattern, URLResolver, path

from vises.companies.views import public

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.host_choose, name="companies_host"),
    path("<slug:slug>/", public.host_interest, name="companies_host_interest"),
    path("<slug:slug>/thanks/", public.host_thanks, name="companies_host_thanks"),
]
