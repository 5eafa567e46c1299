"""Taps arriving at the same instant (a retry racing its original, two volunteers on one
list), each in its own thread and connection, on the database the suite runs on."""

from __future__ import annotations

import uuid

import pytest

from vises.cafes.checkin.services import attendance_set, employees_change, walk_in_add
from vises.cafes.models import CheckInKey, EmployeeCount, Registration
from vises.cafes.tests.checkin.support import events, today_cafe
from vises.cafes.tests.factories import RegistrationFactory
from vises.common.tests.concurrency import run_at_once
from vises.partnerships.tests.factories import PartnershipFactory
from vises.people.models import ConsentPurpose, Person
from vises.people.tests.factories import ConsentTextFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 5
COPIES = 4


def test_the_same_tap_arriving_four_times_at_once_is_carried_out_once() -> None:
    cafe = today_cafe(PartnershipFactory.create())
    for round_number in range(ROUNDS):
        registration = RegistrationFactory.create(cafe=cafe)
        key = uuid.uuid4()

        def tap(registration: Registration = registration, key: uuid.UUID = key):
            return lambda: (
                attendance_set(
                    registration=registration, attendance="attended", key=key, actor="link:test"
                ).changed
            )

        outcome = run_at_once([tap() for _ in range(COPIES)])

        assert outcome.errors == [], f"round {round_number}: {outcome.errors[:3]}"
        assert sorted(outcome.statuses) == [False] * (COPIES - 1) + [True]
        assert CheckInKey.objects.filter(key=key).count() == 1
    assert len(events("cafes.registration.checked_in")) == ROUNDS


def test_the_same_walk_in_sent_three_times_at_once_is_one_person() -> None:
    cafe = today_cafe(PartnershipFactory.create())
    ConsentTextFactory.create(partnership=cafe.partnership, purpose=ConsentPurpose.REGISTER)
    key = uuid.uuid4()

    def add():
        return lambda: (
            walk_in_add(
                cafe=cafe, first_name="Samir", consent=True, key=key, actor="link:test"
            ).registration.pk
        )

    outcome = run_at_once([add() for _ in range(3)])

    assert outcome.errors == []
    assert len(set(outcome.statuses)) == 1
    assert Person.objects.filter(first_name="Samir").count() == 1
    assert Registration.objects.filter(cafe=cafe).count() == 1


def test_two_volunteers_counting_employees_at_once_lose_no_count() -> None:
    cafe = today_cafe(PartnershipFactory.create())

    def plus():
        key = uuid.uuid4()
        return lambda: employees_change(cafe=cafe, delta=1, key=key, actor="link:test")[1]

    outcome = run_at_once([plus() for _ in range(6)])

    assert outcome.errors == []
    assert EmployeeCount.objects.get(cafe=cafe).present == 6
