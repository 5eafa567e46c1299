"""Merging two records of one person: the coordinator's explicit decision, all or nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from vises.common.models import AuditEvent
from vises.partnerships.tests.factories import PartnershipFactory, UserFactory
from vises.people.models import ConsentPurpose, ConsentRecord, Person
from vises.people.services.merge import person_merge
from vises.people.tests.factories import (
    ConsentRecordFactory,
    DistrictFactory,
    LanguageFriendFactory,
    ParticipantFactory,
    PersonFactory,
    VolunteerFactory,
)
from vises.people.tests.persons_support import ROLE_STATUS, actions, event_text, staff_client


def merge_url(keep, other) -> str:
    return f"/p/{keep.partnership.slug}/people/{keep.pk}/merge/{other.pk}/"


@pytest.fixture
def twins(partnership):
    """Two records of Amina: the one kept has a phone, the other an e-mail and more."""
    keep = PersonFactory.create(
        partnership=partnership,
        first_name="Amina",
        last_name="Yusuf",
        phone="+46701234567",
        email="",
        birth_year=1988,
        gender=Person.Gender.UNDISCLOSED,
        occupation="",
    )
    keep.languages.set(["so"])
    other = PersonFactory.create(
        partnership=partnership,
        first_name="Amina",
        last_name="Jusuf",
        phone="+46739876543",
        email="amina@example.org",
        birth_year=1990,
        gender=Person.Gender.WOMAN,
        occupation="Undersköterska",
        district=DistrictFactory.create(partnership=partnership),
    )
    other.languages.set(["ar", "so"])
    return keep, other


def test_the_merge_moves_consents_and_profiles_and_deletes_the_other(partnership, twins):
    keep, other = twins
    ConsentRecordFactory.create(person=keep, purpose=ConsentPurpose.REGISTER)
    ConsentRecordFactory.create(person=other, purpose=ConsentPurpose.REGISTER)
    moved = ConsentRecordFactory.create(person=other, purpose=ConsentPurpose.MATCHING)
    ParticipantFactory.create(person=keep, waiting_since=date(2024, 5, 1))
    ParticipantFactory.create(person=other, waiting_since=date(2024, 1, 1))
    friend = LanguageFriendFactory.create(person=other, capacity=3)
    user = UserFactory.create()
    VolunteerFactory.create(person=other, user=user)

    kept = person_merge(keep=keep, merge=other, actor="system:test")

    assert not Person.objects.filter(pk=other.pk).exists()
    assert Person.objects.count() == 1
    assert ConsentRecord.objects.filter(person=kept).count() == 3
    assert ConsentRecord.objects.get(pk=moved.pk).person_id == keep.pk
    friend.refresh_from_db()
    assert (friend.person_id, friend.capacity) == (keep.pk, 3)
    assert kept.volunteer.user == user
    assert kept.participant.waiting_since == date(2024, 1, 1)  # the longest wait counts


def test_the_kept_values_win_and_empty_ones_are_filled(partnership, twins):
    keep, other = twins

    kept = person_merge(keep=keep, merge=other, actor="system:test")
    kept.refresh_from_db()

    assert (kept.last_name, kept.phone, kept.birth_year) == ("Yusuf", "+46701234567", 1988)
    assert kept.email == "amina@example.org"
    assert kept.gender == Person.Gender.WOMAN  # "prefer not to say" was empty
    assert kept.occupation == "Undersköterska"
    assert kept.district == other.district
    assert sorted(kept.languages.values_list("code", flat=True)) == ["ar", "so"]


@pytest.mark.parametrize(
    ("kept_first", "expected"),
    [(True, Person.WorkStatus.SFI), (False, Person.WorkStatus.SEEKING)],
)
def test_the_status_at_intake_is_the_one_of_the_record_registered_first(
    partnership, twins, kept_first, expected
):
    """The statistics compare the status at intake with the latest ("närma sig arbete eller
    studier"): a merge keeps the first record's intake, not the kept one's."""
    keep, other = twins
    Person.objects.filter(pk=keep.pk).update(
        work_status=Person.WorkStatus.WORKING, work_status_at_intake=Person.WorkStatus.SFI
    )
    Person.objects.filter(pk=other.pk).update(
        work_status=Person.WorkStatus.STUDYING, work_status_at_intake=Person.WorkStatus.SEEKING
    )
    later = timezone.now()
    Person.objects.filter(pk=(other if kept_first else keep).pk).update(
        created_at=later + timedelta(days=30)
    )
    keep.refresh_from_db()
    other.refresh_from_db()

    kept = person_merge(keep=keep, merge=other, actor="system:test")
    kept.refresh_from_db()

    assert (kept.work_status, kept.work_status_at_intake) == (Person.WorkStatus.WORKING, expected)


def test_a_merge_gives_a_person_without_an_intake_status_the_other_s(partnership, twins):
    keep, other = twins
    Person.objects.filter(pk=other.pk).update(
        work_status=Person.WorkStatus.STUDYING, work_status_at_intake=Person.WorkStatus.SEEKING
    )
    other.refresh_from_db()

    kept = person_merge(keep=keep, merge=other, actor="system:test")
    kept.refresh_from_db()

    assert (kept.work_status, kept.work_status_at_intake) == (
        Person.WorkStatus.STUDYING,
        Person.WorkStatus.SEEKING,
    )


def test_the_merge_is_audited_by_field_names_only(partnership, twins):
    keep, other = twins
    other_pk = other.pk
    ConsentRecordFactory.create(person=other)

    person_merge(keep=keep, merge=other, actor=UserFactory.create())

    merged = AuditEvent.objects.get(action="people.person.merged")
    assert (merged.object_type, merged.object_id) == ("people.person", str(keep.pk))
    assert merged.fields == sorted(
        ["consents", "district", "email", "gender", "languages", "occupation"]
    )
    deleted = AuditEvent.objects.get(action="people.person.deleted")
    assert deleted.object_id == str(other_pk)
    for event in (merged, deleted):
        stored = event_text(event)
        # The phone by its digits (a short run like "4673" turns up in a SHA-256 hash now and then).
        assert "Amina" not in stored and "example.org" not in stored and "739876543" not in stored


def test_a_failure_half_way_leaves_both_records_as_they_were(partnership, twins, monkeypatch):
    keep, other = twins
    consent = ConsentRecordFactory.create(person=other)
    ParticipantFactory.create(person=other)
    from vises.common import audit

    real_log = audit.log

    def failing_log(actor, action, *args, **kwargs):
        if action == "people.person.deleted":
            raise RuntimeError("disk full")
        return real_log(actor, action, *args, **kwargs)

    monkeypatch.setattr(audit, "log", failing_log)

    with pytest.raises(RuntimeError):
        person_merge(keep=keep, merge=other, actor="system:test")

    assert Person.objects.count() == 2
    consent.refresh_from_db()
    assert consent.person_id == other.pk
    keep.refresh_from_db()
    assert keep.email == ""
    assert not hasattr(keep, "participant")
    assert not AuditEvent.objects.filter(action="people.person.merged").exists()


@pytest.mark.parametrize("case", ["same_person", "other_partnership", "anonymised"])
def test_merges_that_make_no_sense_are_refused(partnership, twins, case):
    keep, other = twins
    if case == "same_person":
        other = keep
    elif case == "other_partnership":
        other = PersonFactory.create(partnership=PartnershipFactory.create())
    else:
        from django.utils import timezone

        other.anonymised_at = timezone.now()
        other.save()

    with pytest.raises(ValidationError) as refused:
        person_merge(keep=keep, merge=other, actor="system:test")

    assert refused.value.code == case
    assert Person.objects.filter(pk=other.pk).exists()
    assert not AuditEvent.objects.filter(action="people.person.merged").exists()


def test_the_page_shows_both_side_by_side_and_merges_only_on_confirmation(partnership, twins):
    keep, other = twins
    coordinator = staff_client(partnership)

    page = coordinator.get(merge_url(keep, other))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Yusuf" in html and "Jusuf" in html
    assert "070-123 45 67" in html and "073-987 65 43" in html
    assert (
        "Filled in from the merged record: e-mail, gender, district, occupation or field." in html
    )
    assert f'href="{merge_url(other, keep)}"' in html  # keep the other one instead
    assert Person.objects.count() == 2
    assert actions() == ["people.person.viewed", "people.person.viewed"]

    done = coordinator.post(merge_url(keep, other))

    assert done.status_code == 302
    assert done["Location"] == f"/p/{partnership.slug}/people/{keep.pk}/"
    assert list(Person.objects.values_list("pk", flat=True)) == [keep.pk]


@pytest.mark.parametrize(("role", "status"), ROLE_STATUS)
def test_who_may_merge(partnership, twins, role, status):
    keep, other = twins
    client = staff_client(partnership, role)

    assert client.get(merge_url(keep, other)).status_code == status
    assert client.post(merge_url(keep, other)).status_code == (302 if status == 200 else status)
    assert Person.objects.count() == (1 if status == 200 else 2)


def test_a_person_of_another_partnership_cannot_be_merged(partnership, twins):
    keep, _other = twins
    stranger = PersonFactory.create()
    coordinator = staff_client(partnership)

    assert coordinator.get(merge_url(keep, stranger)).status_code == 404
    assert coordinator.post(merge_url(keep, stranger)).status_code == 404
    assert coordinator.post(merge_url(keep, keep)).status_code == 404
    assert Person.objects.count() == 3


def test_anonymous_goes_to_login(partnership, twins):
    keep, other = twins

    response = Client().post(merge_url(keep, other))

    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_cafe_registrations_and_volunteer_duties_follow_the_kept_person(partnership, twins):
    from vises.cafes.tests.factories import CafeFactory, CafeVolunteerFactory, RegistrationFactory
    from vises.companies.tests.factories import CompanyFactory

    keep, other = twins
    company = CompanyFactory.create(partnership=partnership)
    first, second = CafeFactory.create_batch(2, company=company)
    RegistrationFactory.create(cafe=first, person=keep)
    moved = RegistrationFactory.create(cafe=second, person=other)
    VolunteerFactory.create(person=keep)
    duty = CafeVolunteerFactory.create(cafe=first, volunteer=VolunteerFactory.create(person=other))

    person_merge(keep=keep, merge=other, actor="system:test")

    moved.refresh_from_db()
    duty.refresh_from_db()
    assert moved.person_id == keep.pk
    assert duty.volunteer.person_id == keep.pk  # the duty moved to the kept volunteer profile
    assert keep.registrations.count() == 2
    merged = AuditEvent.objects.get(action="people.person.merged")
    assert {"registrations", "volunteer.assignments"} <= set(merged.fields)


def test_the_same_cafe_on_both_records_refuses_the_merge_and_says_why(partnership, twins):
    from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
    from vises.companies.tests.factories import CompanyFactory

    keep, other = twins
    cafe = CafeFactory.create(company=CompanyFactory.create(partnership=partnership))
    RegistrationFactory.create(cafe=cafe, person=keep)
    RegistrationFactory.create(cafe=cafe, person=other)
    ConsentRecordFactory.create(person=other)
    coordinator = staff_client(partnership)

    response = coordinator.post(merge_url(keep, other), follow=True)

    assert response.redirect_chain == [(merge_url(keep, other), 302)]
    assert "Remove one of them first, then merge." in response.content.decode()
    assert Person.objects.count() == 2
    assert other.consents.count() == 1  # nothing moved: all or nothing
    assert not AuditEvent.objects.filter(action="people.person.merged").exists()
