"""The recruitment targets page, /p/<slug>/statistics/targets/: a year's targets for language
friends beside those recruited so far, and (for operations) a form per dimension to set them.
The counts are read from the same dashboard the statistics page shows, suppressed alike for the
municipal role, so neither page reveals what the other hides."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.common.forms import add_service_errors
from vises.matching.models import RecruitmentTarget
from vises.matching.services.targets import YEARS, target_set
from vises.partnerships.access import PartnershipRequest, Perm, partnership_view, role_has
from vises.reporting import dashboards
from vises.reporting.forms import TargetForm
from vises.reporting.statistics import TARGET_TABLES
from vises.reporting.views import _suppressed

Dimension = RecruitmentTarget.Dimension


def _year(request: PartnershipRequest, key: str = "year") -> int:
    """The year asked for (?year=, or the form's), else this year; a year out of range is
    this year too."""
    try:
        year = int(request.GET.get(key) or request.POST.get(key) or 0)
    except ValueError:
        year = 0
    return year if year in YEARS else timezone.localdate().year


def _blank(year: int, dimension: str) -> TargetForm:
    return TargetForm(initial={"year": year, "dimension": dimension}, dimension=dimension)


def _page(
    request: PartnershipRequest, year: int, forms: dict[str, TargetForm] | None = None
) -> HttpResponse:
    board = dashboards.dashboard(
        partnership=request.partnership,
        start=date(year, 1, 1),
        end=date(year, 12, 31),
        suppressed=_suppressed(request),
        names=tuple(dict.fromkeys(name for name, _axis in TARGET_TABLES.values())),
    )
    may_set = role_has(request.membership.role, Perm.OPERATE)
    forms = forms or {}
    context = {
        "year": year,
        "board": board,
        "lines": board.targets,
        "may_set": may_set,
        "forms": [
            (label, forms.get(value) or _blank(year, value)) for value, label in Dimension.choices
        ]
        if may_set
        else [],
        "previous_year": year - 1 if year - 1 in YEARS else None,
        "next_year": year + 1 if year + 1 in YEARS else None,
    }
    return render(request, "reporting/targets.html", context, status=400 if forms else 200)


@partnership_view(Perm.VIEW_STATISTICS)
def statistics_targets(request: PartnershipRequest) -> HttpResponse:
    return _page(request, _year(request))


@partnership_view(Perm.OPERATE)
@require_POST
def statistics_targets_set(request: PartnershipRequest) -> HttpResponse:
    """Set one target (0 removes it); a refusal shows the page again with the message beside
    the field and what was typed kept."""
    dimension = request.POST.get("dimension", "")
    if dimension not in Dimension.values:
        dimension = Dimension.LANGUAGE
    form = TargetForm(request.POST, dimension=dimension)
    year = _year(request, f"{dimension}-year")
    if form.is_valid():
        try:
            target = target_set(
                partnership=request.partnership,
                year=form.cleaned_data["year"],
                dimension=dimension,
                group=form.cleaned_data["group"],
                friends=form.cleaned_data["friends"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The target is saved.") if target is not None else _("The target is removed."),
            )
            url = reverse("statistics_targets", kwargs={"slug": request.partnership.slug})
            return redirect(f"{url}?year={form.cleaned_data['year']}")
    return _page(request, year, {dimension: form})
