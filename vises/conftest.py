"""Fixtures shared by every app's tests."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from vises.partnerships.access import Role
from vises.partnerships.models import Membership, Partnership
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory

# How hard the property tests (public forms, the API schema) try: a quick look in `make test`
# on a developer's machine, 1 000 examples each in CI, 10 000 in `make fuzz`
# (HYPOTHESIS_PROFILE=fuzz). Examples need no deadline: a request through the whole stack
# takes what it takes on a loaded machine.
hypothesis_settings.register_profile("dev", max_examples=50, deadline=None)
hypothesis_settings.register_profile("ci", max_examples=1_000, deadline=None)
hypothesis_settings.register_profile("fuzz", max_examples=10_000, deadline=None)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, tmp_path) -> None:
    """Files the app writes outside the database go to a fresh folder per test."""
    settings.VISES_AUDIT_HEADS_FILE = tmp_path / "audit-heads.jsonl"
    settings.VISES_ERASURE_JOURNAL = tmp_path / "erasures.jsonl"
    settings.VISES_SMS_FILE_PATH = tmp_path / "sms"


@pytest.fixture(autouse=True)
def _sms_outbox(settings) -> None:
    """SMS go to vises.common.sms.outbox in tests, emptied for each test (like mail.outbox)."""
    from vises.common import sms

    settings.VISES_SMS_BACKEND = "vises.common.sms.LocmemBackend"
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Each test starts in Swedish, the default: a test that activated another language (or
    a request that did) must not change what the next one reads."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Factories and logins hash passwords all the time; the hasher is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def partnership(db) -> Partnership:
    return PartnershipFactory.create()


@pytest.fixture
def member(db, partnership) -> Callable[..., Membership]:
    def make(role: str = Role.COORDINATOR, partnership_: Partnership | None = None) -> Membership:
        return MembershipFactory.create(role=role, partnership=partnership_ or partnership)

    return make


@pytest.fixture
def client_for(member) -> Callable[[str], Client]:
    """A client logged in as a new member with the given role (no second factor)."""

    def make(role: str) -> Client:
        membership = member(role)
        client = Client()
        client.force_login(membership.user)
        return client

    return make
