"""Template context every page needs: the partnership in view and the navigation for the role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vises.partnerships.access import Perm, role_has


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    active: bool


# (permission, label, url name) in menu order; each shows only to roles that have it.
NAVIGATION: list[tuple[Perm, str | Promise, str]] = [
    (Perm.VIEW_START, _("Start"), "partnership_start"),
    (Perm.OPERATE, _("Operations"), "partnership_operations"),
    (Perm.OPERATE, _("Cafés"), "cafes_list"),
    (Perm.OPERATE, _("Companies"), "companies_list"),
    (Perm.VIEW_PERSONAL_DATA, _("People"), "people_list"),
    (Perm.VIEW_STATISTICS, _("Statistics and reports"), "partnership_reports"),
    (Perm.STEERING, _("Steering group"), "partnership_steering"),
    (Perm.VOLUNTEER_DUTY, _("My cafés"), "partnership_volunteer"),
    (Perm.COMPANY_PORTAL, _("Our cafés"), "partnership_company"),
    (Perm.MANAGE_USERS, _("Users"), "partnership_users"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"nav_items": [], "current_partnership": None, "current_membership": None}
    slug = membership.partnership.slug
    items = []
    for perm, label, url_name in NAVIGATION:
        if role_has(membership.role, perm):
            url = reverse(url_name, kwargs={"slug": slug})
            active = request.path == url or (
                url_name != "partnership_start" and request.path.startswith(url)
            )
            items.append(NavItem(label, url, active))
    return {
        "nav_items": items,
        "current_partnership": membership.partnership,
        "current_membership": membership,
    }
