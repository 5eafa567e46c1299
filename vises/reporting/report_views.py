"""The annual report's pages under /p/<slug>/reports/: the years, one year's report (its
narratives, sign-offs, versions and files), and a file being made with its progress.
Views parse, call a service or selector, and render."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.common.forms import flash_errors
from vises.partnerships import agreements
from vises.partnerships.access import PartnershipRequest, Perm, partnership_view
from vises.reporting import selectors, services
from vises.reporting.annual import AGREEMENT_QUOTE, FIRST_YEAR, LAST_YEAR, NARRATIVE_KEYS
from vises.reporting.documents import CONTENT_TYPES, filename
from vises.reporting.models import ReportFile
from vises.reporting.report_forms import NarrativesForm


def _year_or_404(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


def _years(request: PartnershipRequest) -> list[int]:
    """The agreement's years; without an agreement, last year and this one."""
    agreement = agreements.agreement_of(partnership=request.partnership)
    if agreement is not None:
        return list(reversed(agreements.covered_years(agreement)))
    this_year = timezone.localdate().year
    return [this_year, this_year - 1]


@partnership_view(Perm.VIEW_STATISTICS)
def report_years(request: PartnershipRequest) -> HttpResponse:
    """Every year with its report's current version and whether it is signed (two queries
    for the reports, whatever the number of years)."""
    years = _years(request)
    current = selectors.current_versions(partnership=request.partnership, years=years)
    rows = [{"year": year, "report": current.get(year)} for year in years]
    return render(request, "reporting/years.html", {"rows": rows, "quote": AGREEMENT_QUOTE})


def _year_page(
    request: PartnershipRequest, year: int, *, form: NarrativesForm | None = None, status: int = 200
) -> HttpResponse:
    partnership = request.partnership
    report = selectors.current_version(partnership=partnership, year=year)
    content = selectors.report_content(partnership=partnership, year=year)
    may_write = request.membership.allows(Perm.OPERATE)
    signed_roles = {s["role"] for s in content["version"]["signoffs"]}
    # The role is what the sign-off records (which party signed), not what lets one sign.
    may_sign = (
        request.membership.allows(Perm.SIGN_REPORT) and request.membership.role not in signed_roles
    )
    if form is None and may_write:
        form = NarrativesForm(
            initial={section["key"]: section["text"] for section in content["narratives"]}
        )
    context = {
        "year": year,
        "content": content,
        "report": report,
        "form": form if may_write else None,
        "may_sign": may_sign,
        "versions": selectors.versions(partnership=partnership, year=year),
        "frozen": report is not None and report.frozen,
    }
    return render(request, "reporting/year.html", context, status=status)


@partnership_view(Perm.VIEW_STATISTICS)
def report_year(request: PartnershipRequest, year: int) -> HttpResponse:
    return _year_page(request, _year_or_404(year))


@partnership_view(Perm.OPERATE)
@require_POST
def report_narratives(request: PartnershipRequest, year: int) -> HttpResponse:
    year = _year_or_404(year)
    form = NarrativesForm(request.POST)
    if not form.is_valid():
        return _year_page(request, year, form=form, status=400)
    before = selectors.current_version(partnership=request.partnership, year=year)
    report = before
    for key in NARRATIVE_KEYS:
        report = services.narrative_update(
            partnership=request.partnership,
            year=year,
            key=key,
            text=form.cleaned_data[key],
            actor=request.user,
        )
    if report is not None and before is not None and report.version != before.version:
        messages.success(
            request,
            _("Version %(version)d was signed, so the change is saved as version %(new)d.")
            % {"version": before.version, "new": report.version},
        )
    else:
        messages.success(request, _("The sections are saved."))
    return redirect("reporting_year", slug=request.partnership.slug, year=year)


@partnership_view(Perm.SIGN_REPORT)
@require_POST
def report_sign(request: PartnershipRequest, year: int) -> HttpResponse:
    year = _year_or_404(year)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0
    try:
        services.report_sign(
            partnership=request.partnership,
            year=year,
            version=version,
            role=request.membership.role,
            user=cast(User, request.user),  # partnership_view let only a logged-in member in
            actor=request.user,
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("You have signed version %(version)d.") % {"version": version})
    return redirect("reporting_year", slug=request.partnership.slug, year=year)


@partnership_view(Perm.VIEW_STATISTICS)
@require_POST
def report_file_request(request: PartnershipRequest, year: int) -> HttpResponse:
    year = _year_or_404(year)
    try:
        file = services.report_file_request(
            partnership=request.partnership,
            year=year,
            fmt=request.POST.get("format", ""),
            actor=request.user,
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("reporting_year", slug=request.partnership.slug, year=year)
    return redirect("reporting_file", slug=request.partnership.slug, file_id=file.pk)


@partnership_view(Perm.VIEW_STATISTICS)
def report_file(request: PartnershipRequest, file_id: int) -> HttpResponse:
    """The file being made: the page asks again every two seconds (htmx) until it is ready."""
    file = selectors.report_file(partnership=request.partnership, file_id=file_id)
    if file is None:
        raise Http404
    template = (
        "reporting/_file_status.html"
        if request.headers.get("HX-Request")
        else "reporting/file.html"
    )
    return render(
        request, template, {"file": file, "pending": file.status == ReportFile.Status.PENDING}
    )


@partnership_view(Perm.VIEW_STATISTICS)
def report_file_download(request: PartnershipRequest, file_id: int) -> HttpResponse:
    file = selectors.report_file_data(partnership=request.partnership, file_id=file_id)
    if file is None or file.data is None:
        raise Http404
    name = filename(
        {"year": file.report.year, "version": {"number": file.report.version}},
        file.format,
        request.partnership.slug,
    )
    response = HttpResponse(bytes(file.data), content_type=CONTENT_TYPES[file.format])
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response
