"""A person's own pages under /me/, opened with a signed link (no account)."""

from django.urls import URLPattern, URLResolver, path

from vises.people.views import self_service

urlpatterns: list[URLPattern | URLResolver] = [
    path("", self_service.request_link, name="self_service_request_link"),
    path("erased/", self_service.erased, name="self_service_erased"),
    path("<str:token>/", self_service.home, name="self_service_home"),
    path("<str:token>/change/<slug:field>/", self_service.change, name="self_service_change"),
    path("<str:token>/consent/", self_service.consent, name="self_service_consent"),
    path("<str:token>/my-data.json", self_service.download_json, name="self_service_download_json"),
    path("<str:token>/my-data.pdf", self_service.download_pdf, name="self_service_download_pdf"),
    path("<str:token>/erase/", self_service.erase, name="self_service_erase"),
    path("<str:token>/concern/", self_service.concern, name="self_service_concern"),
    path(
        "<str:token>/concern/sent/",
        self_service.concern_sent,
        name="self_service_concern_sent",
    ),
]
