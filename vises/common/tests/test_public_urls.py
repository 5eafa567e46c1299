"""Every address outside /p/<slug>/ is listed here as public or as needing a login, so a new
public address is added knowingly (Zulip's habit). Partnership pages are covered by
partnerships/tests/test_permissions.py."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# name: (an address, what an anonymous visitor gets: status and where a redirect goes)
PUBLIC = {
    "home": ("/", 200, None),
    "healthz": ("/healthz", 200, None),
    "set_language": ("/i18n/setlang/", 302, "/"),
    "account_login": ("/accounts/login/", 200, None),
    "account_logout": ("/accounts/logout/", 302, "/"),
    "account_inactive": ("/accounts/inactive/", 200, None),
    "account_signup": ("/accounts/signup/", 200, None),  # says sign-up is closed
    "account_email_verification_sent": ("/accounts/confirm-email/", 200, None),
    "account_confirm_email": ("/accounts/confirm-email/some-key/", 200, None),
    "account_reset_password": ("/accounts/password/reset/", 200, None),
    "account_reset_password_done": ("/accounts/password/reset/done/", 200, None),
    "account_reset_password_from_key": ("/accounts/password/reset/key/1-some-key/", 200, None),
    "account_reset_password_from_key_done": ("/accounts/password/reset/key/done/", 200, None),
    "account_request_login_code": ("/accounts/login/code/", 200, None),
    "account_confirm_login_code": ("/accounts/login/code/confirm/", 302, "/accounts/login/code/"),
    "mfa_authenticate": ("/accounts/2fa/authenticate/", 302, "/accounts/login/"),
    "privacy_notice": ("/privacy/", 200, None),
    "accessibility_statement": ("/accessibility/", 200, None),
    # A person's own pages open with a signed link; a bad one gets the page offering a new one.
    "self_service_request_link": ("/me/", 200, None),
    "self_service_erased": ("/me/erased/", 200, None),
    "self_service_home": ("/me/not-a-link/", 200, None),
    "self_service_change": ("/me/not-a-link/change/email/", 200, None),
    "self_service_consent": ("/me/not-a-link/consent/", 200, None),
    "self_service_download_json": ("/me/not-a-link/my-data.json", 200, None),
    "self_service_download_pdf": ("/me/not-a-link/my-data.pdf", 200, None),
    "self_service_erase": ("/me/not-a-link/erase/", 200, None),
    "self_service_concern": ("/me/not-a-link/concern/", 200, None),
    "self_service_concern_sent": ("/me/not-a-link/concern/sent/", 200, None),
    # The SMS provider's webhooks (docs/sms.md): a wrong token is not found.
    "sms_delivery_status": ("/sms/not-the-token/delivered/", 404, None),
    "sms_inbound": ("/sms/not-the-token/inbound/", 404, None),
    # The API answers JSON; its own tests (vises/api/tests) check every answer exactly.
    "api-root": ("/api/v1/", 404, None),
    "api-unknown": ("/api/v1/no-such-thing", 404, None),
    "openapi-json": ("/api/v1/openapi.json", 200, None),
    "list_cafes": ("/api/v1/cafes", 200, None),
    "create_registration": ("/api/v1/cafes/1/registrations", 405, None),  # POST only
    "year_statistics": ("/api/v1/stats?year=2025", 401, None),  # a Bearer token, no session
    # The public café calendar and sign-up (no café 1 in an empty database).
    "cafes_public_calendar": ("/cafes/", 200, None),
    "cafes_public_detail": ("/cafes/1/", 404, None),
    "cafes_public_signup": ("/cafes/1/signup/", 404, None),
    "cafes_public_about_you": ("/cafes/1/signup/about-you/", 405, None),  # POST only
    # A person's registration opens with a signed link; a bad one gets a friendly page.
    "registration_link": ("/r/not-a-link/", 200, None),
    "registration_cancel": ("/r/not-a-link/cancel/", 200, None),
    "registration_language": ("/r/not-a-link/language/", 200, None),
    # An invitation is answered through the registration's signed link; a bad one is not found
    # (with the page offering a new link), and the answers are buttons (POST only).
    "invitation_page": ("/invitations/not-a-link/", 404, None),
    "invitation_accept": ("/invitations/not-a-link/accept/", 405, None),
    "invitation_decline": ("/invitations/not-a-link/decline/", 405, None),
    # A language-friend proposal is answered by each side through its signed link (buttons that
    # POST); the follow-up form too. A bad link is not found.
    "pair_answer": ("/friends/not-a-link/", 404, None),
    "pair_accept": ("/friends/not-a-link/accept/", 405, None),
    "pair_decline": ("/friends/not-a-link/decline/", 405, None),
    "pair_followup": ("/friends/follow-up/not-a-link/", 404, None),
    # A volunteer's calendar feed: the signed token is the key; a bad one is not found.
    "volunteer_calendar_feed": ("/feeds/volunteer/not-a-token.ics", 404, None),
    # After the café: a participant's feedback and the employees' language-friend form open
    # with signed links; a bad one gets a friendly page.
    "cafe_feedback": ("/feedback/not-a-link/", 200, None),
    "cafe_friend_signup": ("/feedback/cafes/1/friend/not-a-link/", 200, None),
    # A company says it would like to host a café (no partnership in an empty database).
    "companies_host": ("/host/", 200, None),
    "companies_host_interest": ("/host/no-such-partnership/", 404, None),
    "companies_host_thanks": ("/host/no-such-partnership/thanks/", 404, None),
    # Municipal staff refer a person the same way (no partnership in an empty database).
    "people_referral": ("/refer/", 200, None),
    "people_referral_form": ("/refer/no-such-partnership/", 404, None),
    "people_referral_thanks": ("/refer/no-such-partnership/thanks/", 404, None),
}

LOGIN_REQUIRED = {
    "account_reauthenticate": "/accounts/reauthenticate/",
    "account_email": "/accounts/email/",
    "account_change_password": "/accounts/password/change/",
    "account_set_password": "/accounts/password/set/",
    "mfa_index": "/accounts/2fa/",
    "mfa_reauthenticate": "/accounts/2fa/reauthenticate/",
    "mfa_activate_totp": "/accounts/2fa/totp/activate/",
    "mfa_deactivate_totp": "/accounts/2fa/totp/deactivate/",
    "mfa_view_recovery_codes": "/accounts/2fa/recovery-codes/",
    "mfa_generate_recovery_codes": "/accounts/2fa/recovery-codes/generate/",
    "mfa_download_recovery_codes": "/accounts/2fa/recovery-codes/download/",
    "usersessions_list": "/accounts/sessions/",
}

PARTNERSHIP_PREFIX = "p/<slug:slug>/"


def url_patterns() -> Iterator[tuple[str, URLPattern]]:
    def walk(patterns: list, prefix: str) -> Iterator[tuple[str, URLPattern]]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route, pattern

    yield from walk(get_resolver().url_patterns, "")


@pytest.fixture(autouse=True)
def _login_cache(settings) -> None:
    # allauth's rate limits need a cache; the database cache table is not in test setup.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_every_address_outside_the_partnership_pages_is_listed():
    found = {
        pattern.name or route
        for route, pattern in url_patterns()
        if not route.startswith(PARTNERSHIP_PREFIX)
    }

    assert set(PUBLIC).isdisjoint(LOGIN_REQUIRED)
    assert sorted(found - set(PUBLIC) - set(LOGIN_REQUIRED)) == [], "add them to a list above"
    assert sorted((set(PUBLIC) | set(LOGIN_REQUIRED)) - found) == [], "listed but gone"


@pytest.mark.parametrize(("name", "expected"), PUBLIC.items(), ids=list(PUBLIC))
def test_public_addresses_answer_anonymous_visitors(db, name, expected):
    path, status, location = expected

    response = Client().get(path)

    assert response.status_code == status
    assert response.get("Location") == location


@pytest.mark.parametrize(("name", "path"), LOGIN_REQUIRED.items(), ids=list(LOGIN_REQUIRED))
def test_other_addresses_send_anonymous_visitors_to_the_login_page(db, name, path):
    response = Client().get(path)

    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert location.path == "/accounts/login/"
    assert parse_qs(location.query) == {"next": [path]}
