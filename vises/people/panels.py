"""What the people app shows on pages that other apps own (vises.common.panels): the concerns
and referrals waiting on the coordinator's list of things to do, and on a person's page who
referred them. Registered from PeopleConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from vises.common.panels import Panel
from vises.common.panels import register as register_panel
from vises.partnerships.access import Role
from vises.people.dashboard import open_concerns_count
from vises.people.outbox.panel import person_messages
from vises.people.services.referrals import person_referrals, referrals_open_count

TODO_SLOTS = (f"todo.{Role.COORDINATOR}", f"todo.{Role.MANAGER}")


def open_concerns(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    count = open_concerns_count(partnership=request.partnership)  # type: ignore[attr-defined]
    return {"open_concerns": count} if count else None


def open_referrals(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    count = referrals_open_count(partnership=request.partnership)  # type: ignore[attr-defined]
    return {"open_referrals": count} if count else None


def referred_by(request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    referrals = person_referrals(person=obj)
    return {"referrals": referrals} if referrals else None


def register() -> None:
    register_panel(
        Panel(
            "people.open_concerns",
            TODO_SLOTS,
            40,
            "people/panels/open_concerns.html",
            open_concerns,
        )
    )
    register_panel(
        Panel(
            "people.open_referrals",
            TODO_SLOTS,
            41,
            "people/panels/open_referrals.html",
            open_referrals,
        )
    )
    register_panel(
        Panel(
            "people.referred_by",
            ("people.person",),
            5,
            "people/panels/referred_by.html",
            referred_by,
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
