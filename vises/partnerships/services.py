"""Writes of organisations, partnerships and memberships."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vises.common import audit
from vises.common.validators import normalise_org_number
from vises.partnerships.models import Membership, Organisation, Partnership


@transaction.atomic
def organisation_create(
    *, name: str, kind: str, org_number: str = "", actor: audit.Actor
) -> Organisation:
    """Create an organisation; the org.nr is validated and stored as NNNNNN-NNNN.

    Raises ValidationError with a message per field (codes on `org_number`: `invalid`,
    `personal_identity_number`, `duplicate`).
    """
    try:
        number = normalise_org_number(org_number) if org_number else ""
    except ValidationError as error:
        raise ValidationError({"org_number": error.error_list}) from error
    if number and Organisation.objects.filter(org_number=number).exists():
        # The database constraint's own message names the constraint, not the problem.
        raise ValidationError(
            {
                "org_number": ValidationError(
                    _("An organisation with this organisation number is already registered."),
                    code="duplicate",
                )
            }
        )
    organisation = Organisation(name=name, kind=kind, org_number=number)
    organisation.full_clean()
    organisation.save()
    audit.log(actor, "partnerships.organisation.created", organisation, fields=["name", "kind"])
    return organisation


@transaction.atomic
def membership_set(
    *, user: User, partnership: Partnership, role: str, actor: audit.Actor
) -> Membership:
    """Give the user this role in the partnership (replacing any earlier role there)."""
    membership = Membership.objects.filter(user=user, partnership=partnership).first()
    if membership is None:
        membership = Membership(user=user, partnership=partnership, role=role)
        action = "partnerships.membership.created"
    else:
        membership.role = role
        membership.is_active = True
        action = "partnerships.membership.changed"
    membership.full_clean()
    membership.save()
    audit.log(actor, action, membership, fields=["role", "is_active"])
    return membership


@transaction.atomic
def membership_end(*, user: User, partnership: Partnership, role: str, actor: audit.Actor) -> int:
    """The user no longer has this role in the partnership (their other roles stay);
    returns how many memberships ended, each audited."""
    ended = 0
    for membership in Membership.objects.filter(
        user=user, partnership=partnership, role=role, is_active=True
    ):
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        audit.log(actor, "partnerships.membership.changed", membership, fields=["is_active"])
        ended += 1
    return ended


@transaction.atomic
def districts_seed(
    *, partnership: Partnership, names: list[str], other: str, actor: audit.Actor
) -> int:
    """Add the districts that are missing (in this order) plus the 'other' choice; returns
    how many were added. Existing districts are kept as they are."""
    from vises.partnerships.models import District

    existing = set(District.objects.filter(partnership=partnership).values_list("name", flat=True))
    added = 0
    for order, name in enumerate(names):
        if name not in existing:
            District.objects.create(partnership=partnership, name=name, sort_order=order)
            added += 1
    if other not in existing:
        District.objects.create(partnership=partnership, name=other, is_other=True)
        added += 1
    if added:
        audit.log(actor, "partnerships.district.seeded", partnership, fields=["name"])
    return added
