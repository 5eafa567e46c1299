"""Writes of the economy: cost entries, the hourly rate of volunteer hours, year approvals.

Every write checks that the year is covered by the agreement and not approved yet (an
approved year is locked), under a lock on the partnership's row so an approval and a new
entry cannot pass each other. Refusals are ValidationErrors in the user's language; nothing
is changed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from vises.common import audit
from vises.economy.budget import CATEGORIES
from vises.economy.models import CostEntry, HourlyRate, YearApproval
from vises.partnerships import agreements
from vises.partnerships.models import Agreement, Partnership

# Economy's writes take the partnership's row lock (switched off only by the test that shows
# the lock is what keeps invoice numbers unique and gap-free).
PARTNERSHIP_LOCKING = True


def _lock(partnership: Partnership) -> Agreement:
    """Lock the partnership's row; its agreement, or a ValidationError when it has none."""
    if PARTNERSHIP_LOCKING:
        Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    agreement = agreements.agreement_of(partnership=partnership)
    if agreement is None:
        raise ValidationError(_("The partnership has no agreement recorded."), code="no_agreement")
    return agreement


def _refuse_if_not_covered(agreement: Agreement, year: int) -> None:
    years = agreements.covered_years(agreement)
    if year not in years:
        raise ValidationError(
            _("The agreement does not cover %(year)d; it covers %(years)s.")
            % {"year": year, "years": agreements.years_text(years)},
            code="not_covered",
        )


def _refuse_if_approved(partnership: Partnership, year: int) -> None:
    if YearApproval.objects.filter(partnership=partnership, year=year).exists():
        raise ValidationError(
            _("%(year)d is approved and locked; nothing can be added or changed.") % {"year": year},
            code="locked",
        )


def _positive_amount(value: object, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError(
            {field: _("Give the amount as a number, e.g. 1250,50.")}, code="invalid"
        ) from error
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({field: _("The amount must be more than zero.")}, code="invalid")
    return amount


@transaction.atomic
def cost_entry_create(
    *,
    partnership: Partnership,
    category: str,
    spent_on: date,
    amount: Decimal | str,
    description: str,
    attachment: UploadedFile | None = None,
    actor: audit.Actor,
) -> CostEntry:
    """Record a cost on a budget line. Raises ValidationError when the line is unknown, the
    amount is not a positive number, the day is outside every period of the agreement
    (code `outside_periods`), or the year is approved (code `locked`)."""
    agreement = _lock(partnership)
    if category not in CATEGORIES:
        raise ValidationError({"category": _("Choose one of the agreement's budget lines.")})
    value = _positive_amount(amount, "amount")
    if not agreements.in_force(agreement, on=spent_on):
        raise ValidationError(
            {
                "spent_on": _(
                    "%(date)s is outside the agreement's periods; it covers %(start)s to %(end)s."
                )
                % {
                    "date": spent_on.isoformat(),
                    "start": agreement.starts_on.isoformat(),
                    "end": agreements.ends_on(agreement).isoformat(),
                }
            },
            code="outside_periods",
        )
    _refuse_if_approved(partnership, spent_on.year)
    entry = CostEntry(
        partnership=partnership,
        category=category,
        spent_on=spent_on,
        amount=value,
        description=description.strip(),
        created_by=actor if isinstance(actor, User) else None,
    )
    if attachment is not None:
        entry.attachment = attachment
    entry.full_clean()
    entry.save()
    audit.log(
        actor,
        "economy.costentry.created",
        entry,
        fields=["category", "spent_on", "amount", "description", "attachment"],
    )
    return entry


@transaction.atomic
def hourly_rate_set(
    *, partnership: Partnership, year: int, rate: Decimal | str, actor: audit.Actor
) -> HourlyRate:
    """Set what a volunteer hour is worth in the year. Raises ValidationError when the year
    is not covered, approved, or the rate is not a positive number."""
    agreement = _lock(partnership)
    _refuse_if_not_covered(agreement, year)
    value = _positive_amount(rate, "rate")
    _refuse_if_approved(partnership, year)
    hourly, _created = HourlyRate.objects.get_or_create(
        partnership=partnership, year=year, defaults={"rate": value}
    )
    hourly.rate = value
    hourly.full_clean()
    hourly.save()
    audit.log(actor, "economy.hourlyrate.set", hourly, fields=["rate"])
    return hourly


@transaction.atomic
def year_approve(*, partnership: Partnership, year: int, actor: audit.Actor) -> YearApproval:
    """The manager approves the year's actuals; from now on the year is locked. Raises
    ValidationError when the year is not covered or already approved."""
    agreement = _lock(partnership)
    _refuse_if_not_covered(agreement, year)
    _refuse_if_approved(partnership, year)
    approval = YearApproval(
        partnership=partnership,
        year=year,
        approved_by=actor if isinstance(actor, User) else None,
    )
    approval.full_clean()
    approval.save()
    audit.log(actor, "economy.year.approved", approval, fields=["year"])
    return approval
