"""The main navigation and where a logged-in user lands: both registered by the apps.

An app adds its menu entries with `navigation.register(NavEntry(...))` in its
AppConfig.ready(). An entry names a permission; the menu shows it to a member whose
membership `allows()` it (the partnerships app defines memberships and permissions, the
ground floor only asks). `register_landing` names the view function that answers the front
page for a logged-in user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise


class Member(Protocol):
    """What the navigation needs of `request.membership`."""

    partnership: Any

    def allows(self, perm: str) -> bool: ...


@dataclass(frozen=True)
class NavEntry:
    order: int
    label: str | Promise
    url_name: str  # reversed with the partnership's slug
    perm: str
    exact: bool = False  # active only on its own address (the start page), not below it


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    active: bool


_ENTRIES: dict[str, NavEntry] = {}


def register(entry: NavEntry) -> None:
    _ENTRIES[entry.url_name] = entry


def entries() -> list[NavEntry]:
    return sorted(_ENTRIES.values(), key=lambda entry: (entry.order, entry.url_name))


Landing = Callable[[HttpRequest], HttpResponse]
_LANDING: list[Landing] = []


def register_landing(view: Landing) -> None:
    """The view that answers the front page for a logged-in user (the last one registered)."""
    _LANDING[:] = [view]


def landing() -> Landing | None:
    return _LANDING[0] if _LANDING else None
