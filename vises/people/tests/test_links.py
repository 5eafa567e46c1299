"""Signed links: opaque, tamper-evident, expiring, and bound to one purpose."""

from __future__ import annotations

import base64
import time
from unittest import mock

import pytest

from vises.people.services.links import (
    LinkExpired,
    LinkInvalid,
    person_from_token,
    person_link,
    person_token,
)
from vises.people.services.privacy import person_erase
from vises.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

DAY = 24 * 60 * 60


@pytest.fixture
def person(partnership):
    return PersonFactory.create(
        partnership=partnership,
        first_name="Amina",
        last_name="Yusuf",
        phone="+46701234567",
        email="amina@example.org",
    )


def made_days_ago(days: float, **kwargs) -> str:
    with mock.patch("time.time", return_value=time.time() - days * DAY):
        return person_token(**kwargs)


def test_the_link_is_a_path_under_me_that_opens_the_persons_page(person):
    link = person_link(person=person)
    token = link.removeprefix("/me/").removesuffix("/")

    assert link == f"/me/{token}/"
    assert person_from_token(token) == person


def test_the_token_holds_no_name_phone_or_email(person):
    token = person_token(person=person)
    payload = token.split(":")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()

    for secret in ("Amina", "Yusuf", "+46701234567", "701234567", "amina@example.org"):
        assert secret not in token
        assert secret not in decoded
    assert decoded == f'{{"p":{person.pk},"u":"self_service","d":30}}'


def test_a_link_works_until_its_last_day_and_not_after(person):
    assert person_from_token(made_days_ago(29.9, person=person)) == person
    with pytest.raises(LinkExpired):
        person_from_token(made_days_ago(30.1, person=person))


def test_a_short_lived_link_expires_sooner(person):
    token = made_days_ago(1.5, person=person, max_age_days=1)

    with pytest.raises(LinkExpired):
        person_from_token(token)


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), id="signature"),
        pytest.param(lambda t: "x" + t, id="payload"),
        pytest.param(lambda t: t.split(":")[0], id="cut"),
        pytest.param(lambda t: "not-a-token", id="garbage"),
    ],
)
def test_a_tampered_link_is_refused_as_invalid_not_expired(person, tamper):
    with pytest.raises(LinkInvalid):
        person_from_token(tamper(person_token(person=person)))


def test_another_persons_id_cannot_be_swapped_in(person, partnership):
    other = PersonFactory.create(partnership=partnership)
    token = person_token(person=person)
    payload = (
        base64.urlsafe_b64encode(f'{{"p":{other.pk},"u":"self_service","d":30}}'.encode())
        .decode()
        .rstrip("=")
    )

    with pytest.raises(LinkInvalid):
        person_from_token(payload + token[token.index(":") :])


def test_a_link_for_one_purpose_does_not_open_another(person):
    token = person_token(person=person, purpose="cancel")

    with pytest.raises(LinkInvalid):
        person_from_token(token, "self_service")
    assert person_from_token(token, "cancel") == person


def test_an_erased_persons_link_no_longer_opens(person):
    token = person_token(person=person)

    person_erase(person=person, actor="link:self_service")

    with pytest.raises(LinkInvalid):
        person_from_token(token)


@pytest.mark.parametrize("days", [0, 181])
def test_lifetimes_are_bounded(person, days):
    with pytest.raises(ValueError, match="max_age_days"):
        person_token(person=person, max_age_days=days)
