"""Panels: parts of a page that another app contributes (start pages, the front page, a
person's or a company's page).

The page that shows them names a *slot* (e.g. `start.coordinator`, `home`,
`people.person`); an app registers a `Panel` for a slot in its AppConfig.ready(). A panel's
`context(request, obj)` returns the template context it needs (from the owning app's
selectors), or None when it has nothing to show this request; `obj` is the page's object
(the person, the company) or None. The page includes each panel's template in `order`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    name: str
    slots: tuple[str, ...]
    order: int
    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class BoundPanel:
    """A panel ready to include: `{% include panel.template with panel=panel.context %}`."""

    name: str
    template: str
    context: dict[str, Any]


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _PANELS[panel.name] = panel


def for_slot(slot: str, request: HttpRequest, obj: Any = None) -> list[BoundPanel]:
    """The panels of the slot that have something to show, in order."""
    bound = []
    for panel in sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.name)):
        if slot not in panel.slots:
            continue
        context = panel.context(request, obj)
        if context is not None:
            bound.append(BoundPanel(panel.name, panel.template, context))
    return bound
