"""Request middleware of cross-cutting concerns."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from vises.common import audit


def client_address(request: HttpRequest) -> str:
    """The client's address: X-Forwarded-For only when the peer is a trusted proxy.

    Walks the header from the right, skipping trusted proxies, so a client cannot
    forge its address by sending its own X-Forwarded-For.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.VISES_TRUSTED_PROXIES
    if not trusted or not _in_networks(remote, trusted):
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    for hop in reversed(forwarded):
        if not _in_networks(hop, trusted):
            return hop if _is_ip(hop) else remote
    return forwarded[0] if forwarded and _is_ip(forwarded[0]) else remote


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _in_networks(value: str, networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return False
    return any(address in network for network in networks)


class TrustedProxyMiddleware:
    """Sets REMOTE_ADDR to the real client, for rate limits and the audit log alike."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = client_address(request)
        request.META["REMOTE_ADDR"] = address
        token = audit.client_ip.set(address or None)
        try:
            return self.get_response(request)
        finally:
            audit.client_ip.reset(token)


class NoStoreMiddleware:
    """`Cache-Control: no-store, private` on every answer of ours (static files, served by
    whitenoise before this, keep theirs): pages with personal data must stay in no cache, not
    the browser's, not a proxy's, and one rule for all cannot forget a page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response


class LanguageParameterMiddleware:
    """`?lang=xx` on a page opens it in that language and remembers the choice in the language
    cookie, as /i18n/setlang/ would: a printed QR code (vises.cafes.posters) leads a reader
    straight to the sign-up in the language of the poster's text they read. A code we do not
    have is ignored, so the page keeps the language of the cookie or `Accept-Language`.
    Placed after LocaleMiddleware, which chose the language before."""

    PARAMETER = "lang"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        code = request.GET.get(self.PARAMETER, "") if request.method in ("GET", "HEAD") else ""
        if code not in dict(settings.LANGUAGES):
            return self.get_response(request)
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=cast(Any, settings.LANGUAGE_COOKIE_SAMESITE),
        )
        return response
