"""Erasure and anonymisation strip a person to the statistical remainder (DESIGN §6)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail

from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory, UserFactory
from vises.people.models import ConsentRecord, LanguageFriend, Participant, Person, Volunteer
from vises.people.services.privacy import person_anonymise, person_erase
from vises.people.tests.factories import (
    ConsentRecordFactory,
    DistrictFactory,
    ParticipantFactory,
    PersonFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db

REMAINDER = (
    "partnership_id",
    "gender",
    "birth_year",
    "district_id",
    "education_level_id",
    "years_in_sweden",
    "referral_source",
    "language",
    "swedish_level",
    "work_status",
    "resident_in_municipality",
)


@pytest.fixture
def person(partnership) -> Person:
    person = PersonFactory.create(
        partnership=partnership,
        first_name="Amina",
        last_name="Yusuf",
        phone="+46701234567",
        email="amina@example.org",
        district=DistrictFactory.create(partnership=partnership, name="Berga"),
        occupation="undersköterska",
        interests="fotboll",
        availability="tisdagar",
        years_in_sweden=Person.YearsInSweden.Y1_2,
        referral_source=Person.ReferralSource.MUNICIPAL,
        signed_up_by=UserFactory.create(),
    )
    person.languages.set(["ar", "sv"])
    ParticipantFactory.create(person=person, wants_language_friend=True)
    ConsentRecordFactory.create(person=person)
    return person


def erase(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=person, actor="system:test")


def test_erasure_blanks_every_personal_field_and_keeps_the_statistical_remainder(
    person, django_capture_on_commit_callbacks
):
    before = Person.objects.values(*REMAINDER).get(pk=person.pk)

    erase(person, django_capture_on_commit_callbacks)

    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.phone, person.email) == ("", "", "", "")
    assert (person.occupation, person.interests, person.availability) == ("", "", "")
    assert person.signed_up_by is None
    assert person.anonymised_at is not None
    assert Person.objects.values(*REMAINDER).get(pk=person.pk) == before
    assert sorted(person.languages.values_list("code", flat=True)) == ["ar", "sv"]


def test_erasure_deletes_consents_and_deactivates_role_profiles(
    person, django_capture_on_commit_callbacks
):
    erase(person, django_capture_on_commit_callbacks)

    assert ConsentRecord.objects.filter(person=person).count() == 0
    profile = Participant.objects.get(person=person)
    assert (profile.is_active, profile.wants_language_friend) == (False, True)


def test_erasure_is_audited_without_data_and_journalled_outside_the_database(
    person, settings, django_capture_on_commit_callbacks
):
    erase(person, django_capture_on_commit_callbacks)

    event = AuditEvent.objects.get(action="people.person.erased")
    assert (event.object_type, event.object_id, event.fields) == (
        "people.person",
        str(person.pk),
        [],
    )
    [line] = settings.VISES_ERASURE_JOURNAL.read_text().splitlines()
    entry = json.loads(line)
    assert sorted(entry) == ["erased_at", "partnership_id", "person_id"]
    assert (entry["person_id"], entry["partnership_id"]) == (person.pk, person.partnership_id)
    erased_at = datetime.fromisoformat(entry["erased_at"])
    assert erased_at.tzinfo == UTC
    assert abs((datetime.now(UTC) - erased_at).total_seconds()) < 60


def test_journal_and_files_wait_for_the_commit(person, settings):
    person_erase(person=person, actor="system:test")  # the test's transaction never commits

    assert not settings.VISES_ERASURE_JOURNAL.exists()


def test_erasure_deletes_sessions_naming_the_person_and_keeps_others(
    person, django_capture_on_commit_callbacks
):
    own = SessionStore()
    own["self_service_person_id"] = person.pk
    own.create()
    other = SessionStore()
    other["self_service_person_id"] = person.pk + 1000
    other.create()

    erase(person, django_capture_on_commit_callbacks)

    assert list(Session.objects.values_list("session_key", flat=True)) == [other.session_key]


def test_erasure_removes_mail_and_sms_addressed_to_the_person(
    person, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.VISES_SMS_FILE_PATH = tmp_path / "sms"
    connection = mail.get_connection()
    connection.send_messages(
        [
            mail.EmailMessage("Välkommen", "Hej Amina!", to=["amina@example.org"]),
            mail.EmailMessage("Välkommen", "Hej Omar!", to=["omar@example.org"]),
        ]
    )
    mail.EmailMessage("Påminnelse", "Hej igen Amina", to=["Amina@Example.org"]).send()
    settings.VISES_SMS_FILE_PATH.mkdir()
    (settings.VISES_SMS_FILE_PATH / "1.txt").write_text("To: +46701234567\n\nHej Amina\n")
    (settings.VISES_SMS_FILE_PATH / "2.txt").write_text("To: +46709999999\n\nHej Omar\n")

    erase(person, django_capture_on_commit_callbacks)

    mail_text = "".join(path.read_text() for path in settings.EMAIL_FILE_PATH.iterdir())
    assert len(list(settings.EMAIL_FILE_PATH.iterdir())) == 1
    assert "amina" not in mail_text.lower()
    assert "omar@example.org" in mail_text
    assert [path.name for path in settings.VISES_SMS_FILE_PATH.iterdir()] == ["2.txt"]


def test_a_volunteers_own_login_account_goes_with_them(
    partnership, django_capture_on_commit_callbacks
):
    user = UserFactory.create(email="vol@example.org")
    MembershipFactory.create(user=user, partnership=partnership, role=Role.VOLUNTEER)
    volunteer = VolunteerFactory.create(person__partnership=partnership, user=user)

    erase(volunteer.person, django_capture_on_commit_callbacks)

    assert not get_user_model().objects.filter(pk=user.pk).exists()
    volunteer.refresh_from_db()
    assert (volunteer.user, volunteer.is_active) == (None, False)


def test_a_staff_account_linked_to_a_volunteer_is_only_unlinked(
    partnership, django_capture_on_commit_callbacks
):
    user = UserFactory.create()
    MembershipFactory.create(user=user, partnership=partnership, role=Role.COORDINATOR)
    volunteer = VolunteerFactory.create(person__partnership=partnership, user=user)

    erase(volunteer.person, django_capture_on_commit_callbacks)

    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert Volunteer.objects.get(pk=volunteer.pk).user is None


def test_anonymisation_strips_the_same_and_is_audited_as_such(
    person, settings, django_capture_on_commit_callbacks
):
    LanguageFriend.objects.create(person=person, capacity=2)
    before = Person.objects.values(*REMAINDER).get(pk=person.pk)

    with django_capture_on_commit_callbacks(execute=True):
        person_anonymise(person=person, actor="system:retention")

    person.refresh_from_db()
    assert (person.first_name, person.phone, person.email) == ("", "", "")
    assert person.anonymised_at is not None
    assert Person.objects.values(*REMAINDER).get(pk=person.pk) == before
    assert LanguageFriend.objects.get(person=person).is_active is False
    assert list(
        AuditEvent.objects.filter(object_id=str(person.pk), action__startswith="people.person.")
        .values_list("action", "actor")
        .order_by("pk")
    ) == [("people.person.anonymised", "system:retention")]
    assert not settings.VISES_ERASURE_JOURNAL.exists()  # the journal is for erasures
