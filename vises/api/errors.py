"""The API's one error shape: {"error": {"code", "message", "fields"?}} with a 4xx status."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse


def error_response(
    status: int, code: str, message: str, fields: dict[str, str] | None = None
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return JsonResponse({"error": body}, status=status)


def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    from django.utils.translation import gettext as _

    return error_response(404, "not_found", _("Not found."))
