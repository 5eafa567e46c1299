"""What the people app shows on pages that other apps own (vises.common.panels): the concerns
waiting on the coordinator's list of things to do. Registered from PeopleConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from vises.common.panels import Panel
from vises.common.panels import register as register_panel
from vises.partnerships.access import Role
from vises.people.dashboard import open_concerns_count
from vises.people.outbox.panel import person_messages


def open_concerns(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    count = open_concerns_count(partnership=request.partnership)  # type: ignore[attr-defined]
    return {"open_concerns": count} if count else None


def register() -> None:
    register_panel(
        Panel(
            "people.open_concerns",
            (f"todo.{Role.COORDINATOR}", f"todo.{Role.MANAGER}"),
            40,
            "people/panels/open_concerns.html",
            open_concerns,
        )
    )
    register_panel(
        Panel(
            "people.person_messages",
            ("people.person",),
            30,
            "people/panels/person_messages.html",
            person_messages,
        )
    )
