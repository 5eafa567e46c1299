"""No overbooking, ever: 50 sign-ups at once for 8 seats, 20 rounds, on the database the suite
runs on (a SQLite file database, or PostgreSQL with DATABASE_URL).

Each sign-up runs in its own thread with its own database connection, all released at the
same instant by a barrier. Exactly 8 are confirmed each round and the other 42 waitlisted,
with no error. The same test with the seat lock switched off overbooks or fails, which shows
that the lock is what holds.
"""

from __future__ import annotations

import pytest

from vises.cafes.models import Registration
from vises.cafes.services import registrations as registration_services
from vises.cafes.services.registrations import registration_create
from vises.cafes.services.signup import public_signup
from vises.cafes.tests.factories import CafeFactory
from vises.common.tests.concurrency import locking_off, run_at_once
from vises.people.models import ConsentPurpose, Person
from vises.people.tests.factories import ConsentTextFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

SIGNUPS = 50
SEATS = 8
ROUNDS = 20


def signups_for_new_cafe() -> tuple[int, list]:
    cafe = CafeFactory.create(capacity=SEATS)
    people = PersonFactory.create_batch(SIGNUPS, partnership=cafe.partnership)

    def sign_up(person: Person):
        return lambda: (
            registration_create(
                cafe=cafe, person=person, source=Registration.Source.WEB, actor="link:test"
            )[0].status
        )

    return cafe.pk, [sign_up(person) for person in people]


def test_fifty_sign_ups_at_once_for_eight_seats_never_overbook() -> None:
    for round_number in range(ROUNDS):
        cafe_id, calls = signups_for_new_cafe()

        outcome = run_at_once(calls)

        assert outcome.errors == [], f"round {round_number}: {outcome.errors[:3]}"
        assert sorted(outcome.statuses).count("confirmed") == SEATS, f"round {round_number}"
        assert sorted(outcome.statuses).count("waitlisted") == SIGNUPS - SEATS
        in_database = Registration.objects.filter(cafe_id=cafe_id)
        assert in_database.filter(status="confirmed").count() == SEATS
        assert in_database.filter(status="waitlisted").count() == SIGNUPS - SEATS


def test_without_the_seat_lock_the_same_burst_overbooks_or_fails() -> None:
    broken_rounds = 0
    with locking_off(registration_services, "SEAT_LOCKING"):
        for _round in range(ROUNDS):
            cafe_id, calls = signups_for_new_cafe()
            outcome = run_at_once(calls)
            confirmed = Registration.objects.filter(cafe_id=cafe_id, status="confirmed").count()
            if confirmed != SEATS or outcome.errors:
                broken_rounds += 1
                break

    assert broken_rounds == 1, "without the lock the burst should have overbooked or failed"


def test_fifty_public_sign_ups_of_new_people_at_once() -> None:
    """The whole public path (person, consent, seat) under the same burst."""
    cafe = CafeFactory.create(capacity=SEATS)
    ConsentTextFactory.create(partnership=cafe.partnership, purpose=ConsentPurpose.REGISTER)
    calls = [
        (
            lambda n=n: (
                public_signup(
                    cafe_id=cafe.pk,
                    first_name=f"Deltagare{n}",
                    phone=f"+4670200{n:04d}",
                    language="sv",
                    consent=True,
                ).status
            )
        )
        for n in range(SIGNUPS)
    ]

    outcome = run_at_once(calls)

    assert outcome.errors == []
    assert outcome.statuses.count("confirmed") == SEATS
    assert outcome.statuses.count("waitlisted") == SIGNUPS - SEATS
    assert Person.objects.filter(partnership=cafe.partnership).count() == SIGNUPS
