"""Deactivating a user ends every session they have, on every device, at once."""

from __future__ import annotations

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client

from vises.accounts.services import user_deactivate, user_sessions_end
from vises.accounts.tests.support import live_session_keys, password_login
from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import TEST_PASSWORD


def logged_in_clients(user, count: int) -> list[Client]:
    """`count` browsers in which the user logged in through the login form."""
    clients = [Client() for _ in range(count)]
    for client in clients:
        response = password_login(client, user.username, TEST_PASSWORD)
        assert response.status_code == 302
    return clients


def test_deactivation_logs_the_user_out_of_every_browser(member, partnership):
    membership = member(Role.VOLUNTEER)
    user = membership.user
    admin = member(Role.ADMIN).user
    phone, laptop = logged_in_clients(user, 2)
    start = f"/p/{partnership.slug}/"
    keys = live_session_keys(user)
    assert [phone.get(start).status_code, laptop.get(start).status_code] == [200, 200]
    assert UserSession.objects.filter(user=user).count() == 2

    user_deactivate(user=user, partnership=partnership, actor=admin)

    answers = [phone.get(start), laptop.get(start)]
    assert [(answer.status_code, answer["Location"]) for answer in answers] == [
        (302, f"/accounts/login/?next={start}")
    ] * 2
    assert len(keys) == 2
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert UserSession.objects.filter(user=user).count() == 0
    user.refresh_from_db()
    assert user.is_active is False


def test_deactivation_leaves_other_users_logged_in(member, partnership):
    user = member(Role.VOLUNTEER).user
    colleague = member(Role.VOLUNTEER).user
    (colleague_client,) = logged_in_clients(colleague, 1)
    logged_in_clients(user, 1)

    user_deactivate(user=user, partnership=partnership, actor=None)

    assert colleague_client.get(f"/p/{partnership.slug}/").status_code == 200
    assert len(live_session_keys(colleague)) == 1


def test_untracked_sessions_are_ended_too(member):
    """A session the session list does not know (older than tracking) is found by its content."""
    user = member(Role.VOLUNTEER).user
    logged_in_clients(user, 2)
    UserSession.objects.filter(user=user).delete()

    ended = user_sessions_end(user=user)

    assert ended == 2
    assert live_session_keys(user) == set()


def test_a_deactivated_user_cannot_log_in_again(member):
    user = member(Role.VOLUNTEER).user
    user_deactivate(user=user, partnership=None, actor=None)
    client = Client()

    response = password_login(client, user.username, TEST_PASSWORD)

    assert (response.status_code, response["Location"]) == (302, "/accounts/inactive/")
    assert "_auth_user_id" not in client.session


def test_deactivation_is_audited_without_personal_data(member, partnership):
    user = member(Role.VOLUNTEER).user
    admin = member(Role.ADMIN).user

    user_deactivate(user=user, partnership=partnership, actor=admin)

    event = AuditEvent.objects.get(action="accounts.user.deactivated")
    assert (event.actor, event.object_type, event.object_id, event.partnership_id) == (
        f"user:{admin.pk}",
        "auth.user",
        str(user.pk),
        partnership.pk,
    )
    assert event.fields == ["is_active"]


@pytest.mark.production
def test_an_admin_deactivates_through_the_users_page(production, member, staff_with_totp):
    membership = member(Role.VOLUNTEER)
    user = membership.user
    admin, _secret, _codes = staff_with_totp(Role.ADMIN)
    admin_client = Client()
    admin_client.force_login(admin)
    (volunteer_client,) = logged_in_clients(user, 1)
    slug = membership.partnership.slug

    response = admin_client.post(f"/p/{slug}/users/{user.pk}/deactivate/")

    assert (response.status_code, response["Location"]) == (302, f"/p/{slug}/users/")
    assert live_session_keys(user) == set()
    volunteer_answer = volunteer_client.get(f"/p/{slug}/")
    assert (volunteer_answer.status_code, volunteer_answer["Location"]) == (
        302,
        f"/accounts/login/?next=/p/{slug}/",
    )
    assert (
        AuditEvent.objects.filter(
            action="accounts.user.deactivated", object_id=str(user.pk)
        ).count()
        == 1
    )
