"""What the partnerships app shows on the start pages (vises.common.panels): the reminder that
the agreement's last period ends within six months, so the parties must decide on an
extension ("möjlighet till förlängning … om parterna är ense därom") or know it ends.

`register()` is called from PartnershipsConfig.ready().
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from vises.common.panels import Panel
from vises.common.panels import register as register_panel
from vises.partnerships import agreements
from vises.partnerships.access import Role


def today() -> date:
    """The local day (a function, so tests can move it)."""
    return timezone.localdate()


def agreement_decision_due(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    partnership = request.partnership  # type: ignore[attr-defined]  # set by partnership_view
    agreement = agreements.agreement_of(partnership=partnership)
    if agreement is None or not agreements.decision_due(agreement, today=today()):
        return None
    return {
        "ends_on": agreements.ends_on(agreement),
        "extensions_left": agreements.extensions_left(agreement),
        "extension_years": agreement.extension_years,
    }


PANELS = [
    Panel(
        "partnerships.agreement_decision_due",
        (f"start.{Role.COORDINATOR}", f"start.{Role.MANAGER}"),
        5,
        "partnerships/panels/agreement_decision_due.html",
        agreement_decision_due,
    ),
]


def register() -> None:
    for panel in PANELS:
        register_panel(panel)
