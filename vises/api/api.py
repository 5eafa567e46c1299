"""The HTTP API under /api/v1/ (django-ninja). It ignores session cookies (no CSRF), speaks
JSON only and authenticates staff by Bearer token; public endpoints need no token."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from vises.api import cafes
from vises.api.errors import error_response

api = NinjaAPI(
    title="Vi Ses! API",
    version="1",
    urls_namespace="api",
    auth=None,
    docs_url=None,
)
api.add_router("/", cafes.router)


@api.exception_handler(NinjaValidationError)
def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, str] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "payload")]
        fields[".".join(location) or "body"] = str(error.get("msg", ""))
    return error_response(
        400, "invalid", _("The request is not valid JSON of the right shape."), fields
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(401, "unauthenticated", _("A valid Bearer token is required."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        return error_response(400, "invalid", _("The request is not valid JSON of the right shape."))
    code = {404: "not_found", 405: "method_not_allowed", 429: "rate_limited"}.get(
        exc.status_code, "error"
    )
    return error_response(exc.status_code, code, str(exc))
