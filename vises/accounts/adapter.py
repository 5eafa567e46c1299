"""django-allauth adapters: nobody signs up on their own; staff are created by an admin."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context, ratelimit
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.encoding import force_str

from vises.common.middleware import client_address

PRODUCT_NAME = "Vi Ses!"

# Authenticators that count as a second factor (recovery codes only back them up).
SECOND_FACTOR_TYPES = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_second_factor(user: Any) -> bool:
    return is_mfa_enabled(user, SECOND_FACTOR_TYPES)


def _enrolling_since_login(request: HttpRequest | None) -> bool:
    """True within the reauthentication window after a login that no second factor guarded.

    That is a user with no second factor at login time: they enrol (and see their recovery
    codes) right after typing their password, without being asked for it again.
    """
    if request is None or not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    if not records:
        return False
    logged_in_at = float(records[-1]["at"])
    if time.time() - logged_in_at >= account_settings.REAUTHENTICATION_TIMEOUT:
        return False
    return not Authenticator.objects.filter(
        user_id=request.user.pk,
        type__in=SECOND_FACTOR_TYPES,
        created_at__lt=datetime.fromtimestamp(logged_in_at, tz=UTC),
    ).exists()


@dataclass(frozen=True)
class Product:
    """What allauth's e-mails call the site: the product's name and address, never the host
    the request came in on (a development server would show up as "127.0.0.1:8000")."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject: str) -> str:
        return f"{PRODUCT_NAME}: {force_str(subject)}"

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        site = Product(name=PRODUCT_NAME, domain=settings.VISES_BASE_URL)
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # Failed logins count per account *and* address together ("5/300s/key"), so that a
        # colleague's wrong password behind the same office address locks out nobody else and
        # a guesser elsewhere cannot lock the owner out; "…/ip" bounds one address over all.
        login = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{login}@{client_address(request)}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Too many failed logins for one account from one address, or from one address in
        all, answer 429, not a form error."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code != "too_many_login_attempts":
                raise
            raise ImmediateHttpResponse(ratelimit.respond_429(request)) from error

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        # Staff who must enrol a second factor have just typed their password: do not ask for
        # it again on the enrolment page (allauth counts only an explicit reauthentication).
        if app == "allauth.mfa" and _enrolling_since_login(context.request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        return PRODUCT_NAME
