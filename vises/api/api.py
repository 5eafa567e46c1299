"""The HTTP API under /api/v1/ (django-ninja). It ignores session cookies (no CSRF), speaks
JSON only and authenticates staff by Bearer token; public endpoints need no token."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from vises.api import cafes, stats
from vises.api.errors import error_response, not_found
from vises.api.middleware import body_too_large


@csrf_exempt
def unknown_path(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return not_found(request, Http404())


def _json_not_allowed(view: Callable[..., Any]) -> Callable[..., Any]:
    """ninja answers a wrong method in plain text; the API answers JSON errors only."""

    @wraps(view)  # keeps ninja's csrf_exempt mark
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            answer = error_response(
                405, "method_not_allowed", _("This method is not allowed here.")
            )
            answer["Allow"] = response["Allow"]
            return answer
        return response

    return wrapper


class ViSesAPI(NinjaAPI):
    """Every answer under /api/v1/ is JSON, unknown addresses and wrong methods too."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        result: list[URLResolver | URLPattern] = []
        for pattern in super()._get_urls():
            if isinstance(pattern, URLPattern):
                if pattern.name == "api-root":
                    pattern = path("", unknown_path, name="api-root")
                else:
                    pattern.callback = _json_not_allowed(pattern.callback)
            result.append(pattern)
        result.append(re_path(r"^.+$", unknown_path, name="api-unknown"))
        return result


api = ViSesAPI(
    title="Vi Ses! API",
    version="1",
    urls_namespace="api",
    auth=None,
    docs_url=None,
)
api.add_router("/", cafes.router)
api.add_router("/", stats.router)


@api.exception_handler(Http404)
def unknown(request: HttpRequest, exc: Http404) -> HttpResponse:
    return not_found(request, exc)


def _field_message(error: dict[str, Any]) -> str:
    """pydantic's English message in the caller's language, by the error's type."""
    kind = str(error.get("type", ""))
    if kind == "invalid_text":  # ours, already translated
        return str(error.get("msg", ""))
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("bool"):
        return _("Answer true or false.")
    if kind.startswith("string") or kind.startswith("str"):
        return _("Write this as text.")
    return _("This value is not valid.")


@api.exception_handler(NinjaValidationError)
def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, str] = {}
    for error in exc.errors:
        location = [
            str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query")
        ]
        fields.setdefault(".".join(location) or "body", _field_message(error))
    return error_response(
        400, "invalid", _("The request is not valid JSON of the right shape."), fields
    )


@api.exception_handler(RequestDataTooBig)
def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return body_too_large()


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(401, "unauthenticated", _("A valid Bearer token is required."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        return error_response(
            400, "invalid", _("The request is not valid JSON of the right shape.")
        )
    code = {404: "not_found", 405: "method_not_allowed", 429: "rate_limited"}.get(
        exc.status_code, "error"
    )
    return error_response(exc.status_code, code, str(exc))
