"""The public "host a café" interest form at /host/ (no login, rate-limited)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from vises.common.access import public_view
from vises.common.forms import add_service_errors
from vises.common.middleware import client_address
from vises.common.ratelimit import allow
from vises.companies.forms import InterestForm
from vises.companies.services import interest_register
from vises.partnerships.models import Partnership
from vises.partnerships.views import partnership_choose

INTEREST_LIMIT = 10
INTEREST_WINDOW_SECONDS = 3600


@public_view
@require_GET
def host_choose(request: HttpRequest) -> HttpResponse:
    """The form of the only partnership, or the list to choose from when there are several."""
    return partnership_choose(
        request, url_name="companies_host_interest", template="companies/public/choose.html"
    )


@public_view
@require_http_methods(["GET", "POST"])
def host_interest(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise Http404
    if request.method == "POST" and not allow(
        scope="host-interest",
        key=client_address(request),
        limit=INTEREST_LIMIT,
        window_seconds=INTEREST_WINDOW_SECONDS,
    ):
        return render(request, "429.html", status=429)
    form = InterestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            interest_register(partnership=partnership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("companies_host_thanks", slug=partnership.slug)
    return render(
        request, "companies/public/interest.html", {"form": form, "partnership": partnership}
    )


@public_view
@require_GET
def host_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise Http404
    return render(request, "companies/public/thanks.html", {"partnership": partnership})
