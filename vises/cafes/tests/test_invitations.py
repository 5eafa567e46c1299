"""Invitations: a held seat until accepted, declined or expired (48 h); the waitlist gets a
freed seat at once; a full café or a second invitation is refused; the message carries the
link to answer, in the person's language; the coordinator's filters find the right people."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from vises.cafes.models import Cafe, Registration
from vises.cafes.selectors.cafes import free_seats, seats_left
from vises.cafes.selectors.invitations import invitation_candidates
from vises.cafes.services.invitations import (
    InvitationRefused,
    invitation_accept,
    invitation_create,
    invitation_decline,
    invitations_expire,
)
from vises.cafes.services.registrations import registration_create
from vises.cafes.tasks import send_invitation
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.common import scheduler, sms
from vises.common.models import AuditEvent
from vises.people.models import ConsentPurpose, Language
from vises.people.tests.factories import (
    ConsentRecordFactory,
    DistrictFactory,
    ParticipantFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

ACTOR = "system:test"


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def status_of(registration: Registration) -> str:
    return Registration.objects.values_list("status", flat=True).get(pk=registration.pk)


@pytest.fixture
def cafe() -> Cafe:
    return CafeFactory.create(capacity=2)


def person_of(cafe: Cafe, **values):
    return PersonFactory.create(partnership=cafe.partnership, **values)


def test_an_invitation_holds_a_seat_for_48_hours(cafe):
    now = timezone.now()

    registration = invitation_create(cafe=cafe, person=person_of(cafe), actor=ACTOR, now=now)

    assert registration.status == Registration.Status.INVITED
    assert registration.source == Registration.Source.INVITATION
    assert registration.invited_until == now + timedelta(hours=48)
    assert (free_seats(cafe=cafe), seats_left(cafe=cafe)) == (1, 1)
    assert actions() == ["cafes.registration.invited"]


def test_the_api_shows_the_held_seat(cafe):
    invitation_create(cafe=cafe, person=person_of(cafe), actor=ACTOR)

    (listed,) = Client().get("/api/v1/cafes").json()

    assert (listed["id"], listed["seats_left"], listed["status"]) == (cafe.pk, 1, "open")


def test_the_last_free_seat_held_makes_the_cafe_full(cafe):
    RegistrationFactory.create(cafe=cafe)

    invitation_create(cafe=cafe, person=person_of(cafe), actor=ACTOR)

    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.FULL
    assert Client().get("/api/v1/cafes").json()[0]["seats_left"] == 0
    assert actions() == ["cafes.registration.invited", "cafes.cafe.filled"]


def test_an_invitation_never_holds_past_the_start():
    starts = timezone.now() + timedelta(hours=20)
    cafe = CafeFactory.create(starts_at=starts, signup_deadline=None)

    registration = invitation_create(cafe=cafe, person=person_of(cafe), actor=ACTOR)

    assert registration.invited_until == cafe.starts_at


def test_a_planned_cafe_takes_invitations_before_it_opens():
    cafe = CafeFactory.create(status=Cafe.Status.PLANNED)

    invitation_create(cafe=cafe, person=person_of(cafe), actor=ACTOR)

    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.PLANNED


def test_invite_when_full_is_refused(cafe):
    RegistrationFactory.create_batch(2, cafe=cafe)
    person = person_of(cafe)

    with translation.override("en"), pytest.raises(InvitationRefused) as refused:
        invitation_create(cafe=cafe, person=person, actor=ACTOR)

    assert refused.value.code == "full"
    assert refused.value.messages == [
        "The café is full: no seat is free to hold for an invitation."
    ]
    assert not Registration.objects.filter(person=person).exists()
    assert actions() == []


def test_invite_twice_is_refused(cafe):
    person = person_of(cafe, first_name="Amina", last_name="Ali")
    invitation_create(cafe=cafe, person=person, actor=ACTOR)

    with translation.override("en"), pytest.raises(InvitationRefused) as refused:
        invitation_create(cafe=cafe, person=person, actor=ACTOR)

    assert refused.value.code == "already_registered"
    assert refused.value.messages == [
        "Amina Ali is already registered for this café (Invited, awaiting answer)."
    ]
    assert Registration.objects.filter(person=person).count() == 1
    assert free_seats(cafe=cafe) == 1


@pytest.mark.parametrize("status", [Registration.Status.CONFIRMED, Registration.Status.WAITLISTED])
def test_a_registered_person_is_not_invited(cafe, status):
    registration = RegistrationFactory.create(cafe=cafe, status=status)

    with pytest.raises(InvitationRefused) as refused:
        invitation_create(cafe=cafe, person=registration.person, actor=ACTOR)

    assert refused.value.code == "already_registered"
    assert status_of(registration) == status


@pytest.mark.parametrize(
    ("status", "started"),
    [
        (Cafe.Status.CANCELLED, False),
        (Cafe.Status.HELD, True),
        (Cafe.Status.OPEN, True),
    ],
)
def test_a_closed_or_started_cafe_takes_no_invitations(status, started):
    starts = timezone.now() + (timedelta(hours=-1) if started else timedelta(days=3))
    cafe = CafeFactory.create(status=status, starts_at=starts, signup_deadline=None)

    with pytest.raises(InvitationRefused) as refused:
        invitation_create(cafe=cafe, person=person_of(cafe), actor=ACTOR)

    assert refused.value.code == "cafe_closed"
    assert Registration.objects.count() == 0


def test_a_person_of_another_partnership_is_refused(cafe):
    with pytest.raises(InvitationRefused) as refused:
        invitation_create(cafe=cafe, person=PersonFactory.create(), actor=ACTOR)

    assert refused.value.code == "person"


def test_accept_confirms_and_sends_the_receipt(cafe, django_capture_on_commit_callbacks):
    registration = invitation_create(cafe=cafe, person=person_of(cafe), actor=ACTOR)

    with django_capture_on_commit_callbacks(execute=True):
        accepted = invitation_accept(registration=registration, actor="link:invitation")
    again = invitation_accept(registration=registration, actor="link:invitation")

    assert (accepted.status, again.status) == ("confirmed", "confirmed")
    assert accepted.confirmed_at is not None
    assert free_seats(cafe=cafe) == 1
    assert actions() == ["cafes.registration.invited", "cafes.registration.accepted"]
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "vises.cafes.tasks.send_registration_receipt"
    ]


def test_an_expired_invitation_cannot_be_accepted(cafe):
    now = timezone.now()
    registration = invitation_create(cafe=cafe, person=person_of(cafe), actor=ACTOR, now=now)

    with pytest.raises(InvitationRefused) as refused:
        invitation_accept(registration=registration, actor=ACTOR, now=now + timedelta(hours=49))

    assert refused.value.code == "expired"
    assert status_of(registration) == Registration.Status.INVITED


def test_a_declined_invitation_cannot_be_accepted(cafe):
    registration = invitation_create(cafe=cafe, person=person_of(cafe), actor=ACTOR)
    invitation_decline(registration=registration, actor=ACTOR)

    with pytest.raises(InvitationRefused) as refused:
        invitation_accept(registration=registration, actor=ACTOR)

    assert refused.value.code == "declined"


def test_an_invitation_to_a_cancelled_cafe_cannot_be_accepted(cafe):
    registration = invitation_create(cafe=cafe, person=person_of(cafe), actor=ACTOR)
    Cafe.objects.filter(pk=cafe.pk).update(status=Cafe.Status.CANCELLED)

    with pytest.raises(InvitationRefused) as refused:
        invitation_accept(registration=registration, actor=ACTOR)

    assert refused.value.code == "cafe_closed"


def fill_with_waitlist(cafe: Cafe) -> tuple[Registration, Registration, Registration]:
    """Capacity 2: one confirmed, one invited, then two sign-ups go to the waitlist."""
    RegistrationFactory.create(cafe=cafe)
    invited = invitation_create(cafe=cafe, person=person_of(cafe), actor=ACTOR)
    first, _ = registration_create(cafe=cafe, person=person_of(cafe), source="web", actor=ACTOR)
    second, _ = registration_create(cafe=cafe, person=person_of(cafe), source="web", actor=ACTOR)
    assert (first.status, second.status) == ("waitlisted", "waitlisted")
    return invited, first, second


def test_decline_frees_the_seat_for_the_first_on_the_waitlist(cafe):
    invited, first, second = fill_with_waitlist(cafe)
    AuditEvent_count = AuditEvent.objects.count()

    declined = invitation_decline(registration=invited, actor="link:invitation")

    assert declined.status == Registration.Status.DECLINED
    assert (status_of(first), status_of(second)) == ("confirmed", "waitlisted")
    assert actions()[AuditEvent_count:] == [
        "cafes.registration.declined",
        "cafes.registration.promoted",
    ]
    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.FULL
    # Declining twice changes nothing more.
    invitation_decline(registration=invited, actor="link:invitation")
    assert status_of(second) == "waitlisted"


def test_decline_without_a_waitlist_reopens_the_cafe(cafe):
    RegistrationFactory.create(cafe=cafe)
    invited = invitation_create(cafe=cafe, person=person_of(cafe), actor=ACTOR)

    invitation_decline(registration=invited, actor=ACTOR)

    cafe.refresh_from_db()
    assert (cafe.status, seats_left(cafe=cafe)) == (Cafe.Status.OPEN, 1)


def test_an_accepted_invitation_cannot_be_declined(cafe):
    registration = invitation_create(cafe=cafe, person=person_of(cafe), actor=ACTOR)
    invitation_accept(registration=registration, actor=ACTOR)

    with pytest.raises(InvitationRefused) as refused:
        invitation_decline(registration=registration, actor=ACTOR)

    assert refused.value.code == "not_invited"
    assert status_of(registration) == "confirmed"


def test_expiry_after_48_hours_frees_the_seat_for_the_waitlist(cafe):
    now = timezone.now()
    Registration.objects.all().delete()
    invited, first, second = fill_with_waitlist(cafe)
    Registration.objects.filter(pk=invited.pk).update(invited_until=now + timedelta(hours=48))
    before = AuditEvent.objects.count()

    assert invitations_expire(now=now + timedelta(hours=47, minutes=59)) == 0
    assert status_of(invited) == "invited"

    assert invitations_expire(now=now + timedelta(hours=48)) == 1

    assert status_of(invited) == Registration.Status.EXPIRED
    assert (status_of(first), status_of(second)) == ("confirmed", "waitlisted")
    assert actions()[before:] == ["cafes.registration.expired", "cafes.registration.promoted"]
    assert invitations_expire(now=now + timedelta(hours=49)) == 0


def test_expiry_handles_several_cafes_and_leaves_answered_invitations_alone():
    now = timezone.now()
    cafes = CafeFactory.create_batch(2, capacity=3)
    due = [invitation_create(cafe=c, person=person_of(c), actor=ACTOR, now=now) for c in cafes]
    accepted = invitation_create(cafe=cafes[0], person=person_of(cafes[0]), actor=ACTOR, now=now)
    invitation_accept(registration=accepted, actor=ACTOR, now=now)
    fresh = invitation_create(
        cafe=cafes[1], person=person_of(cafes[1]), actor=ACTOR, now=now + timedelta(hours=10)
    )

    assert invitations_expire(now=now + timedelta(hours=50)) == 2

    assert [status_of(r) for r in due] == ["expired", "expired"]
    assert (status_of(accepted), status_of(fresh)) == ("confirmed", "invited")


def test_a_declined_person_may_be_invited_again(cafe):
    person = person_of(cafe)
    first = invitation_create(cafe=cafe, person=person, actor=ACTOR)
    invitation_decline(registration=first, actor=ACTOR)

    again = invitation_create(cafe=cafe, person=person, actor=ACTOR)

    assert again.pk == first.pk
    assert again.status == Registration.Status.INVITED


def test_the_scheduler_expires_invitations_every_five_minutes():
    (job,) = [job for job in scheduler.JOBS if job.name == "cafes.invitations_expire"]

    assert isinstance(job, scheduler.IntervalJob)
    assert job.every == timedelta(minutes=5)
    assert job.task().name == "invitations_expire"
    cafe = CafeFactory.create()
    registration = invitation_create(
        cafe=cafe, person=person_of(cafe), actor=ACTOR, now=timezone.now() - timedelta(hours=49)
    )

    assert job.task().call() == 1
    assert status_of(registration) == "expired"


# The message


def invited_with_consent(cafe: Cafe, **values):
    person = person_of(cafe, **values)
    ConsentRecordFactory.create(person=person, purpose=ConsentPurpose.MESSAGES)
    return invitation_create(cafe=cafe, person=person, actor=ACTOR)


def test_the_invitation_is_enqueued_after_commit(cafe, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = invitation_create(cafe=cafe, person=person_of(cafe), actor=ACTOR)

    task = DBTaskResult.objects.get()
    assert task.task_path == "vises.cafes.tasks.send_invitation"
    assert task.args_kwargs["args"] == [registration.pk]


def test_the_invitation_email_in_english_carries_the_link_to_answer(cafe, settings):
    registration = invited_with_consent(cafe, first_name="Amina", language="en")

    assert send_invitation.call(registration.pk) == "email"

    (message,) = mail.outbox
    assert message.to == [registration.person.email]
    assert message.subject.startswith(f"You are invited to a café at {cafe.company.name}, ")
    assert message.body.startswith("Hello Amina!")
    assert "We keep a place for you until " in message.body
    (link,) = re.findall(rf"{settings.VISES_BASE_URL}/invitations/\S+/", message.body)
    page = Client().get(link.removeprefix(settings.VISES_BASE_URL))
    assert page.status_code == 200
    assert page.context["registration"] == registration
    assert AuditEvent.objects.filter(action="cafes.registration.invitation_sent").count() == 1


@pytest.mark.parametrize(
    ("language", "weekday", "until"),
    [("en", "Monday", "3 June 10:00"), ("sv", "måndag", "3 juni 10:00")],
)
def test_the_invitation_is_written_in_the_persons_language_in_stockholm_time(
    language, weekday, until
):
    # Monday 14 June 2027 10:00 CEST; invited on 1 June at 10:00 CEST, held 48 hours.
    starts = datetime(2027, 6, 14, 8, 0, tzinfo=UTC)
    cafe = CafeFactory.create(starts_at=starts, ends_at=starts + timedelta(hours=1))
    person = person_of(cafe, language=language)
    ConsentRecordFactory.create(person=person, purpose=ConsentPurpose.MESSAGES)
    registration = invitation_create(
        cafe=cafe, person=person, actor=ACTOR, now=datetime(2027, 6, 1, 8, 0, tzinfo=UTC)
    )

    send_invitation.call(registration.pk)

    (message,) = mail.outbox
    assert weekday in message.subject
    assert until in message.body
    assert "10:00–11:00" in message.body


def test_a_person_without_an_email_gets_an_sms(cafe):
    registration = invited_with_consent(cafe, email="", language="en")

    assert send_invitation.call(registration.pk) == "phone"

    assert mail.outbox == []
    (text,) = [message for message in sms.outbox]
    assert "/invitations/" in str(text)


def test_no_message_without_a_consent_for_messages(cafe):
    registration = invitation_create(cafe=cafe, person=person_of(cafe), actor=ACTOR)

    assert send_invitation.call(registration.pk) == "skipped:consent"
    assert mail.outbox == []


def test_no_message_once_the_invitation_is_answered(cafe):
    registration = invited_with_consent(cafe)
    invitation_decline(registration=registration, actor=ACTOR)

    assert send_invitation.call(registration.pk) == "skipped:status"


# Who can be invited


def test_the_filters_find_the_right_participants(cafe):
    district = DistrictFactory.create(partnership=cafe.partnership)
    arabic = Language.objects.get(code="ar")

    def participant(name: str, **values):
        languages = values.pop("languages", [])
        wants = values.pop("wants", False)
        profile = ParticipantFactory.create(
            person__partnership=cafe.partnership,
            person__first_name=name,
            wants_language_friend=wants,
            **{f"person__{k}": v for k, v in values.items()},
        )
        profile.person.languages.set(languages)
        return profile.person

    speaker = participant("Amal", languages=[arabic], district=district)
    veteran = participant("Berhane", district=district)
    RegistrationFactory.create(
        person=veteran,
        cafe=CafeFactory.create(company__partnership=cafe.partnership),
        attendance=Registration.Attendance.ATTENDED,
    )
    waiting = participant("Cyrus", wants=True)
    registered = participant("Dana")
    RegistrationFactory.create(cafe=cafe, person=registered)
    ParticipantFactory.create(
        person__partnership=cafe.partnership, person__first_name="Ebba", is_active=False
    )
    PersonFactory.create(partnership=cafe.partnership, first_name="Fatima")  # no participant
    ParticipantFactory.create(person__first_name="Gustav")  # another partnership

    def names(**filters) -> list[str]:
        return [p.first_name for p in invitation_candidates(cafe=cafe, **filters)]

    assert names() == ["Amal", "Berhane", "Cyrus"]
    assert names(language="ar") == ["Amal"]
    assert names(language=arabic) == ["Amal"]
    assert names(district=district) == ["Amal", "Berhane"]
    assert names(never_attended=True) == ["Amal", "Cyrus"]
    assert names(waiting_for_friend=True) == ["Cyrus"]
    assert names(district=district, never_attended=True) == ["Amal"]
    assert speaker.pk and waiting.pk


def test_the_candidate_list_needs_the_same_queries_for_2_and_30_people(cafe):
    def count_for(total: int) -> int:
        existing = invitation_candidates(cafe=cafe).count()
        for _n in range(total - existing):
            profile = ParticipantFactory.create(person__partnership=cafe.partnership)
            profile.person.languages.set(["sv", "ar"])
        with CaptureQueriesContext(connection) as queries:
            people = list(invitation_candidates(cafe=cafe, never_attended=True))
            for person in people:
                _ = (person.district, person.participant, list(person.languages.all()))
        assert len(people) == total
        return len(queries)

    assert count_for(2) == count_for(30)
