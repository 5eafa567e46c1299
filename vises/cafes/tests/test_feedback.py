"""After the café: participants who came answer three smiley questions through a signed link;
employees become language-friend leads through the café's link."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from vises.cafes.links import feedback as feedback_links
from vises.cafes.links.feedback import feedback_link, friend_link, friend_token
from vises.cafes.messages.feedback import feedback_requests_send
from vises.cafes.models import Cafe, CafeFeedback, FeedbackRequest, LanguageFriendLead
from vises.cafes.services.feedback import friend_lead_create
from vises.cafes.tests.checkin.support import events, today_cafe
from vises.cafes.tests.factories import RegistrationFactory
from vises.common import sms
from vises.companies.tests.factories import CompanyContactFactory
from vises.people.models import ConsentPurpose, ConsentRecord, LanguageFriend, Participant, Person
from vises.people.tests.factories import (
    ConsentRecordFactory,
    ConsentTextFactory,
    ParticipantFactory,
)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def cafe(partnership):
    return today_cafe(partnership, status=Cafe.Status.HELD, company__name="Saab AB")


@pytest.fixture
def came(cafe):
    return RegistrationFactory.create(
        cafe=cafe, attendance="attended", person__language="en", person__first_name="Amina"
    )


def answer(client, registration, **fields):
    data = {"workplace": "3", "study_paths": "2", "wants_language_friend": "yes", **fields}
    return client.post(feedback_link(registration), data)


# The three questions -------------------------------------------------------------------------


def test_the_questions_open_in_the_persons_language(came):
    response = Client().get(feedback_link(came))

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert "Did you learn something about the workplace?" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_an_answer_is_stored_and_the_wish_sets_the_participant_flag(came):
    response = answer(Client(), came)

    assert response.status_code == 200
    feedback = CafeFeedback.objects.get(registration=came)
    assert (feedback.workplace, feedback.study_paths, feedback.wants_language_friend) == (
        3,
        2,
        True,
    )
    participant = Participant.objects.get(person=came.person)
    assert participant.wants_language_friend is True
    assert participant.waiting_since == timezone.localdate()
    (event,) = events("cafes.cafefeedback.answered")
    assert event.actor == "link:cafe_feedback"
    assert event.fields == ["study_paths", "wants_language_friend", "workplace"]


def test_a_yes_records_the_matching_consent_when_there_is_a_text(cafe, came):
    ConsentTextFactory.create(partnership=cafe.partnership, purpose=ConsentPurpose.MATCHING)

    answer(Client(), came)

    record = ConsentRecord.objects.get(person=came.person)
    assert (record.purpose, record.channel) == (ConsentPurpose.MATCHING, "link")


def test_changing_the_answer_to_no_withdraws_only_the_wish_this_form_made(came):
    client = Client()
    answer(client, came)

    answer(client, came, wants_language_friend="no", workplace="1")

    feedback = CafeFeedback.objects.get(registration=came)
    assert (feedback.workplace, feedback.wants_language_friend) == (1, False)
    assert Participant.objects.get(person=came.person).wants_language_friend is False
    assert len(events("cafes.cafefeedback.changed")) == 1


def test_no_leaves_a_wish_given_elsewhere_standing(came):
    ParticipantFactory.create(person=came.person, wants_language_friend=True)

    answer(Client(), came, wants_language_friend="no")

    assert Participant.objects.get(person=came.person).wants_language_friend is True


@pytest.mark.parametrize("workplace", ["0", "4", ""])
def test_an_answer_outside_the_smileys_is_refused(came, workplace):
    response = answer(Client(), came, workplace=workplace)

    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["workplace"][0].code in {
        "invalid_choice",
        "required",
    }
    assert not CafeFeedback.objects.exists()


def test_someone_who_did_not_come_gets_the_link_problem_page(cafe):
    away = RegistrationFactory.create(cafe=cafe, attendance="no_show")

    response = answer(Client(), away)

    assert response.status_code == 200
    assert "common/link_problem.html" in [t.name for t in response.templates]
    assert not CafeFeedback.objects.exists()


def test_an_altered_or_old_link_does_not_open(came):
    token = feedback_links.feedback_token(came)
    other = RegistrationFactory.create(cafe=came.cafe, attendance="attended")
    forged = f"{other.pk}{token[len(str(came.pk)) :]}"
    with mock.patch("django.core.signing.time.time", return_value=0):
        old = feedback_links.feedback_token(came)

    for bad in (forged, old, friend_token(came.cafe)):
        response = Client().post(f"/feedback/{bad}/", {"workplace": "3"})
        assert response.status_code == 200
        assert "common/link_problem.html" in [t.name for t in response.templates]
    assert response.context["expired"] is False
    assert not CafeFeedback.objects.exists()


# Sending the links when the café is held -------------------------------------------------------


def test_the_links_go_once_to_those_who_came_and_to_the_company_contacts(
    cafe, came, django_capture_on_commit_callbacks
):
    by_sms = RegistrationFactory.create(
        cafe=cafe, attendance="attended", person__email="", person__language="uk"
    )
    withdrawn = RegistrationFactory.create(cafe=cafe, attendance="attended")
    record = ConsentRecordFactory.create(person=withdrawn.person, purpose=ConsentPurpose.MESSAGES)
    ConsentRecord.objects.filter(pk=record.pk).update(withdrawn_at=timezone.now())
    RegistrationFactory.create(cafe=cafe, attendance="no_show")
    RegistrationFactory.create(cafe=cafe, attendance="")
    contact = CompanyContactFactory.create(company=cafe.company, first_name="Kim")
    CompanyContactFactory.create(company=cafe.company, email="")

    with translation.override("sv"), django_capture_on_commit_callbacks(execute=True):
        first = feedback_requests_send(cafe.pk)
    with django_capture_on_commit_callbacks(execute=True):
        again = feedback_requests_send(cafe.pk)

    assert first == {"participants": 3, "contacts": 1}
    assert again == {}
    assert FeedbackRequest.objects.get(cafe=cafe).participants == 3
    to = sorted(message.to[0] for message in mail.outbox)
    assert to == sorted([came.person.email, contact.email])
    to_amina = next(message for message in mail.outbox if message.to == [came.person.email])
    assert to_amina.subject == "How was the café at Saab AB?"
    (token,) = re.findall(rf"{settings.VISES_BASE_URL}/feedback/([^/\s]+)/", to_amina.body)
    assert feedback_links.feedback_registration(token) == came
    to_kim = next(message for message in mail.outbox if message.to == [contact.email])
    (cafe_id, token) = re.findall(
        rf"{settings.VISES_BASE_URL}/feedback/cafes/(\d+)/friend/([^/\s]+)/", to_kim.body
    )[0]
    assert feedback_links.friend_cafe(cafe_id=int(cafe_id), token=token) == cafe
    (text,) = sms.outbox
    assert text.to == by_sms.person.phone
    assert [event.fields for event in events("cafes.registration.feedback_request_sent")] == [
        ["email"],
        ["phone"],
    ]


def test_no_links_before_the_cafe_is_held(partnership):
    cafe = today_cafe(partnership)
    RegistrationFactory.create(cafe=cafe, attendance="attended")

    assert feedback_requests_send(cafe.pk) == {}
    assert mail.outbox == []


# Employees become language friends -------------------------------------------------------------


@pytest.fixture
def consent_text(partnership):
    return ConsentTextFactory.create(partnership=partnership, purpose=ConsentPurpose.REGISTER)


def friend(client, cafe, **fields):
    data = {
        "first_name": "Karin",
        "last_name": "Lind",
        "email": "karin.lind@saab.example",
        "phone": "",
        "language": "sv",
        "gender": "woman",
        "capacity": "2",
        "consent": "on",
        **fields,
    }
    return client.post(friend_link(cafe), data)


def test_the_friend_form_creates_a_lead_tied_to_the_cafe_and_company(cafe, consent_text):
    assert Client().get(friend_link(cafe)).status_code == 200

    response = friend(Client(), cafe)

    assert response.status_code == 200
    assert "cafes/feedback/friend_thanks.html" in [t.name for t in response.templates]
    lead = LanguageFriendLead.objects.get()
    assert (lead.cafe, lead.company) == (cafe, cafe.company)
    person = lead.person
    assert (person.first_name, person.email, person.referral_source) == (
        "Karin",
        "karin.lind@saab.example",
        Person.ReferralSource.CAFE,
    )
    assert LanguageFriend.objects.get(person=person).capacity == 2
    consent = ConsentRecord.objects.get(person=person)
    assert (consent.purpose, consent.channel) == (ConsentPurpose.REGISTER, "web")
    (event,) = events("cafes.languagefriendlead.created")
    assert event.actor == "link:cafe_friend"


def test_the_same_employee_twice_is_one_person_and_one_lead(cafe, consent_text):
    friend(Client(), cafe)
    friend(Client(), cafe, email="KARIN.LIND@saab.example", first_name="K")

    assert Person.objects.filter(email__iexact="karin.lind@saab.example").count() == 1
    assert LanguageFriendLead.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "error_field", "code"),
    [
        ({"email": "", "phone": ""}, "email", "contact_required"),
        ({"email": "not-an-address"}, "email", "invalid_email"),
        ({"consent": ""}, "consent", "required"),
        ({"capacity": "5"}, "capacity", "invalid_choice"),
    ],
)
def test_the_friend_form_refuses_bad_input(cafe, consent_text, fields, error_field, code):
    response = friend(Client(), cafe, **fields)

    assert response.status_code == 200
    assert response.context["form"].errors.as_data()[error_field][0].code == code
    assert not LanguageFriendLead.objects.exists()
    assert not Person.objects.filter(first_name="Karin").exists()


def test_the_friend_link_opens_only_its_own_cafe(cafe, consent_text):
    other = today_cafe(cafe.partnership, status=Cafe.Status.HELD)

    response = Client().post(
        f"/feedback/cafes/{other.pk}/friend/{friend_token(cafe)}/", {"first_name": "Karin"}
    )

    assert "common/link_problem.html" in [t.name for t in response.templates]
    assert not LanguageFriendLead.objects.exists()


def test_without_a_consent_text_nothing_is_half_saved(cafe):
    with pytest.raises(ValidationError):
        friend_lead_create(cafe=cafe, first_name="Karin", email="k@saab.example", consent=True)

    assert not Person.objects.filter(first_name="Karin").exists()


def test_a_persons_export_holds_their_answers_and_leads(cafe, came, consent_text):
    from vises.people.services.privacy import person_export

    answer(Client(), came)
    friend(Client(), cafe, email=came.person.email)

    data = person_export(person=came.person, actor="system:test")

    assert data["cafe_feedback"] == [
        {
            "cafe": "Saab AB",
            "cafe_starts_at": cafe.starts_at.isoformat(),
            "workplace": 3,
            "study_paths": 2,
            "wants_language_friend": True,
            "answered_at": CafeFeedback.objects.get().answered_at.isoformat(),
        }
    ]
    assert [lead["company"] for lead in data["language_friend_leads"]] == ["Saab AB"]
