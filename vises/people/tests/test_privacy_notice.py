"""The public privacy notice at /privacy/: no login, plain language, Swedish and English."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from vises.partnerships.tests.factories import OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem_cache(settings) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_the_notice_is_public_and_names_who_is_responsible_in_english():
    PartnershipFactory.create(
        name="Vi Ses! Linköping",
        organisation=OrganisationFactory.create(name="Linköpings södra rödakorskrets"),
        retention_months=18,
    )

    response = Client(headers={"accept-language": "en"}).get(reverse("privacy_notice"))

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    content = response.content.decode()
    assert "<h1>Your personal data</h1>" in content
    assert (
        "Linköpings södra rödakorskrets is responsible for your data in Vi Ses! Linköping."
        in content
    )
    assert (
        "Vi Ses! Linköping: if you have not taken part for 18 months, we remove your name "
        "and how to reach you." in content
    )
    assert "The municipality never gets your name or how to reach you." in content
    assert 'href="/me/"' in content


def test_the_notice_comes_in_swedish_by_default():
    response = Client().get("/privacy/")

    assert response.status_code == 200
    assert response["Content-Language"] == "sv"
    assert '<html lang="sv" dir="ltr">' in response.content.decode()


def test_the_notice_has_no_inline_script_or_style():
    content = Client().get("/privacy/").content.decode()

    assert "<script>" not in content
    assert "style=" not in content
