"""Markers that say who may open a view that needs no partnership role.

Every view of ours declares its access: `partnership_view(Perm.X)` (vises.partnerships.access)
for staff pages, or one of these for the rest. They only mark the view; the permission test
walks every URL pattern and fails on a view without a declaration.

- `public_view`: anyone, logged in or not (the front page, the public calendar, sign-up).
- `link_view`: whoever holds a signed link in the address (a registration, self-service, a
  calendar feed); a link that is altered, expired or unknown answers 404 or the expiry page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

PUBLIC = "public"
LINK = "link"


def public_view(view: F) -> F:
    view.vises_access = PUBLIC  # type: ignore[attr-defined]
    return view


def link_view(view: F) -> F:
    view.vises_access = LINK  # type: ignore[attr-defined]
    return view


def declared_access(view: Callable[..., Any]) -> str | None:
    """ "public", "link", the named permission of a partnership view, or None (undeclared)."""
    permission = getattr(view, "vises_permission", None)
    if permission is not None:
        return str(permission)
    return getattr(view, "vises_access", None)
