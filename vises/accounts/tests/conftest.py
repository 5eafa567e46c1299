"""Fixtures for login and account-security tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache

from vises.accounts.tests.support import PRODUCTION_RATE_LIMITS, enrol_totp
from vises.partnerships.access import Role
from vises.partnerships.models import Membership


@pytest.fixture(autouse=True)
def _empty_cache(db) -> Iterator[None]:
    """Rate-limit counters and used TOTP codes live in the cache: start and end each test empty.

    The database cache rolls back with the test transaction, but not after a transactional
    test (flush does not touch the cache table), and Redis never does.
    """
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def production(settings) -> None:
    """Production behaviour of the login: second factor required, rate limits on."""
    settings.VISES_DEV = False
    settings.ACCOUNT_RATE_LIMITS = PRODUCTION_RATE_LIMITS


@pytest.fixture
def staff_with_totp(member) -> Callable[..., tuple[AbstractBaseUser, str, list[str]]]:
    """A staff member with TOTP enrolled: (user, TOTP secret, unused recovery codes)."""

    def make(
        role: str = Role.COORDINATOR, membership: Membership | None = None
    ) -> tuple[AbstractBaseUser, str, list[str]]:
        user = (membership or member(role)).user
        secret, recovery_codes = enrol_totp(user)
        return user, secret, recovery_codes

    return make
