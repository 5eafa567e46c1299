"""Staff must enrol a second factor (TOTP) before they can use anything, outside VISES_DEV."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client

from vises.accounts.tests.support import (
    HOME_URL,
    REAUTHENTICATE_URL,
    RECOVERY_CODES_URL,
    TOTP_ACTIVATE_URL,
    authenticator_types,
    password_login,
    totp_code,
)
from vises.partnerships.access import STAFF_ROLES, Role
from vises.partnerships.tests.factories import TEST_PASSWORD, UserFactory

STAFF = sorted(STAFF_ROLES)
NON_STAFF = [Role.VOLUNTEER, Role.COMPANY]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pages(slug: str) -> list[str]:
    """Pages of every kind: front page, partnership pages, allauth's own account pages."""
    return [
        HOME_URL,
        f"/p/{slug}/",
        f"/p/{slug}/users/",
        f"/p/{slug}/operations/",
        "/accounts/password/change/",
        "/accounts/email/",
        "/accounts/sessions/",
        "/healthz",
    ]


@pytest.mark.production
@pytest.mark.parametrize("role", STAFF)
def test_staff_without_totp_are_sent_to_enrolment_from_every_page(production, member, role):
    membership = member(role)
    client = logged_in(membership.user)

    for path in pages(membership.partnership.slug):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, TOTP_ACTIVATE_URL), path


@pytest.mark.production
@pytest.mark.parametrize("role", STAFF)
def test_htmx_requests_of_staff_without_totp_get_an_hx_redirect(production, member, role):
    membership = member(role)
    client = logged_in(membership.user)

    response = client.get(f"/p/{membership.partnership.slug}/", headers={"HX-Request": "true"})

    assert response.status_code == 204
    assert response["HX-Redirect"] == TOTP_ACTIVATE_URL
    assert response.content == b""


@pytest.mark.production
def test_staff_without_totp_cannot_act_either(production, member):
    """A POST is stopped before the view: the admin's deactivation of a user does not happen."""
    admin = member(Role.ADMIN)
    volunteer = member(Role.VOLUNTEER)
    client = logged_in(admin.user)

    response = client.post(f"/p/{admin.partnership.slug}/users/{volunteer.user.pk}/deactivate/")

    assert (response.status_code, response["Location"]) == (302, TOTP_ACTIVATE_URL)
    volunteer.user.refresh_from_db()
    assert volunteer.user.is_active is True


@pytest.mark.production
def test_a_superuser_without_membership_counts_as_staff(production, db):
    user = UserFactory.create(is_superuser=True)
    client = logged_in(user)

    response = client.get(HOME_URL)

    assert (response.status_code, response["Location"]) == (302, TOTP_ACTIVATE_URL)


@pytest.mark.production
def test_recovery_codes_alone_are_not_a_second_factor(production, member):
    membership = member(Role.COORDINATOR)
    RecoveryCodes.activate(membership.user)
    client = logged_in(membership.user)

    response = client.get(f"/p/{membership.partnership.slug}/")

    assert (response.status_code, response["Location"]) == (302, TOTP_ACTIVATE_URL)


@pytest.mark.production
def test_staff_without_totp_may_reach_enrolment_reauthentication_and_logout(production, member):
    membership = member(Role.MANAGER)
    client = logged_in(membership.user)  # no fresh login: enrolment asks for the password again

    activate = client.get(TOTP_ACTIVATE_URL)
    reauthenticate = client.get(REAUTHENTICATE_URL)
    logout = client.post("/accounts/logout/")

    assert (activate.status_code, activate["Location"]) == (
        302,
        f"{REAUTHENTICATE_URL}?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F",
    )
    assert reauthenticate.status_code == 200
    assert (logout.status_code, logout["Location"]) == (302, HOME_URL)
    assert "_auth_user_id" not in client.session


@pytest.mark.production
@pytest.mark.parametrize("role", NON_STAFF)
def test_volunteers_and_company_contacts_are_not_forced_to_enrol(production, member, role):
    membership = member(role)
    client = logged_in(membership.user)

    response = client.get(f"/p/{membership.partnership.slug}/")

    assert response.status_code == 200


@pytest.mark.production
def test_staff_with_totp_use_the_pages(production, staff_with_totp, partnership):
    user, _secret, _codes = staff_with_totp(Role.COORDINATOR)
    client = logged_in(user)

    response = client.get(f"/p/{partnership.slug}/")

    assert response.status_code == 200


@pytest.mark.parametrize("role", STAFF)
def test_in_development_staff_are_not_forced_to_enrol(settings, member, role):
    settings.VISES_DEV = True
    membership = member(role)
    client = logged_in(membership.user)

    response = client.get(f"/p/{membership.partnership.slug}/")

    assert response.status_code == 200


@pytest.mark.production
def test_first_login_of_staff_leads_through_enrolment_to_their_pages(production, member):
    """Log in with the password, get sent to enrolment, scan, type the code, see the codes."""
    membership = member(Role.COORDINATOR)
    user = membership.user
    client = Client()

    login = password_login(client, user.username, TEST_PASSWORD)
    home = client.get(HOME_URL)
    # Just logged in: the enrolment page does not ask for the password a second time.
    form = client.get(TOTP_ACTIVATE_URL)
    secret = client.session["mfa.totp.secret"]
    activated = client.post(TOTP_ACTIVATE_URL, {"code": totp_code(secret)})
    codes_page = client.get(RECOVERY_CODES_URL)
    start = client.get(f"/p/{membership.partnership.slug}/")

    assert (login.status_code, login["Location"]) == (302, HOME_URL)
    assert (home.status_code, home["Location"]) == (302, TOTP_ACTIVATE_URL)
    assert form.status_code == 200
    assert (activated.status_code, activated["Location"]) == (302, RECOVERY_CODES_URL)
    assert authenticator_types(user) == ["recovery_codes", "totp"]
    assert codes_page.status_code == 200
    unused = RecoveryCodes(
        Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert len(unused) == 10
    assert all(code in codes_page.content.decode() for code in unused)
    assert start.status_code == 200


@pytest.mark.production
def test_enrolment_long_after_login_asks_for_the_password_again(production, member, settings):
    membership = member(Role.COORDINATOR)
    client = Client()
    password_login(client, membership.user.username, TEST_PASSWORD)
    session = client.session
    records = session["account_authentication_methods"]
    records[-1]["at"] -= settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 1
    session["account_authentication_methods"] = records
    session.save()

    response = client.get(TOTP_ACTIVATE_URL)

    assert (response.status_code, response["Location"]) == (
        302,
        f"{REAUTHENTICATE_URL}?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F",
    )
