"""Writes of organisations, partnerships and memberships."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vises.common import audit
from vises.common.validators import normalise_org_number
from vises.partnerships import agreements
from vises.partnerships.models import (
    Agreement,
    AgreementExtension,
    Membership,
    Organisation,
    Partnership,
)


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


# The agreement ("Giltighet", seeds/001_4c89f7ac864d56f0.txt) ---------------------------------


@transaction.atomic
def agreement_create(
    *,
    partnership: Partnership,
    title: str,
    signed_on: date,
    authority_signatory: str,
    organisation_signatory: str,
    starts_on: date,
    initial_ends_on: date,
    extension_options: int = 2,
    extension_years: int = 2,
    actor: audit.Actor,
) -> Agreement:
    """Record the partnership's signed agreement (one per partnership).

    Raises ValidationError when a field is invalid or the partnership already has one.
    """
    if Agreement.objects.filter(partnership=partnership).exists():
        raise ValidationError(_("This partnership already has an agreement."), code="duplicate")
    agreement = Agreement(
        partnership=partnership,
        title=title,
        signed_on=signed_on,
        authority_signatory=authority_signatory,
        organisation_signatory=organisation_signatory,
        starts_on=starts_on,
        initial_ends_on=initial_ends_on,
        extension_options=extension_options,
        extension_years=extension_years,
    )
    agreement.full_clean()
    agreement.save()
    audit.log(
        actor,
        "partnerships.agreement.created",
        agreement,
        fields=["signed_on", "starts_on", "initial_ends_on", "extension_options"],
    )
    return agreement


@transaction.atomic
def agreement_extend(
    *, agreement: Agreement, decided_on: date, note: str = "", actor: audit.Actor
) -> AgreementExtension:
    """Record that the parties agreed to extend the agreement by one more period
    ("möjlighet till förlängning ytterligare två (2) gånger två (2) år, om parterna är ense
    därom"): the new period follows the last one for `extension_years` years.

    Raises ValidationError (nothing changed) when the agreement was terminated, when every
    extension option is used (code `no_extension_left`), or when the decision is dated after
    the agreement ended.
    """
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.terminated_on is not None:
        raise ValidationError(
            _("The agreement was terminated on %(date)s and can no longer be extended.")
            % {"date": agreement.terminated_on.isoformat()},
            code="terminated",
        )
    used = agreement.extensions.count()
    if used >= agreement.extension_options:
        raise ValidationError(
            _(
                "The agreement allows at most %(count)d extensions and all of them are used: "
                "it ends on %(date)s."
            )
            % {
                "count": agreement.extension_options,
                "date": agreements.ends_on(agreement).isoformat(),
            },
            code="no_extension_left",
        )
    last_day = agreements.ends_on(agreement)
    if decided_on > last_day:
        raise ValidationError(
            {
                "decided_on": _(
                    "The agreement ended on %(date)s; an extension must be decided before that."
                )
                % {"date": last_day.isoformat()}
            },
            code="too_late",
        )
    starts_on, ends_on = agreements.extension_dates(agreement, used + 1)
    extension = AgreementExtension(
        agreement=agreement,
        number=used + 1,
        decided_on=decided_on,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
    )
    extension.full_clean()
    extension.save()
    audit.log(
        actor, "partnerships.agreement.extended", agreement, fields=["extensions", "decided_on"]
    )
    return extension


@transaction.atomic
def agreement_terminate(
    *,
    agreement: Agreement,
    terminated_on: date,
    reason: str,
    settlement_note: str = "",
    actor: audit.Actor,
) -> Agreement:
    """Record that the agreement was terminated ("kan överenskommelsen hävas med omedelbar
    verkan"): it is in force up to and including `terminated_on`, and "faktiskt uppkomna
    kostnader enligt denna överenskommelse ersätts" (the settlement note says how).

    Raises ValidationError (nothing changed) when it is already terminated, when the day is
    not one on which the agreement is in force, or when no reason is given.
    """
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.terminated_on is not None:
        raise ValidationError(
            _("The agreement was already terminated on %(date)s.")
            % {"date": agreement.terminated_on.isoformat()},
            code="terminated",
        )
    if not agreements.in_force(agreement, on=terminated_on):
        raise ValidationError(
            {
                "terminated_on": _(
                    "The agreement is not in force on %(date)s (it covers %(start)s to %(end)s)."
                )
                % {
                    "date": terminated_on.isoformat(),
                    "start": agreement.starts_on.isoformat(),
                    "end": agreements.ends_on(agreement).isoformat(),
                }
            },
            code="not_in_force",
        )
    if not reason.strip():
        raise ValidationError({"termination_reason": _("Say why the agreement is terminated.")})
    agreement.terminated_on = terminated_on
    agreement.termination_reason = reason.strip()
    agreement.settlement_note = settlement_note.strip()
    agreement.full_clean()
    agreement.save()
    audit.log(
        actor,
        "partnerships.agreement.terminated",
        agreement,
        fields=["terminated_on", "termination_reason", "settlement_note"],
    )
    return agreement
