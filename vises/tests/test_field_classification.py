"""Point 9 of issue 3: every field that could hold personal data is classified, and every
field of a registered person is exported, erased and anonymised.

A new model or field fails here with its name until its app declares it in `<app>/privacy.py`
(vises.common.privacy). A new personal field of the register fails until the builder below
can fill it and export, erasure and anonymisation cover it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import models
from django.utils import timezone

from vises.cafes.tests.factories import CafeVolunteerFactory, RegistrationFactory
from vises.common.privacy import (
    ERASE_SECRET,
    EXPORT_ERASE,
    EXPORT_STATISTIC,
    Classification,
    declared_fields,
    register_data_fields,
    unclassified_fields,
)
from vises.matching.models import Limits, Pair
from vises.matching.tests.factories import FollowUpFactory, PairFactory
from vises.partnerships.models import Partnership
from vises.partnerships.tests.factories import UserFactory
from vises.people.models import (
    Concern,
    ConsentChannel,
    ConsentPurpose,
    EducationLevel,
    Language,
    LanguageFriend,
    Participant,
    Person,
    Referral,
)
from vises.people.services.privacy import person_anonymise, person_erase, person_export
from vises.people.tests.factories import (
    ConsentRecordFactory,
    DistrictFactory,
    PersonFactory,
    VolunteerFactory,
)


def test_every_text_json_file_and_address_field_of_every_installed_model_is_classified():
    assert unclassified_fields() == [], "declare them in the app's privacy.py"


def test_every_classification_names_a_field_that_exists():
    existing = {
        (model._meta.label, field.name)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.get_fields()
    }
    declared = {(label, name) for label, fields in declared_fields().items() for name in fields}

    assert sorted(declared - existing) == [], "classified but gone: remove the declaration"


def test_every_personal_field_says_how_it_is_handled():
    vague = [
        f"{label}.{name}"
        for label, fields in declared_fields().items()
        for name, item in fields.items()
        if item.personal and len(item.handling) < 20
    ]

    assert vague == []


# One person with every register field filled, each with a value found nowhere else.

Rows = dict[str, list[models.Model]]


def _person(partnership: Partnership, tag: str) -> Person:
    district = DistrictFactory.create(partnership=partnership, name=f"Distrikt {tag}")
    person = PersonFactory.create(
        partnership=partnership,
        first_name=f"Förnamn{tag}",
        last_name=f"Efternamn{tag}",
        phone=f"+4670{tag}12345"[:12],
        email=f"marker.{tag}@example.org",
        language="ar",
        gender=Person.Gender.OTHER,
        birth_year=1979,
        district=district,
        swedish_level=Person.SwedishLevel.BEGINNER,
        years_in_sweden=Person.YearsInSweden.Y3_5,
        occupation=f"Yrke{tag}",
        interests=f"Intressen{tag}",
        availability=f"Tider{tag}",
        work_status=Person.WorkStatus.SFI,
        work_status_at_intake=Person.WorkStatus.SEEKING,
        referral_source=Person.ReferralSource.FRIEND,
        signed_up_by=UserFactory.create(first_name="Insamlare", last_name=f"Personal{tag}"),
        phone_is_shared=True,
        resident_in_municipality=True,
        education_level=EducationLevel.objects.get(code="5"),
        sms_stopped_at=datetime(2025, 3, 15, 9, 30, tzinfo=UTC),
    )
    person.languages.set(["ar", "ti"])
    return person


def full_person(partnership: Partnership, tag: str) -> tuple[Person, Rows]:
    person = _person(partnership, tag)
    rows: Rows = {"people.Person": [person]}
    rows["people.Participant"] = [
        Participant.objects.create(
            person=person,
            wants_language_friend=True,
            wants_friend_same_gender=True,
            waiting_since=date(2025, 3, 14),
        )
    ]
    rows["people.LanguageFriend"] = [
        LanguageFriend.objects.create(person=person, capacity=2, wants_same_gender=True)
    ]
    user = UserFactory.create(
        username=f"konto{tag}",
        first_name=f"Kontofor{tag}",
        last_name=f"Kontoefter{tag}",
        email=f"konto.{tag}@example.org",
    )
    rows["people.Volunteer"] = [VolunteerFactory.create(person=person, user=user)]
    rows["auth.User"] = [user]
    address = EmailAddress.objects.create(user=user, email=f"extra.{tag}@example.org")
    rows["account.EmailAddress"] = [address]
    rows["account.EmailConfirmation"] = [
        EmailConfirmation.objects.create(email_address=address, key=f"nyckel{tag}")
    ]
    rows["mfa.Authenticator"] = [
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": f"HEMLIG{tag}"}
        )
    ]
    login = SessionStore()
    login["_auth_user_id"] = str(user.pk)
    login.create()
    rows["usersessions.UserSession"] = [
        UserSession.objects.create(
            user=user,
            ip="203.0.113.7",
            session_key=login.session_key,
            user_agent=f"Webbläsare{tag}",
            data={"note": f"Sessionsdata{tag}"},
        )
    ]
    own = SessionStore()
    own["self_service_person_id"] = person.pk
    own.create()
    rows["sessions.Session"] = list(
        Session.objects.filter(session_key__in=[login.session_key, own.session_key])
    )
    rows["people.ConsentRecord"] = [
        ConsentRecordFactory.create(
            person=person,
            purpose=ConsentPurpose.MESSAGES,
            language="sv",
            channel=ConsentChannel.PAPER,
            withdrawn_channel=ConsentChannel.LINK,
            withdrawn_at=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
            collected_by=UserFactory.create(first_name="Samtyckes", last_name=f"Tagare{tag}"),
        )
    ]
    rows["people.Concern"] = [
        Concern.objects.create(partnership=partnership, person=person, text=f"Oro{tag}")
    ]
    rows["people.Referral"] = [
        Referral.objects.create(
            partnership=partnership,
            person=person,
            referrer_role=Referral.ReferrerRole.JOB_COACH,
            referrer_unit=f"Enhet{tag}",
            referrer_email=f"anmalare.{tag}@example.org",
            wants=Referral.Wants.FRIEND,
            consent_language_id="ti",
        )
    ]
    # Attended, so at a café held last week (a seat at a café to come is released on erasure).
    held = timezone.now() - timedelta(days=7)
    registration = RegistrationFactory.create(
        person=person,
        cafe__partnership=partnership,
        cafe__company__partnership=partnership,
        cafe__starts_at=held,
        cafe__ends_at=held + timedelta(hours=1),
        cafe__status="held",
    )
    registration.attendance = "attended"
    registration.save()
    rows["cafes.Registration"] = [registration]
    rows["cafes.CafeVolunteer"] = [
        CafeVolunteerFactory.create(
            volunteer=person.volunteer,
            cafe__partnership=partnership,
            cafe__company__partnership=partnership,
        )
    ]
    rows.update(_matching_rows(partnership, person, tag))
    return person, rows


def _matching_rows(partnership: Partnership, person: Person, tag: str) -> Rows:
    """A pair that ended after a decline, its follow-up answers, and the person's limits."""
    friend = PersonFactory.create(partnership=partnership, first_name=f"Vän{tag}")
    pair = PairFactory.create(
        participant=person,
        friend=friend,
        status=Pair.Status.ENDED,
        reasons=[{"code": "interests", "text": f"gemensamt intresse: schack{tag}", "points": 1}],
        participant_answer=Pair.Answer.DECLINED,
        friend_answer=Pair.Answer.DECLINED,
        decline_code="no_time",
        decline_reason=f"Flyttar{tag}",
        end_reason=Pair.EndReason.DECLINED,
        end_note=f"Anteckning{tag}",
    )
    followup = FollowUpFactory.create(
        pair=pair, person=person, meetings="weekly", going="good", wants_to_continue="yes"
    )
    limits = Limits.objects.create(person=person)
    limits.refuses_languages.set(Language.objects.filter(code="ru"))
    limits.unreachable_districts.set([DistrictFactory.create(partnership=partnership)])
    return {"matching.Pair": [pair], "matching.FollowUp": [followup], "matching.Limits": [limits]}


def _leaves(value: Any) -> list[str]:
    """How a stored value shows in the export's JSON text."""
    if isinstance(value, dict):
        return [leaf for inner in value.values() for leaf in _leaves(inner)]
    if isinstance(value, list | tuple):
        return [leaf for inner in value for leaf in _leaves(inner)]
    if isinstance(value, str):
        return [value]
    if isinstance(value, date | datetime):
        return [value.isoformat()]
    if isinstance(value, AbstractBaseUser):
        # A staff member by name (who collected); a volunteer's own account by its username.
        return [f"{value.get_full_name()}|{value.get_username()}"]  # type: ignore[attr-defined]
    if isinstance(value, models.Model):
        return [str(value)]
    return [json.dumps(value)]


def _stored(label: str, name: str, rows: Rows) -> list[tuple[models.Model, Any]]:
    """(row, value) of the field in every row the builder made; a many-to-many as a list."""
    stored = []
    for row in rows.get(label, []):
        field = row._meta.get_field(name)
        value = getattr(row, name)
        if field.many_to_many:
            value = list(value.all())
        stored.append((row, value))
    return stored


def _filled(value: Any) -> bool:
    return value not in (None, "", [], {})


REGISTER = [(f"{label}.{name}", item) for label, name, item in register_data_fields()]


@pytest.fixture
def person_and_rows(partnership) -> tuple[Person, Rows]:
    return full_person(partnership, "7")


def _check_builder_fills(field: str, rows: Rows) -> list[tuple[models.Model, Any]]:
    label, name = field.rsplit(".", 1)
    stored = _stored(label, name, rows)
    assert stored, f"{field}: the test cannot create a {label}; add it to full_person()"
    assert all(_filled(value) for _row, value in stored), f"{field}: fill it in full_person()"
    return stored


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "item"), REGISTER, ids=[field for field, _ in REGISTER])
def test_export_includes_the_field(field: str, item: Classification, person_and_rows):
    person, rows = person_and_rows
    stored = _check_builder_fills(field, rows)

    exported = json.dumps(person_export(person=person, actor="system:test"), ensure_ascii=False)

    if item.handling == ERASE_SECRET:
        for _row, value in stored:
            assert all(leaf not in exported for leaf in _leaves(value)), f"{field} is a secret"
        return
    for _row, value in stored:
        for leaf in _leaves(value):
            found = any(alternative in exported for alternative in leaf.split("|"))
            assert found, f"{field} = {leaf!r} is not in the export"


def _removed(
    field: str,
    item: Classification,
    rows: Rows,
    remove: Callable[..., None],
    person: Person,
    capture: Any,
) -> None:
    label, name = field.rsplit(".", 1)
    stored = _check_builder_fills(field, rows)
    with capture(execute=True):
        remove(person=person, actor="system:test")
    for row, value in stored:
        model = type(row)
        if model._meta.get_field(name).many_to_many:
            after = list(getattr(model._default_manager.get(pk=row.pk), name).all())
            assert item.handling != EXPORT_STATISTIC or after == value, field
            assert item.handling == EXPORT_STATISTIC or after == [], field
            continue
        current = model._default_manager.filter(pk=row.pk).values_list(name, flat=True).first()
        if isinstance(value, models.Model):
            value = value.pk
        if item.handling == EXPORT_STATISTIC:
            assert current == value, f"{field} is kept for statistics"
        else:
            assert current != value, f"{field} = {value!r} is still stored"
            if not isinstance(value, bool):
                assert not model._default_manager.filter(**{name: value}).exists(), field


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "item"), REGISTER, ids=[field for field, _ in REGISTER])
def test_erasure_removes_the_field(
    field, item, person_and_rows, django_capture_on_commit_callbacks
):
    person, rows = person_and_rows
    _removed(field, item, rows, person_erase, person, django_capture_on_commit_callbacks)


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "item"), REGISTER, ids=[field for field, _ in REGISTER])
def test_anonymisation_removes_the_field(
    field, item, person_and_rows, django_capture_on_commit_callbacks
):
    person, rows = person_and_rows
    _removed(field, item, rows, person_anonymise, person, django_capture_on_commit_callbacks)


def test_the_register_covers_the_persons_contact_and_free_text():
    handled = dict(REGISTER)

    for name in ("first_name", "last_name", "phone", "email", "occupation", "interests"):
        assert handled[f"people.Person.{name}"].handling == EXPORT_ERASE
    assert handled["people.Person.gender"].handling == EXPORT_STATISTIC
