"""Reads of partnerships and memberships."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, When

from vises.partnerships.models import Membership, Partnership


def memberships_of_user(*, user: AbstractBaseUser) -> QuerySet[Membership]:
    """The user's active memberships with their partnerships, ordered by partnership name."""
    return (
        Membership.objects.filter(user_id=user.pk, is_active=True)
        .select_related("partnership")
        .order_by("partnership__name")
    )


def user_has_role_other_than(
    *, user: AbstractBaseUser, partnership: Partnership, role: str
) -> bool:
    """Whether the user has an active role in the partnership other than `role`."""
    return (
        Membership.objects.filter(user_id=user.pk, partnership=partnership, is_active=True)
        .exclude(role=role)
        .exists()
    )


def members_of_partnership(*, partnership: Partnership) -> QuerySet[Membership]:
    """Everyone with a role in the partnership, with their user, by role then username."""
    return (
        Membership.objects.filter(partnership=partnership)
        .select_related("user")
        .order_by("role", "user__username")
    )


def partnership_parties(*, partnership: Partnership) -> Partnership:
    """The partnership with both parties loaded in the same query."""
    return Partnership.objects.select_related("public_authority", "organisation").get(
        pk=partnership.pk
    )


def _roles_elsewhere(partnership: Partnership) -> Exists:
    return Exists(
        Membership.objects.filter(user=OuterRef("user"), is_active=True).exclude(
            partnership=partnership
        )
    )


def members_with_second_factor(*, partnership: Partnership) -> QuerySet[Membership]:
    """Members for the admin's user list (one query), annotated with `has_second_factor` and
    `managed_here` (False for superusers and for accounts with a role in another partnership,
    which this partnership's admin must not deactivate or reset)."""
    from allauth.mfa.models import Authenticator

    return members_of_partnership(partnership=partnership).annotate(
        has_second_factor=Exists(
            Authenticator.objects.filter(user=OuterRef("user"), type=Authenticator.Type.TOTP)
        ),
        managed_here=Case(
            When(Q(user__is_superuser=True) | Q(_roles_elsewhere(partnership)), then=False),
            default=True,
            output_field=BooleanField(),
        ),
    )


def member_by_user_id(*, partnership: Partnership, user_id: int) -> Membership:
    """The membership of that user in this partnership, annotated like the user list;
    Membership.DoesNotExist otherwise."""
    return (
        members_with_second_factor(partnership=partnership)
        .select_related("user")
        .get(user_id=user_id)
    )


def role_counts(*, partnership: Partnership) -> dict[str, int]:
    """How many active members each role has."""
    from django.db.models import Count

    rows = (
        Membership.objects.filter(partnership=partnership, is_active=True)
        .values("role")
        .annotate(n=Count("pk"))
    )
    return {row["role"]: row["n"] for row in rows}
