"""Session limits and the second-factor requirement for staff (allauth has no switch for it)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from vises.accounts.adapter import has_second_factor
from vises.partnerships.access import user_is_staff

LOGIN_AT_KEY = "vises_login_at"

# Paths a staff user without a second factor may still reach: enrolment itself and logout.
ENROLMENT_PATH_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/static/",
    "/i18n/",
)


def htmx_aware_redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that also works for htmx requests, which would otherwise swap in the page."""
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class SessionLimitsMiddleware:
    """Ends a session 12 hours after login, however active (the idle limit is the cookie age)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            login_at = request.session.get(LOGIN_AT_KEY)
            if login_at is None:
                request.session[LOGIN_AT_KEY] = time.time()
            elif time.time() - float(login_at) > settings.VISES_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                if request.headers.get("HX-Request") == "true":
                    return htmx_aware_redirect(request, reverse("account_login"))
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Staff must enrol a second factor before anything else, outside VISES_DEV.

    Recovery codes alone do not count: they back up a TOTP authenticator, they are not one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not settings.VISES_DEV
            and request.user.is_authenticated
            and not request.path.startswith(ENROLMENT_PATH_PREFIXES)
            and user_is_staff(request.user)
            and not has_second_factor(request.user)
        ):
            return htmx_aware_redirect(request, reverse("mfa_activate_totp"))
        return self.get_response(request)
