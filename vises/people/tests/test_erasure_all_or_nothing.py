"""Erasure is all or nothing and complete (issue 8): the intent is journalled before anything
changes and finished after a crash; an erased person's seat goes to the first on the
waitlist; no list shows a row without a name."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from vises.cafes.models import Cafe, Registration
from vises.cafes.tests.factories import CafeFactory, CafeVolunteerFactory, RegistrationFactory
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory
from vises.people.models import Person
from vises.people.services import privacy
from vises.people.services.privacy import erasures_reconcile, person_erase
from vises.people.tests.factories import PersonFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(partnership) -> Person:
    return PersonFactory.create(
        partnership=partnership, first_name="Amina", phone="+46701234567", email="a@example.org"
    )


def journal(settings) -> list[int]:
    path = settings.VISES_ERASURE_JOURNAL
    if not path.exists():
        return []
    return [json.loads(line)["person_id"] for line in path.read_text().splitlines()]


def pending(settings) -> list[int]:
    path = settings.VISES_ERASURE_JOURNAL.with_name("erasures.pending.jsonl")
    if not path.exists():
        return []
    return [json.loads(line)["person_id"] for line in path.read_text().splitlines()]


class Crash(Exception):
    pass


def test_a_failure_midway_changes_nothing_and_the_reconciliation_finishes_it(
    person, settings, monkeypatch, django_capture_on_commit_callbacks
):
    def crash(**kwargs):
        raise Crash

    monkeypatch.setattr(privacy, "_delete_sessions", lambda person: crash())
    with pytest.raises(Crash), django_capture_on_commit_callbacks(execute=True):
        person_erase(person=person, actor="system:test")

    person.refresh_from_db()
    assert (person.first_name, person.anonymised_at) == ("Amina", None)  # rolled back whole
    assert journal(settings) == []
    assert pending(settings) == [person.pk]  # the intent, ids only

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert erasures_reconcile() == 1

    person.refresh_from_db()
    assert person.first_name == "" and person.anonymised_at is not None
    assert journal(settings) == [person.pk]
    assert pending(settings) == []


def test_a_crash_after_the_commit_gets_its_journal_line_from_the_reconciliation(
    person, settings, django_capture_on_commit_callbacks
):
    # The database change committed, the process died before the journal line.
    person_erase(person=person, actor="system:test")  # after-commit work never runs here
    assert (journal(settings), pending(settings)) == ([], [person.pk])

    with django_capture_on_commit_callbacks(execute=True):
        assert erasures_reconcile() == 1

    assert (journal(settings), pending(settings)) == ([person.pk], [])
    assert erasures_reconcile() == 0


def test_an_erased_persons_seat_goes_to_the_first_on_the_waitlist(
    person, django_capture_on_commit_callbacks
):
    cafe = CafeFactory.create(company__partnership=person.partnership, capacity=1)
    seat = RegistrationFactory.create(cafe=cafe, person=person)
    first, second = RegistrationFactory.create_batch(
        2, cafe=cafe, status=Registration.Status.WAITLISTED
    )
    Cafe.objects.filter(pk=cafe.pk).update(status=Cafe.Status.FULL)
    past = CafeFactory.create(
        company__partnership=person.partnership,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=1),
        status=Cafe.Status.HELD,
    )
    attended = RegistrationFactory.create(
        cafe=past, person=person, attendance=Registration.Attendance.ATTENDED
    )

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=person, actor="system:test")

    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses[seat.pk] == "cancelled"
    assert (statuses[first.pk], statuses[second.pk]) == ("confirmed", "waitlisted")
    # What happened at a café that was held stays for the statistics.
    attended.refresh_from_db()
    assert (attended.status, attended.attendance) == ("confirmed", "attended")


def test_no_list_shows_an_erased_person_as_a_nameless_row(
    person, django_capture_on_commit_callbacks
):
    cafe = CafeFactory.create(
        company__partnership=person.partnership,
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=1),
    )
    RegistrationFactory.create(cafe=cafe, person=person)  # today's café: the seat stays
    other = RegistrationFactory.create(cafe=cafe)
    volunteer = VolunteerFactory.create(person__partnership=person.partnership)
    CafeVolunteerFactory.create(cafe=cafe, volunteer=volunteer)
    gone_volunteer = VolunteerFactory.create(person__partnership=person.partnership)
    CafeVolunteerFactory.create(cafe=cafe, volunteer=gone_volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=person, actor="system:test")
        person_erase(person=gone_volunteer.person, actor="system:test")
    client = Client()
    client.force_login(
        MembershipFactory.create(partnership=person.partnership, role=Role.COORDINATOR).user
    )
    base = f"/p/{person.partnership.slug}"

    page = client.get(f"{base}/cafes/{cafe.pk}/")
    checkin = client.get(f"{base}/checkin/{cafe.pk}/")

    assert page.status_code == checkin.status_code == 200
    assert [r.pk for r in page.context["registrations"].confirmed] == [other.pk]
    assert [v.volunteer_id for v in page.context["cafe"].volunteers.all()] == [volunteer.pk]
    assert [row.registration_id for row in checkin.context["rows"]] == [other.pk]
