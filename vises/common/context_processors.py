"""Template context every page needs: the partnership in view and the navigation for the role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from vises.common.navigation import NavItem, entries


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu entries the apps registered that the member's role allows (none outside a
    partnership's pages)."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"nav_items": [], "current_partnership": None, "current_membership": None}
    slug = membership.partnership.slug
    items = []
    for entry in entries():
        if membership.allows(entry.perm):
            url = reverse(entry.url_name, kwargs={"slug": slug})
            active = request.path == url or (not entry.exact and request.path.startswith(url))
            items.append(NavItem(entry.label, url, active))
    return {
        "nav_items": items,
        "current_partnership": membership.partnership,
        "current_membership": membership,
    }
