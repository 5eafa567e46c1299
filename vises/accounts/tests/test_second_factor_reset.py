"""An admin resets a lost second factor: audited, the user logged out, enrolment again."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict
from django.test import Client

from vises.accounts.services import second_factor_reset
from vises.accounts.tests.support import (
    HOME_URL,
    MFA_AUTHENTICATE_URL,
    TOTP_ACTIVATE_URL,
    authenticator_types,
    live_session_keys,
    password_login,
    totp_code,
)
from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import TEST_PASSWORD, PartnershipFactory

ACTION = "accounts.user.second_factor_reset"


def reset_url(slug: str, user_id: int) -> str:
    return f"/p/{slug}/users/{user_id}/reset-second-factor/"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fully_logged_in(user, secret: str) -> Client:
    client = Client()
    password_login(client, user.username, TEST_PASSWORD)
    response = client.post(MFA_AUTHENTICATE_URL, {"code": totp_code(secret)})
    assert (response.status_code, response["Location"]) == (302, HOME_URL)
    return client


@pytest.mark.production
def test_an_admin_resets_a_lost_second_factor(production, staff_with_totp, partnership):
    user, secret, _codes = staff_with_totp(Role.COORDINATOR)
    admin, _admin_secret, _admin_codes = staff_with_totp(Role.ADMIN)
    users_client = fully_logged_in(user, secret)  # whoever holds the lost phone is logged out

    response = client_of(admin).post(reset_url(partnership.slug, user.pk))

    assert (response.status_code, response["Location"]) == (302, f"/p/{partnership.slug}/users/")
    assert authenticator_types(user) == []
    assert live_session_keys(user) == set()
    lost = users_client.get(f"/p/{partnership.slug}/")
    assert (lost.status_code, lost["Location"]) == (
        302,
        f"/accounts/login/?next=/p/{partnership.slug}/",
    )
    assert AuditEvent.objects.filter(action=ACTION).count() == 1


@pytest.mark.production
def test_the_reset_is_audited_without_personal_data(production, staff_with_totp, partnership):
    user, _secret, _codes = staff_with_totp(Role.COORDINATOR)
    admin, _admin_secret, _admin_codes = staff_with_totp(Role.ADMIN)

    client_of(admin).post(reset_url(partnership.slug, user.pk))

    event = AuditEvent.objects.get(action=ACTION)
    assert (event.actor, event.object_type, event.object_id, event.partnership_id) == (
        f"user:{admin.pk}",
        "auth.user",
        str(user.pk),
        partnership.pk,
    )
    assert event.fields == ["authenticators"]
    # Hashes left out: hex digits could spell a short name such as "Ebba" by chance.
    recorded = repr(model_to_dict(event, exclude=["hash", "prev_hash"])).lower()
    for personal in (user.username, user.email, user.first_name, user.last_name, admin.username):
        assert personal.lower() not in recorded


@pytest.mark.production
def test_after_the_reset_the_user_logs_in_with_password_and_must_enrol_again(
    production, staff_with_totp, partnership
):
    user, _secret, _codes = staff_with_totp(Role.COORDINATOR)
    second_factor_reset(user=user, partnership=partnership, actor=None)
    client = Client()

    login = password_login(client, user.username, TEST_PASSWORD)
    page = client.get(f"/p/{partnership.slug}/")

    assert (login.status_code, login["Location"]) == (302, HOME_URL)
    assert (page.status_code, page["Location"]) == (302, TOTP_ACTIVATE_URL)


@pytest.mark.production
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER, Role.MUNICIPAL])
def test_other_staff_roles_get_403(production, staff_with_totp, partnership, role):
    user, _secret, _codes = staff_with_totp(Role.VOLUNTEER)
    other, _other_secret, _other_codes = staff_with_totp(role)

    response = client_of(other).post(reset_url(partnership.slug, user.pk))

    assert response.status_code == 403
    assert authenticator_types(user) == ["recovery_codes", "totp"]
    assert not AuditEvent.objects.filter(action=ACTION).exists()


@pytest.mark.production
def test_an_admin_of_another_partnership_gets_404(production, staff_with_totp, member, partnership):
    user, _secret, _codes = staff_with_totp(Role.COORDINATOR)
    elsewhere = member(Role.ADMIN, partnership_=PartnershipFactory.create())
    foreign_admin, _admin_secret, _admin_codes = staff_with_totp(membership=elsewhere)

    in_their_path = client_of(foreign_admin).post(reset_url(elsewhere.partnership.slug, user.pk))
    in_our_path = client_of(foreign_admin).post(reset_url(partnership.slug, user.pk))

    assert in_their_path.status_code == 404  # the user is no member of their partnership
    assert in_our_path.status_code == 404  # they are no member of ours
    assert authenticator_types(user) == ["recovery_codes", "totp"]


@pytest.mark.production
def test_anonymous_visitors_are_sent_to_login(production, staff_with_totp, partnership):
    user, _secret, _codes = staff_with_totp(Role.COORDINATOR)
    url = reset_url(partnership.slug, user.pk)

    response = Client().post(url)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")
    assert authenticator_types(user) == ["recovery_codes", "totp"]


@pytest.mark.production
def test_the_reset_only_answers_post(production, staff_with_totp, partnership):
    user, _secret, _codes = staff_with_totp(Role.COORDINATOR)
    admin, _admin_secret, _admin_codes = staff_with_totp(Role.ADMIN)

    response = client_of(admin).get(reset_url(partnership.slug, user.pk))

    assert response.status_code == 405
    assert authenticator_types(user) == ["recovery_codes", "totp"]
