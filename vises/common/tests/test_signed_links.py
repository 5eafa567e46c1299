"""The one signed-link mechanism: salt per purpose, expiry, one friendly page."""

from __future__ import annotations

import time
from datetime import timedelta
from unittest import mock

import pytest
from django import forms
from django.test import RequestFactory
from django.utils import translation

from vises.common.signed_links import (
    LinkExpired,
    LinkInvalid,
    LinkPurpose,
    link_load,
    link_load_object,
    link_problem,
    link_sign,
    link_sign_object,
)

RECEIPT = LinkPurpose(salt="test.receipt", max_age=timedelta(days=10))
FEED = LinkPurpose(salt="test.feed", max_age=None)
DAY = 24 * 60 * 60


def signed_days_ago(days: float, purpose: LinkPurpose, value: int) -> str:
    with mock.patch("django.core.signing.time.time", return_value=time.time() - days * DAY):
        return link_sign(purpose, value)


def test_a_link_names_its_id_and_opens_for_its_purpose_only():
    token = link_sign(RECEIPT, 42)

    assert token.startswith("42:")
    assert link_load(RECEIPT, token) == 42
    with pytest.raises(LinkInvalid):
        link_load(FEED, token)


def test_a_link_lives_as_long_as_its_purpose_says():
    assert link_load(RECEIPT, signed_days_ago(9.9, RECEIPT, 7)) == 7
    with pytest.raises(LinkExpired):
        link_load(RECEIPT, signed_days_ago(10.1, RECEIPT, 7))
    with pytest.raises(LinkExpired):
        link_load(RECEIPT, signed_days_ago(2, RECEIPT, 7), max_age=timedelta(days=1))


def test_a_purpose_without_max_age_never_expires():
    assert link_load(FEED, signed_days_ago(3650, FEED, 7)) == 7


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), id="signature"),
        pytest.param(lambda t: "9" + t, id="value"),
        pytest.param(lambda t: t.split(":")[0], id="cut"),
        pytest.param(lambda t: "not-a-token", id="garbage"),
    ],
)
def test_an_altered_link_is_invalid_not_expired(tamper):
    with pytest.raises(LinkInvalid):
        link_load(RECEIPT, tamper(link_sign(RECEIPT, 42)))


def test_a_link_names_an_id_only():
    with pytest.raises(ValueError, match="id"):
        link_sign(RECEIPT, "amina@example.org")


def test_a_payload_link_round_trips_and_refuses_another_purpose():
    token = link_sign_object(RECEIPT, {"p": 3, "u": "x"})

    assert link_load_object(RECEIPT, token) == {"p": 3, "u": "x"}
    with pytest.raises(LinkInvalid):
        link_load_object(FEED, token)
    with pytest.raises(LinkInvalid):
        link_load_object(RECEIPT, link_sign(RECEIPT, 3))  # an id is not a payload


class ContactForm(forms.Form):
    contact = forms.CharField(label="Your mobile number or e-mail address")


def page(error, **options):
    request = RequestFactory().get("/x/")
    with translation.override("en"):
        return link_problem(request, error=error, **options)


def test_the_friendly_page_tells_an_old_link_from_a_broken_one():
    old = page(LinkExpired(), new_link_url="/me/")
    broken = page(LinkInvalid(), new_link_url="/me/")

    assert old.status_code == broken.status_code == 200
    assert "This link is too old" in old.content.decode()
    assert "This link does not work" in broken.content.decode()
    assert old["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in old["Cache-Control"]


def test_the_friendly_page_offers_a_new_link_where_one_can_be_asked_for():
    with_form = page(LinkExpired(), new_link_url="/me/", new_link_form=ContactForm()).content
    with_button = page(LinkExpired(), new_link_url="/me/").content.decode()
    without = page(LinkExpired(), help_text="Ask the coordinator.", status=410)

    assert 'action="/me/"' in with_form.decode()
    assert 'name="contact"' in with_form.decode()
    assert 'href="/me/"' in with_button
    assert "Send me a new link" in with_button
    assert without.status_code == 410
    assert "Send me a new link" not in without.content.decode()
    assert "Ask the coordinator." in without.content.decode()
