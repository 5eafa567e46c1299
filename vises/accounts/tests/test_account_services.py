"""Accounts for login by e-mailed code, their addresses, and ending sessions: the writes other
apps (companies, people) make through vises.accounts."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session

from vises.accounts.services import (
    code_login_user_get_or_create,
    email_address_verify,
    password_user_ensure,
    sessions_end,
    user_delete,
)
from vises.common.models import AuditEvent
from vises.partnerships.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_account_with_the_address_is_reused_whatever_its_case(partnership):
    existing = UserFactory.create(email="karin@example.org")

    user = code_login_user_get_or_create(
        email="Karin@Example.org", partnership=partnership, actor="system:test"
    )

    assert user == existing
    assert get_user_model().objects.count() == 1
    assert not AuditEvent.objects.filter(action="accounts.user.created").exists()


def test_a_new_account_has_no_password_and_is_audited(partnership):
    UserFactory.create(username="karin@example.org")

    user = code_login_user_get_or_create(
        email="karin@example.org",
        first_name="Karin",
        last_name="Ek",
        partnership=partnership,
        actor="system:test",
    )

    assert (user.username, user.email, user.first_name, user.last_name) == (
        "karin@example.org-2",
        "karin@example.org",
        "Karin",
        "Ek",
    )
    assert user.has_usable_password() is False
    (event,) = AuditEvent.objects.filter(action="accounts.user.created")
    assert (event.object_id, event.partnership_id) == (str(user.pk), partnership.pk)


def test_an_address_is_verified_and_primary_only_when_there_is_none():
    user = UserFactory.create()
    old = EmailAddress.objects.create(user=user, email="old@example.org", primary=True)
    unverified = EmailAddress.objects.create(user=user, email="karin@example.org")

    again = email_address_verify(user=user, email="KARIN@example.org")
    new = email_address_verify(user=user, email="work@example.org")

    assert again == unverified
    assert EmailAddress.objects.get(pk=unverified.pk).verified is True
    assert (new.verified, new.primary) == (True, False)
    assert EmailAddress.objects.get(pk=old.pk).primary is True
    fresh = UserFactory.create()
    assert email_address_verify(user=fresh, email="fresh@example.org").primary is True


def session_with(**data) -> str:
    store = SessionStore()
    store.update(data)
    store.create()
    assert store.session_key is not None
    return store.session_key


def test_sessions_end_ends_only_the_sessions_it_names():
    mine = session_with(vises_self_service_person_id=7)
    other = session_with(vises_self_service_person_id=8)

    ended = sessions_end(naming=lambda data: data.get("vises_self_service_person_id") == 7)

    assert ended == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [other]
    assert mine != other


def test_deleting_an_account_ends_its_sessions_and_takes_its_addresses():
    user = UserFactory.create()
    EmailAddress.objects.create(user=user, email="karin@example.org", verified=True)
    session_with(_auth_user_id=str(user.pk))
    kept = session_with(_auth_user_id=str(user.pk + 1000))

    user_delete(user=user)

    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.exists()
    assert list(Session.objects.values_list("session_key", flat=True)) == [kept]


def test_a_password_account_is_made_once_and_brought_up_to_date():
    first = password_user_ensure(
        username="coordinator",
        email="c@example.org",
        first_name="Ca",
        last_name="Ek",
        password="a1",
    )
    get_user_model().objects.filter(pk=first.pk).update(is_active=False)

    again = password_user_ensure(
        username="coordinator",
        email="c@example.org",
        first_name="Cia",
        last_name="Ek",
        password="b2",
    )

    assert again.pk == first.pk
    again.refresh_from_db()
    assert (again.first_name, again.is_active) == ("Cia", True)
    assert again.check_password("b2") and not again.check_password("a1")
