"""Export of everything stored about a person: JSON under the model's field names, and PDF."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from vises.common.models import AuditEvent
from vises.partnerships.tests.factories import UserFactory
from vises.people.models import ConsentChannel, ConsentPurpose, EducationLevel, Person
from vises.people.services.consent import consent_give, consent_text_publish
from vises.people.services.persons import participant_set, person_create
from vises.people.services.privacy import (
    EXPORT_FORMAT,
    export_html,
    person_export,
    person_export_pdf,
)
from vises.people.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(partnership) -> Person:
    coordinator = UserFactory.create(first_name="Karin", last_name="Berg")
    district = DistrictFactory.create(partnership=partnership, name="Skäggetorp")
    consent_text_publish(
        partnership=partnership,
        purpose=ConsentPurpose.REGISTER,
        language="ar",
        text="نعم، احفظوا بياناتي",
        actor=coordinator,
    )
    person = person_create(
        partnership=partnership,
        actor=coordinator,
        languages=["ar", "sv"],
        first_name="Amina",
        last_name="Yusuf",
        phone="070-123 45 67",
        email="amina.yusuf@example.org",
        language="ar",
        gender=Person.Gender.WOMAN,
        birth_year=1988,
        district=district,
        education_level=EducationLevel.objects.get(code="3"),
        years_in_sweden=Person.YearsInSweden.Y1_2,
        occupation="undersköterska",
        referral_source=Person.ReferralSource.MUNICIPAL,
        signed_up_by=coordinator,
    )
    participant_set(person=person, actor=coordinator, wants_language_friend=True)
    consent_give(
        person=person,
        purpose=ConsentPurpose.REGISTER,
        channel=ConsentChannel.PAPER,
        collected_by=coordinator,
        actor=coordinator,
    )
    return person


def test_export_holds_the_persons_fields_under_their_model_names(person):
    data = person_export(person=person, actor="system:test")

    assert data["id"] == person.pk
    assert (data["first_name"], data["last_name"]) == ("Amina", "Yusuf")
    assert (data["phone"], data["email"]) == ("+46701234567", "amina.yusuf@example.org")
    assert (data["gender"], data["birth_year"], data["years_in_sweden"]) == ("woman", 1988, "1-2")
    assert data["district"] == "Skäggetorp"
    assert data["education_level"]["code"] == "3"
    assert [language["code"] for language in data["languages"]] == ["ar", "sv"]
    assert data["signed_up_by"] == "Karin Berg"
    assert data["anonymised_at"] is None
    assert data["export"]["format"] == EXPORT_FORMAT
    json.dumps(data)  # JSON-ready as it is


def test_export_holds_each_related_record(person):
    data = person_export(person=person, actor="system:test")

    assert data["participant"]["wants_language_friend"] is True
    assert data["language_friend"] is None
    assert data["volunteer"] is None
    [consent] = data["consents"]
    assert consent["purpose"] == "register"
    assert (consent["text_version"], consent["text_language"]) == (1, "ar")
    assert consent["text"] == "نعم، احفظوا بياناتي"
    assert (consent["language"], consent["channel"]) == ("ar", "paper")
    assert consent["collected_by"] == "Karin Berg"
    assert consent["withdrawn_at"] is None


def test_export_writes_one_audit_event_without_personal_data(person):
    before = AuditEvent.objects.count()

    person_export(person=person, actor="system:test")

    event = AuditEvent.objects.order_by("pk").last()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.object_type, event.object_id) == (
        "people.person.exported",
        "people.person",
        str(person.pk),
    )
    assert event.fields == ["json"]


def test_pdf_is_a_pdf_in_the_persons_language_and_audited(person):
    with translation.override("en"):
        pdf = person_export_pdf(person=person, actor="system:test")

    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 5000
    assert AuditEvent.objects.filter(action="people.person.exported", fields=["pdf"]).count() == 1


def test_pdf_document_shows_the_data_in_the_persons_language(person):
    person.language = "en"
    person.save(update_fields=["language"])

    html = export_html(person=person)

    assert '<html lang="en" dir="ltr">' in html
    assert "Your data in Vi Ses!" in html
    assert '<th scope="row">First name</th><td>Amina</td>' in html
    assert '<th scope="row">Mobile phone</th><td>\u2066070-123 45 67\u2069</td>' in html
    assert '<th scope="row">Gender</th><td>Woman</td>' in html
    assert '<th scope="row">District</th><td>Skäggetorp</td>' in html
    assert "Participant" in html and "Consents" in html
    assert "نعم، احفظوا بياناتي" in html
    assert "http" not in html  # nothing to fetch from outside


def test_pdf_document_for_arabic_runs_right_to_left(person):
    html = export_html(person=person)

    assert '<html lang="ar" dir="rtl">' in html
