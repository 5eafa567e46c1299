"""Two issues at the same moment get consecutive numbers from the series, no gap and no
duplicate: the number is taken under a lock on the series row inside the issuing
transaction (on SQLite the IMMEDIATE transaction mode serialises the writers). Runs on the
suite's database: a SQLite file, or PostgreSQL with DATABASE_URL. The same race without the
lock gives a duplicate number or fails: so the lock is what holds."""

from __future__ import annotations

from datetime import date

import pytest

from vises.common.tests.concurrency import locking_off, run_at_once
from vises.economy import services
from vises.economy.models import Invoice, InvoiceNumberSeries
from vises.economy.services import actuals as economy_locks
from vises.economy.tests.invoice_fixtures import vises_agreement
from vises.partnerships.models import Partnership
from vises.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 10


def two_issues_at_once() -> tuple[int, list]:
    """A new partnership of the same two parties (organisations are unique by org.nr), with
    the agreement and two drafts to issue."""
    first = Partnership.objects.order_by("pk").first()
    if first is None:
        partnership = PartnershipFactory.create()
    else:
        partnership = PartnershipFactory.create(
            public_authority=first.public_authority, organisation=first.organisation
        )
    vises_agreement(partnership)
    # The series exists (as after the first invoice): its row is what the two compete for.
    InvoiceNumberSeries.objects.get_or_create(partnership=partnership)
    drafts = [
        services.invoice_draft(partnership=partnership, year=year, actor="system:test")
        for year in (2022, 2023)
    ]

    def issue(invoice: Invoice):
        return lambda: (
            services.invoice_issue(
                invoice=invoice, actor="system:test", issued_on=date(2023, 1, 9)
            ).sequence
        )

    return partnership.pk, [issue(draft) for draft in drafts]


def test_two_concurrent_issues_get_consecutive_numbers():
    for round_number in range(ROUNDS):
        partnership_id, calls = two_issues_at_once()

        outcome = run_at_once(calls)

        assert outcome.errors == [], f"round {round_number}: {outcome.errors[:3]}"
        assert sorted(outcome.statuses) == [1, 2]
        numbers = Invoice.objects.filter(partnership_id=partnership_id)
        assert sorted(numbers.values_list("sequence", flat=True)) == [1, 2]
        assert InvoiceNumberSeries.objects.get(partnership_id=partnership_id).last_number == 2


def test_without_the_lock_the_numbers_collide_or_an_issue_fails():
    broken = 0
    with locking_off(economy_locks, "PARTNERSHIP_LOCKING"):
        for _round in range(ROUNDS):
            partnership_id, calls = two_issues_at_once()
            outcome = run_at_once(calls)
            numbers = Invoice.objects.filter(partnership_id=partnership_id)
            if outcome.errors or sorted(numbers.values_list("sequence", flat=True)) != [1, 2]:
                broken += 1
                break

    assert broken == 1, "without the lock two issues should have collided or failed"
