"""Public pages that belong to no domain: the front page, health check and error pages."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from vises.common import navigation, panels
from vises.common.access import public_view


@public_view
def home(request: HttpRequest) -> HttpResponse:
    """The public front page with the sections the apps registered (slot `home`); a
    logged-in user gets the page the registered landing gives (their start page)."""
    landing = navigation.landing()
    if request.user.is_authenticated and landing is not None:
        return landing(request)
    return render(request, "common/home.html", {"panels": panels.for_slot("home", request)})


@public_view
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database or a template tag may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
