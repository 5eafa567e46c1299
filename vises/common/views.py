"""Public pages that belong to no domain: the front page, health check and error pages."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from vises.cafes.views.public import HOME_PAGE_CAFES, public_cafe_cards
from vises.partnerships.selectors import memberships_of_user


def home(request: HttpRequest) -> HttpResponse:
    """The public front page; a logged-in user goes to their partnership's start page."""
    if request.user.is_authenticated:
        memberships = list(memberships_of_user(user=request.user))
        if len(memberships) == 1:
            return redirect("partnership_start", slug=memberships[0].partnership.slug)
        return render(request, "common/choose_partnership.html", {"memberships": memberships})
    return render(request, "common/home.html", {"cards": public_cafe_cards(limit=HOME_PAGE_CAFES)})


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
