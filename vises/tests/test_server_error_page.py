"""The 500 page is Swedish, needs no database and tells the user nothing they saved is lost."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from vises.urls import urlpatterns as project_urlpatterns


def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [*project_urlpatterns, path("broken/", broken_view)]
handler500 = "vises.common.views.server_error"


@pytest.mark.urls("vises.tests.test_server_error_page")
def test_an_unexpected_error_shows_the_swedish_500_page(db) -> None:
    client = Client(raise_request_exception=False)

    response = client.get("/broken/")

    assert response.status_code == 500
    body = response.content.decode()
    assert '<html lang="sv">' in body
    assert "<h1>Något gick fel</h1>" in body
    assert "boom" not in body
