"""What the steering app shows on the start pages (vises.common.panels): a warning on the
coordinator's, the manager's and the municipal member's start page while the current calendar
year has (held and planned together) fewer than the two meetings the agreement asks for:
"Styrgruppen sammanträder två gånger om året" (the signed agreement,
seeds/001_4c89f7ac864d56f0.txt, "Organisation och Samverkan").

`register()` is called from SteeringConfig.ready().
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from vises.common.panels import Panel
from vises.common.panels import register as register_panel
from vises.partnerships.access import Perm, Role
from vises.steering import selectors


def now() -> datetime:
    """The moment (a function, so tests can move it)."""
    return timezone.now()


def meetings_short(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    partnership = request.partnership  # type: ignore[attr-defined]  # set by partnership_view
    moment = now()
    count = selectors.year_count(
        partnership=partnership, year=timezone.localdate(moment).year, now=moment
    )
    if not count.short:
        return None
    membership = request.membership  # type: ignore[attr-defined]
    return {
        "steering_count": count,
        "steering_required": selectors.MEETINGS_PER_YEAR,
        "steering_may_plan": membership.allows(Perm.STEERING_EDIT),
    }


PANELS = [
    Panel(
        "steering.meetings_short",
        (f"start.{Role.COORDINATOR}", f"start.{Role.MANAGER}", f"start.{Role.MUNICIPAL}"),
        7,
        "steering/panels/meetings_short.html",
        meetings_short,
    ),
]


def register() -> None:
    for panel in PANELS:
        register_panel(panel)
