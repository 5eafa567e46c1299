"""person_create / person_update: contact details normalised, errors per field, audit by name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from vises.common.models import AuditEvent
from vises.people.models import Person
from vises.people.selectors import person_duplicates
from vises.people.services.persons import participant_set, person_create, person_update
from vises.people.tests.factories import DistrictFactory, PersonFactory


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str | None]]:
    return {field: [e.code for e in errors] for field, errors in excinfo.value.error_dict.items()}


def test_a_person_is_created_with_the_phone_in_e164_and_an_audit_event_without_data(
    partnership,
) -> None:
    person = person_create(
        partnership=partnership,
        actor="system:test",
        first_name="Amina",
        last_name="Yusuf",
        phone="070-123 45 67",
        email="Amina@Example.ORG",
        languages=["so", "sv"],
    )

    assert person.phone == "+46701234567"
    assert person.email == "Amina@example.org"
    assert sorted(person.languages.values_list("code", flat=True)) == ["so", "sv"]
    event = AuditEvent.objects.get(action="people.person.created")
    assert (event.object_type, event.object_id) == ("people.person", str(person.pk))
    stored = " ".join(str(value) for value in AuditEvent.objects.values_list().get(pk=event.pk))
    assert "Amina" not in stored and "701234567" not in stored and "example" not in stored


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"phone": "12345"}, {"phone": ["invalid_phone"]}),
        ({"phone": "070-123 45 67", "email": "not-an-address"}, {"email": ["invalid_email"]}),
        ({"phone": "", "email": ""}, {"phone": ["contact_required"]}),
        ({"phone": "070-123 45 67", "birth_year": 1800}, {"birth_year": ["birth_year_range"]}),
    ],
)
def test_bad_input_is_refused_per_field_and_nothing_is_saved(partnership, values, expected):
    with pytest.raises(ValidationError) as refused:
        person_create(partnership=partnership, actor="system:test", first_name="Sara", **values)

    assert errors_of(refused) == expected
    assert Person.objects.count() == 0
    assert not AuditEvent.objects.filter(action="people.person.created").exists()


def test_a_district_of_another_partnership_is_refused(partnership) -> None:
    foreign = DistrictFactory.create()

    with pytest.raises(ValidationError) as refused:
        person_create(
            partnership=partnership,
            actor="system:test",
            first_name="Sara",
            phone="0701234567",
            district=foreign,
        )

    assert errors_of(refused) == {"district": ["invalid"]}


def test_an_update_audits_the_names_of_the_changed_fields_only(partnership) -> None:
    person = PersonFactory.create(partnership=partnership, phone="+46701234567")

    person_update(person=person, actor="system:test", phone="0701234567", first_name="Nadia")

    event = AuditEvent.objects.get(action="people.person.changed")
    assert event.fields == ["first_name"]


def test_profiles_are_created_then_changed(partnership) -> None:
    person = PersonFactory.create(partnership=partnership)

    participant_set(person=person, actor="system:test", wants_language_friend=True)
    participant_set(person=person, actor="system:test", wants_friend_same_gender=True)

    person.participant.refresh_from_db()
    assert person.participant.wants_language_friend is True
    assert person.participant.wants_friend_same_gender is True
    assert list(
        AuditEvent.objects.filter(object_type="people.participant").values_list("action", flat=True)
    ) == ["people.participant.created", "people.participant.changed"]


def test_duplicates_are_found_by_email_or_unshared_phone_only(partnership) -> None:
    same_email = PersonFactory.create(partnership=partnership, email="nadia@example.org")
    same_phone = PersonFactory.create(partnership=partnership, phone="+46701111111")
    PersonFactory.create(partnership=partnership, phone="+46702222222", phone_is_shared=True)
    PersonFactory.create(email="nadia@example.org")  # another partnership

    by_email = person_duplicates(partnership=partnership, email="NADIA@example.org")
    by_phone = person_duplicates(partnership=partnership, phone="+46701111111")
    shared = person_duplicates(partnership=partnership, phone="+46702222222")
    marked_shared = person_duplicates(
        partnership=partnership, phone="+46701111111", phone_is_shared=True
    )

    assert [(c.person, c.reasons) for c in by_email] == [(same_email, ("email",))]
    assert [(c.person, c.reasons) for c in by_phone] == [(same_phone, ("phone",))]
    assert shared == []
    assert marked_shared == []


def test_a_walk_in_may_be_registered_on_a_first_name_alone(partnership) -> None:
    person = person_create(
        partnership=partnership, actor="system:test", first_name="Yonas", contact_required=False
    )

    assert (person.first_name, person.phone, person.email) == ("Yonas", "", "")


def test_the_first_status_towards_work_or_studies_is_kept_as_the_status_at_intake(partnership):
    """The statistics compare the status at intake with the latest (the agreement: that the
    participants "närma sig arbete eller studier")."""
    came = person_create(
        partnership=partnership,
        actor="system:test",
        first_name="Amal",
        phone="0701234567",
        work_status="sfi",
    )
    assert (came.work_status_at_intake, came.work_status) == ("sfi", "sfi")

    person_update(person=came, actor="system:test", work_status="studying")
    person_update(person=came, actor="system:test", work_status="working")

    came.refresh_from_db()
    assert (came.work_status_at_intake, came.work_status) == ("sfi", "working")
    later = person_create(
        partnership=partnership, actor="system:test", first_name="Bo", phone="0701234568"
    )
    assert later.work_status_at_intake == ""
    person_update(person=later, actor="system:test", work_status="seeking")
    later.refresh_from_db()
    assert later.work_status_at_intake == "seeking"
    assert AuditEvent.objects.filter(object_id=str(later.pk)).last().fields == [
        "work_status",
        "work_status_at_intake",
    ]
