"""The one permission mechanism: roles per partnership, named permissions, one decorator.

Refusals answer as DESIGN §2 says: anonymous → 302 to the login page, logged in with the
wrong role → 403, a partnership the user is not a member of (or that does not exist) → 404.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from vises.partnerships.models import Membership, Partnership


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MANAGER = "manager", _("Operations manager")
    MUNICIPAL = "municipal", _("Municipal officer")
    VOLUNTEER = "volunteer", _("Volunteer")
    COMPANY = "company", _("Company contact")
    ADMIN = "admin", _("Administrator")


# Staff log in with a password and a second factor; the others with an e-mailed code.
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER, Role.MUNICIPAL, Role.ADMIN})


class Perm(StrEnum):
    """What a role may do; views ask for a permission, never for a role."""

    VIEW_START = "view_start"
    OPERATE = "operate"  # cafés, companies, invitations, matching
    VIEW_PERSONAL_DATA = "view_personal_data"
    VIEW_STATISTICS = "view_statistics"
    APPROVE_ECONOMY = "approve_economy"
    STEERING = "steering"  # the steering group's meeting pages (read, approve minutes)
    STEERING_EDIT = "steering_edit"  # plan meetings, record minutes and action items
    VOLUNTEER_DUTY = "volunteer_duty"  # own cafés' check-in lists, own hours
    COMPANY_PORTAL = "company_portal"
    MANAGE_USERS = "manage_users"
    MANAGE_CONSENT_TEXTS = "manage_consent_texts"  # publish the wording people agree to
    SIGN_REPORT = "sign_report"  # sign the annual report for one's party


ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.COORDINATOR: frozenset(
        {
            Perm.VIEW_START,
            Perm.OPERATE,
            Perm.VIEW_PERSONAL_DATA,
            Perm.VIEW_STATISTICS,
            Perm.STEERING,
            Perm.STEERING_EDIT,
            Perm.MANAGE_CONSENT_TEXTS,
        }
    ),
    Role.MANAGER: frozenset(
        {
            Perm.VIEW_START,
            Perm.OPERATE,
            Perm.VIEW_PERSONAL_DATA,
            Perm.VIEW_STATISTICS,
            Perm.STEERING,
            Perm.STEERING_EDIT,
            Perm.APPROVE_ECONOMY,
            Perm.MANAGE_CONSENT_TEXTS,
            Perm.SIGN_REPORT,
        }
    ),
    Role.MUNICIPAL: frozenset(
        {Perm.VIEW_START, Perm.VIEW_STATISTICS, Perm.STEERING, Perm.SIGN_REPORT}
    ),
    Role.VOLUNTEER: frozenset({Perm.VIEW_START, Perm.VOLUNTEER_DUTY}),
    Role.COMPANY: frozenset({Perm.VIEW_START, Perm.COMPANY_PORTAL}),
    Role.ADMIN: frozenset({Perm.VIEW_START, Perm.MANAGE_USERS, Perm.MANAGE_CONSENT_TEXTS}),
}


def role_has(role: str, perm: str) -> bool:
    return perm in ROLE_PERMISSIONS.get(role, frozenset())


def user_is_staff(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True when the user holds a staff role in any partnership (or is a superuser)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_vises_is_staff", None)
    if cached is None:
        from vises.partnerships.models import Membership

        cached = (
            bool(getattr(user, "is_superuser", False))
            or Membership.objects.filter(
                user_id=user.pk, role__in=STAFF_ROLES, is_active=True
            ).exists()
        )
        user._vises_is_staff = cached  # type: ignore[union-attr,attr-defined,unused-ignore]
    return bool(cached)


def membership_for(user: User | AbstractBaseUser, slug: str) -> Membership | None:
    from vises.partnerships.models import Membership

    return (
        Membership.objects.select_related("partnership")
        .filter(user_id=user.pk, partnership__slug=slug, is_active=True)
        .first()
    )


class PartnershipRequest(HttpRequest):
    partnership: Partnership
    membership: Membership


P = ParamSpec("P")
View = Callable[Concatenate[PartnershipRequest, P], HttpResponse]


def partnership_view(
    perm: Perm,
) -> Callable[[View[P]], Callable[Concatenate[HttpRequest, str, P], HttpResponse]]:
    """Guard a view under `/p/<slug>/`; sets `request.partnership` and `request.membership`."""

    def decorator(view: View[P]) -> Callable[Concatenate[HttpRequest, str, P], HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: P.args, **kwargs: P.kwargs) -> Any:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = membership_for(request.user, slug)
            if membership is None:
                raise Http404
            if not role_has(membership.role, perm):
                raise PermissionDenied
            request.partnership = membership.partnership  # type: ignore[attr-defined]
            request.membership = membership  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)  # type: ignore[arg-type]

        wrapper.vises_permission = perm  # type: ignore[attr-defined]
        return wrapper

    return decorator
