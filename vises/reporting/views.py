"""The statistics pages under /p/<slug>/statistics/: the dashboard with its period filter, its
charts (SVG, served as images) and its downloads (CSV, XLSX). Coordinators and managers see
exact counts on the page; the municipal role, and every download, the suppressed tables."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from vises.common import audit
from vises.partnerships.access import PartnershipRequest, Perm, Role, partnership_view
from vises.reporting import dashboards, downloads
from vises.reporting.charts import chart_svg
from vises.reporting.forms import PeriodForm

# The roles that see exact counts on their own screens; every other role the suppressed ones.
EXACT_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})


def _suppressed(request: PartnershipRequest) -> bool:
    return request.membership.role not in EXACT_ROLES


def _period_form(request: PartnershipRequest) -> PeriodForm:
    """The filter from the query string; the current calendar year when none is given."""
    if "start" in request.GET or "end" in request.GET:
        return PeriodForm(request.GET)
    start, end = dashboards.this_year(timezone.localdate())
    return PeriodForm({"start": start.isoformat(), "end": end.isoformat()})


def _query(start: date, end: date) -> str:
    return urlencode({"start": start.isoformat(), "end": end.isoformat()})


@partnership_view(Perm.VIEW_STATISTICS)
def statistics_dashboard(request: PartnershipRequest) -> HttpResponse:
    """Every table of the period beside the previous year's; a bad period shows its message
    and nothing else."""
    form = _period_form(request)
    today = timezone.localdate()
    context: dict[str, object] = {
        "form": form,
        "presets": [
            (_("This year"), _query(*dashboards.this_year(today))),
            (_("Last year"), _query(*dashboards.last_year(today))),
        ],
    }
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        board = dashboards.dashboard(
            partnership=request.partnership,
            start=start,
            end=end,
            suppressed=_suppressed(request),
        )
        context.update(
            board=board,
            query=_query(start, end),
            operations=not board.suppressed,
        )
    return render(request, "reporting/dashboard.html", context)


def _board_or_400(
    request: PartnershipRequest, *, suppressed: bool, names: tuple[str, ...] | None = None
) -> dashboards.Dashboard | None:
    form = _period_form(request)
    if not form.is_valid():
        return None
    return dashboards.dashboard(
        partnership=request.partnership,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        suppressed=suppressed,
        names=names,
    )


@partnership_view(Perm.VIEW_STATISTICS)
def statistics_chart(request: PartnershipRequest, chart: str) -> HttpResponse:
    """One table's chart, suppressed as on the member's own dashboard."""
    if chart not in dashboards.CHARTS:
        raise Http404
    board = _board_or_400(request, suppressed=_suppressed(request), names=(chart,))
    if board is None:
        return HttpResponseBadRequest(_("The period is not valid."))
    shown = board.table(chart)
    svg = chart_svg(
        shown.stat(shown.current),
        shown.stat(shown.previous),
        title=str(dashboards.CHARTS[chart]),
        legend=(shown.current.text, shown.previous.text),
    )
    return HttpResponse(svg, content_type="image/svg+xml")


def _download(request: PartnershipRequest, kind: str) -> HttpResponse | dashboards.Dashboard:
    board = _board_or_400(request, suppressed=True)  # a download is an export: always suppressed
    if board is None:
        return HttpResponseBadRequest(_("The period is not valid."))
    audit.log(
        request.user,
        "reporting.statistics.exported",
        partnership=request.partnership,
        fields=[kind],
    )
    return board


def _attachment(
    body: bytes, content_type: str, board: dashboards.Dashboard, kind: str
) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    name = f"statistik-{board.start.isoformat()}-{board.end.isoformat()}.{kind}"
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response


@partnership_view(Perm.VIEW_STATISTICS)
def statistics_csv(request: PartnershipRequest) -> HttpResponse:
    board = _download(request, "csv")
    if isinstance(board, HttpResponse):
        return board
    return _attachment(downloads.csv_bytes(board), "text/csv; charset=utf-8", board, "csv")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@partnership_view(Perm.VIEW_STATISTICS)
def statistics_xlsx(request: PartnershipRequest) -> HttpResponse:
    board = _download(request, "xlsx")
    if isinstance(board, HttpResponse):
        return board
    return _attachment(downloads.xlsx_bytes(board), XLSX, board, "xlsx")
