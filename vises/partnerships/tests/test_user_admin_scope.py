"""A partnership's admin manages only accounts that belong to that partnership alone.

Deactivating an account ends it everywhere, and a second-factor reset weakens it everywhere,
so an account that also works in another partnership (or a superuser) is left to the
installation's technical administrator.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from vises.accounts.tests.support import authenticator_types, enrol_totp
from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory

REFUSAL = (
    "arbetar också i ett annat partnerskap eller administrerar installationen. "
    "Bara installationens tekniska administratör kan ändra det här kontot."
)


@pytest.fixture
def admin_client(partnership, member) -> Client:
    client = Client()
    client.force_login(member(Role.ADMIN).user)
    return client


@pytest.fixture
def shared_user(partnership) -> User:
    """A coordinator here who is also coordinator of another partnership."""
    membership = MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR)
    MembershipFactory.create(
        partnership=PartnershipFactory.create(), user=membership.user, role=Role.COORDINATOR
    )
    return membership.user


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_deactivating_an_account_with_roles_elsewhere_is_refused(
    partnership, admin_client, shared_user
) -> None:
    url = f"/p/{partnership.slug}/users/{shared_user.pk}/deactivate/"

    response = admin_client.post(url, follow=True)

    assert response.status_code == 200
    shared_user.refresh_from_db()
    assert shared_user.is_active is True
    assert any(REFUSAL in message for message in messages_of(response))
    assert not AuditEvent.objects.filter(action="accounts.user.deactivated").exists()


def test_resetting_the_second_factor_of_a_superuser_is_refused(
    partnership, member, admin_client
) -> None:
    superuser = member(Role.COORDINATOR).user
    superuser.is_superuser = True
    superuser.save()
    enrol_totp(superuser)
    url = f"/p/{partnership.slug}/users/{superuser.pk}/reset-second-factor/"

    response = admin_client.post(url, follow=True)

    assert authenticator_types(superuser) != []
    assert any(REFUSAL in message for message in messages_of(response))
    assert not AuditEvent.objects.filter(action="accounts.user.second_factor_reset").exists()


def test_an_account_of_this_partnership_only_is_deactivated(
    partnership, member, admin_client
) -> None:
    volunteer = member(Role.VOLUNTEER).user

    response = admin_client.post(
        f"/p/{partnership.slug}/users/{volunteer.pk}/deactivate/", follow=True
    )

    volunteer.refresh_from_db()
    assert volunteer.is_active is False
    assert messages_of(response) == [f"{volunteer} är inaktiverad och utloggad överallt."]


def test_the_user_list_offers_no_buttons_for_accounts_managed_elsewhere(
    partnership, admin_client, shared_user
) -> None:
    enrol_totp(shared_user)

    response = admin_client.get(f"/p/{partnership.slug}/users/")

    body = response.content.decode()
    assert f"/users/{shared_user.pk}/deactivate/" not in body
    assert f"/users/{shared_user.pk}/reset-second-factor/" not in body
    assert body.count("Hanteras av den tekniska administratören") == 1
