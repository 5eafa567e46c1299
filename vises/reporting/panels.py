"""What reporting shows on pages other apps own (vises.common.panels): a few key figures of
the current calendar year on the municipal start page, suppressed as on the municipal
dashboard (the same tables published beside the same previous year), with a link to it; the
impact statement's years on the company contact's start page and on a company's staff page.

`register()` is called from ReportingConfig.ready().
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vises.common.panels import Panel
from vises.common.panels import register as register_panel
from vises.companies.selectors import contact_company
from vises.partnerships.access import Role
from vises.reporting import dashboards
from vises.reporting.impact import impact_years

# The key figures: a table's grand total (every person counted once), with its heading.
KEY_FIGURES = {
    "participants_by_age": _("Participants"),
    "attendances": _("Attendances"),
    "friends_by_age": _("Language friends recruited"),
    "pairs_active": _("Pairs active"),
}


def key_figures(request: HttpRequest, _obj: Any) -> dict[str, Any] | None:
    start, end = dashboards.this_year(timezone.localdate())
    board = dashboards.dashboard(
        partnership=request.partnership,  # type: ignore[attr-defined]
        start=start,
        end=end,
        suppressed=True,
        names=tuple(KEY_FIGURES),
    )
    figures = []
    for shown in board.tables:
        now, before = shown.current.table, shown.previous.table
        figures.append((str(KEY_FIGURES[shown.name]), now.grand_total, before.grand_total))
    return {"figures": figures, "board": board}


def impact_own(request: HttpRequest, _obj: Any) -> dict[str, Any] | None:
    """The company contact's start page: their company's statement for each year."""
    company = contact_company(
        user=request.user,
        partnership=request.partnership,  # type: ignore[attr-defined]
    )
    if company is None:
        return None
    return {"years": impact_years(company=company), "company": None}


def impact_company(request: HttpRequest, company: Any) -> dict[str, Any] | None:
    """A host company's page for staff: the statement the company can download, per year."""
    return {"years": impact_years(company=company), "company": company}


PANELS = [
    Panel(
        "reporting.impact_own",
        (f"start.{Role.COMPANY}",),
        20,
        "reporting/panels/impact.html",
        impact_own,
    ),
    Panel(
        "reporting.impact_company",
        ("companies.company",),
        60,
        "reporting/panels/impact.html",
        impact_company,
    ),
    Panel(
        "reporting.key_figures",
        (f"start.{Role.MUNICIPAL}",),
        10,
        "reporting/panels/key_figures.html",
        key_figures,
    ),
]


def register() -> None:
    for panel in PANELS:
        register_panel(panel)
