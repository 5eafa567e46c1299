"""The economy pages under /p/<slug>/economy/: the agreement's years, and per year the budget
against actuals with the cost entries. Views parse, call a service or selector, and render."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.common.forms import add_service_errors, flash_errors
from vises.economy import selectors, services
from vises.economy.budget import budget_for_year
from vises.economy.forms import CostEntryForm, HourlyRateForm
from vises.economy.models import CostEntry
from vises.partnerships import agreements
from vises.partnerships.access import PartnershipRequest, Perm, partnership_view
from vises.partnerships.models import Agreement


def _agreement_or_404(request: PartnershipRequest) -> Agreement:
    agreement = agreements.agreement_of(partnership=request.partnership)
    if agreement is None:
        raise Http404
    return agreement


def _covered_or_404(request: PartnershipRequest, year: int) -> Agreement:
    agreement = _agreement_or_404(request)
    if year not in agreements.covered_years(agreement):
        raise Http404
    return agreement


@partnership_view(Perm.VIEW_STATISTICS)
def economy_years(request: PartnershipRequest) -> HttpResponse:
    """Every year the agreement covers: budget, actual and whether it is approved."""
    agreement = agreements.agreement_of(partnership=request.partnership)
    rows: list[dict[str, Any]] = []
    if agreement is not None:
        approved = selectors.approved_years(partnership=request.partnership)
        for year in agreements.covered_years(agreement):
            rows.append(
                {"year": year, "budget": budget_for_year(year).total, "approved": year in approved}
            )
    return render(request, "economy/years.html", {"agreement": agreement, "rows": rows})


def _year_page(
    request: PartnershipRequest,
    year: int,
    *,
    cost_form: CostEntryForm | None = None,
    rate_form: HourlyRateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actuals = selectors.year_actuals(partnership=request.partnership, year=year)
    locked = actuals.approval is not None
    may_enter = request.membership.allows(Perm.OPERATE)
    may_approve = request.membership.allows(Perm.APPROVE_ECONOMY)
    context = {
        "year": year,
        "actuals": actuals,
        "costs": selectors.year_costs(partnership=request.partnership, year=year),
        "locked": locked,
        "cost_form": cost_form or (CostEntryForm() if may_enter and not locked else None),
        "rate_form": rate_form
        or (
            HourlyRateForm(initial={"rate": actuals.hourly_rate})
            if may_approve and not locked
            else None
        ),
        "may_approve": may_approve and not locked,
    }
    return render(request, "economy/year.html", context, status=status)


@partnership_view(Perm.VIEW_STATISTICS)
def economy_year(request: PartnershipRequest, year: int) -> HttpResponse:
    _covered_or_404(request, year)
    return _year_page(request, year)


@partnership_view(Perm.OPERATE)
@require_POST
def economy_cost_create(request: PartnershipRequest, year: int) -> HttpResponse:
    _covered_or_404(request, year)
    form = CostEntryForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            entry = services.cost_entry_create(
                partnership=request.partnership,
                category=form.cleaned_data["category"],
                spent_on=form.cleaned_data["spent_on"],
                amount=form.cleaned_data["amount"],
                description=form.cleaned_data["description"],
                attachment=form.cleaned_data["attachment"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The cost is recorded."))
            return redirect("economy_year", slug=request.partnership.slug, year=entry.spent_on.year)
    return _year_page(request, year, cost_form=form, status=400)


@partnership_view(Perm.APPROVE_ECONOMY)
@require_POST
def economy_rate_set(request: PartnershipRequest, year: int) -> HttpResponse:
    _covered_or_404(request, year)
    form = HourlyRateForm(request.POST)
    if form.is_valid():
        try:
            services.hourly_rate_set(
                partnership=request.partnership,
                year=year,
                rate=form.cleaned_data["rate"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The value of a volunteer hour is saved."))
            return redirect("economy_year", slug=request.partnership.slug, year=year)
    return _year_page(request, year, rate_form=form, status=400)


@partnership_view(Perm.APPROVE_ECONOMY)
@require_POST
def economy_year_approve(request: PartnershipRequest, year: int) -> HttpResponse:
    _covered_or_404(request, year)
    try:
        services.year_approve(partnership=request.partnership, year=year, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request, _("%(year)d is approved; the year is now locked.") % {"year": year}
        )
    return redirect("economy_year", slug=request.partnership.slug, year=year)


@partnership_view(Perm.VIEW_STATISTICS)
def economy_cost_attachment(request: PartnershipRequest, cost_id: int) -> HttpResponse:
    entry = CostEntry.objects.filter(partnership=request.partnership, pk=cost_id).first()
    if entry is None or not entry.attachment:
        raise Http404
    name = entry.attachment.name.rsplit("/", 1)[-1]
    with entry.attachment.open("rb") as stored:  # at most 10 MB (CostEntryForm)
        content = stored.read()
    response = HttpResponse(content, content_type=mimetypes.guess_type(name)[0] or "")
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    return response
