"""Refuse an API request whose body is too large before anything reads it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from vises.api.errors import error_response

API_PREFIX = "/api/"
# A sign-up is a few hundred bytes; nothing the API takes comes near this.
MAX_BODY_BYTES = 64 * 1024


def body_too_large() -> HttpResponse:
    return error_response(
        413,
        "too_large",
        _("The request body is too large (at most %(size)s kB).")
        % {"size": MAX_BODY_BYTES // 1024},
    )


class ApiBodyLimitMiddleware:
    """413 in the API's JSON error shape for a declared body over MAX_BODY_BYTES, before the
    body is read, parsed or counted against a rate limit. A body sent without a length is cut
    off by Django's DATA_UPLOAD_MAX_MEMORY_SIZE and answered the same (vises.api.api)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > MAX_BODY_BYTES:
                return body_too_large()
        return self.get_response(request)
