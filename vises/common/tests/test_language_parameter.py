"""`?lang=xx` opens a page in that language and remembers it (the QR codes on the posters,
vises.cafes.posters, carry it), while a code we do not have changes nothing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from vises.cafes.tests.factories import CafeFactory

COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.mark.django_db
def test_the_parameter_opens_the_calendar_in_arabic_and_remembers_it() -> None:
    client = Client()

    response = client.get("/cafes/?lang=ar")

    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl"' in response.text
    assert "<h1>المقاهي القادمة</h1>" in response.text
    cookie = response.cookies[COOKIE]
    assert cookie.value == "ar"
    assert cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    # The next page, without the parameter, stays in Arabic.
    assert '<html lang="ar" dir="rtl"' in client.get("/").text


@pytest.mark.django_db
def test_the_parameter_opens_the_sign_up_in_tigrinya_over_cookie_and_browser() -> None:
    cafe = CafeFactory.create()
    client = Client()
    client.cookies[COOKIE] = "en"

    response = client.get(
        f"/cafes/{cafe.pk}/signup/?lang=ti", headers={"accept-language": "uk,en;q=0.5"}
    )

    assert response.status_code == 200
    assert '<html lang="ti" dir="ltr"' in response.text
    assert "ተመዝገቡ፦ ካፌ ኣብ" in response.text  # "Sign up: café at …"
    assert response["Content-Language"] == "ti"
    assert response.cookies[COOKIE].value == "ti"


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["xx", "", "de", "sv-SE", "AR"])
def test_a_language_we_do_not_have_changes_nothing(code: str) -> None:
    response = Client().get(f"/cafes/?lang={code}")

    assert response.status_code == 200
    assert '<html lang="sv" dir="ltr"' in response.text
    assert "<h1>Kommande caféer</h1>" in response.text
    assert COOKIE not in response.cookies


@pytest.mark.django_db
def test_an_unknown_code_leaves_the_remembered_language() -> None:
    client = Client()
    client.cookies[COOKIE] = "fa"

    response = client.get("/cafes/?lang=xx")

    assert '<html lang="fa" dir="rtl"' in response.text
    assert COOKIE not in response.cookies


@pytest.mark.django_db
def test_a_post_does_not_switch_the_language() -> None:
    cafe = CafeFactory.create()

    response = Client().post(f"/cafes/{cafe.pk}/signup/?lang=ar", {})

    assert '<html lang="sv" dir="ltr"' in response.text
    assert COOKIE not in response.cookies
