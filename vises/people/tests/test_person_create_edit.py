"""Creating and editing a person: errors per field, roles, consent, duplicates warned about."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import PartnershipFactory
from vises.people.models import ConsentChannel, ConsentPurpose, ConsentRecord, Person
from vises.people.tests.factories import (
    ConsentRecordFactory,
    ConsentTextFactory,
    DistrictFactory,
    ParticipantFactory,
    PersonFactory,
    VolunteerFactory,
)
from vises.people.tests.persons_support import ROLE_STATUS, actions, staff_client


def new_url(partnership) -> str:
    return f"/p/{partnership.slug}/people/new/"


def edit_url(person) -> str:
    return f"/p/{person.partnership.slug}/people/{person.pk}/edit/"


def form_data(**values) -> dict:
    data = {
        "first_name": "Amina",
        "last_name": "Yusuf",
        "phone": "070-123 45 67",
        "email": "",
        "language": "so",
        "gender": Person.Gender.WOMAN,
        "birth_year": "1988",
        "resident_in_municipality": "true",
        "referral_source": Person.ReferralSource.CAFE,
        "capacity": "1",
    }
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def error_codes(response) -> dict[str, list[str]]:
    errors = response.context["form"].errors.as_data()
    return {field: [error.code for error in found] for field, found in errors.items()}


@pytest.fixture
def coordinator(partnership) -> Client:
    return staff_client(partnership)


def test_a_new_person_with_roles_languages_district_and_consent(coordinator, partnership):
    district = DistrictFactory.create(partnership=partnership, name="Berga")
    ConsentTextFactory.create(partnership=partnership, purpose=ConsentPurpose.REGISTER)
    ConsentTextFactory.create(partnership=partnership, purpose=ConsentPurpose.MATCHING)

    response = coordinator.post(
        new_url(partnership),
        form_data(
            district=district.pk,
            languages=["so", "ar"],
            is_participant="on",
            wants_language_friend="on",
            is_language_friend="on",
            capacity="2",
            consents_given=[ConsentPurpose.REGISTER, ConsentPurpose.MATCHING],
            consent_channel=ConsentChannel.PAPER,
        ),
    )

    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/p/{partnership.slug}/people/{person.pk}/"
    assert (person.phone, person.district, person.birth_year) == ("+46701234567", district, 1988)
    assert person.signed_up_by is not None
    assert sorted(person.languages.values_list("code", flat=True)) == ["ar", "so"]
    assert person.participant.wants_language_friend is True
    assert person.participant.waiting_since is not None  # waits for a friend from today
    assert person.language_friend.capacity == 2
    assert not hasattr(person, "volunteer")
    consents = ConsentRecord.objects.filter(person=person).order_by("purpose")
    assert [(c.purpose, c.channel, c.collected_by_id) for c in consents] == [
        (ConsentPurpose.MATCHING, ConsentChannel.PAPER, person.signed_up_by.pk),
        (ConsentPurpose.REGISTER, ConsentChannel.PAPER, person.signed_up_by.pk),
    ]
    assert actions() == [
        "people.person.created",
        "people.participant.created",
        "people.languagefriend.created",
        "people.consent.given",
        "people.consent.given",
    ]


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"phone": "12345"}, "phone", "invalid_phone"),
        ({"email": "not-an-address"}, "email", "invalid_email"),
        ({"birth_year": "1800"}, "birth_year", "birth_year_range"),
        ({"first_name": ""}, "first_name", "required"),
        ({"is_language_friend": "on", "capacity": "4"}, "capacity", "max_value"),
        ({"is_language_friend": "on", "capacity": ""}, "capacity", "required"),
        ({"district": "999999"}, "district", "invalid_choice"),
        ({"languages": ["xx"]}, "languages", "invalid_choice"),
        ({"consents_given": [ConsentPurpose.REGISTER]}, "consent_channel", "required"),
    ],
)
def test_bad_input_is_shown_on_its_field_and_nothing_is_saved(
    coordinator, partnership, values, field, code
):
    ConsentTextFactory.create(partnership=partnership, purpose=ConsentPurpose.REGISTER)

    response = coordinator.post(new_url(partnership), form_data(**values))

    assert response.status_code == 200
    assert error_codes(response) == {field: [code]}
    assert Person.objects.count() == 0
    assert actions() == []


def test_the_errors_say_why_in_the_users_language(coordinator, partnership):
    response = coordinator.post(
        new_url(partnership), form_data(phone="12345", email="x@", birth_year="1800")
    )
    html = response.content.decode()

    assert "12345 is not a valid phone number." in html
    assert "Enter an e-mail address like name@example.se." in html
    assert "Enter a birth year between 1920 and" in html
    assert "Please correct the fields marked below." in html


def test_a_phone_or_an_email_is_needed(coordinator, partnership):
    response = coordinator.post(new_url(partnership), form_data(phone="", email=""))

    assert error_codes(response) == {"phone": ["contact_required"]}
    assert Person.objects.count() == 0


def test_a_consent_without_a_text_is_refused_on_its_field(coordinator, partnership):
    response = coordinator.post(
        new_url(partnership),
        form_data(consents_given=[ConsentPurpose.MESSAGES], consent_channel="phone"),
    )

    assert error_codes(response) == {"consents_given": ["no_consent_text"]}
    assert Person.objects.count() == 0


def test_a_district_of_another_partnership_cannot_be_chosen(coordinator, partnership):
    foreign = DistrictFactory.create()

    response = coordinator.post(new_url(partnership), form_data(district=foreign.pk))

    assert error_codes(response) == {"district": ["invalid_choice"]}
    assert foreign.name not in response.content.decode()


def test_an_error_from_the_service_lands_on_the_form_field(coordinator, partnership, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"email": ValidationError("Taken.", code="taken")})

    monkeypatch.setattr("vises.people.views.persons.person_create", refuse)

    response = coordinator.post(new_url(partnership), form_data())

    assert response.status_code == 200
    assert error_codes(response) == {"email": ["taken"]}


def test_the_same_phone_warns_and_saves_nothing_until_confirmed(coordinator, partnership):
    existing = PersonFactory.create(
        partnership=partnership, first_name="Amina", phone="+46701234567", email=""
    )

    warned = coordinator.post(new_url(partnership), form_data(first_name="Aminah"))

    assert warned.status_code == 200
    assert Person.objects.count() == 1
    html = warned.content.decode()
    assert "This person may already be in the register" in html
    assert f'href="/p/{partnership.slug}/people/{existing.pk}/"' in html
    assert f'name="duplicate_choice" value="merge-{existing.pk}"' in html
    assert 'name="duplicate_choice" value="new"' in html
    assert [c.person for c in warned.context["duplicates"]] == [existing]

    confirmed = coordinator.post(
        new_url(partnership), form_data(first_name="Aminah", duplicate_choice="new")
    )

    assert confirmed.status_code == 302
    assert Person.objects.count() == 2


def test_the_same_email_in_another_case_warns(coordinator, partnership):
    PersonFactory.create(partnership=partnership, email="amina@example.org", phone="")

    response = coordinator.post(
        new_url(partnership), form_data(phone="", email="Amina@Example.org")
    )

    assert response.status_code == 200
    assert len(response.context["duplicates"]) == 1
    assert Person.objects.count() == 1


def test_a_shared_phone_does_not_warn(coordinator, partnership):
    PersonFactory.create(partnership=partnership, phone="+46701234567", phone_is_shared=True)

    response = coordinator.post(new_url(partnership), form_data(phone_is_shared="on"))

    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_the_same_details_in_another_partnership_do_not_warn(coordinator, partnership):
    PersonFactory.create(partnership=PartnershipFactory.create(), phone="+46701234567")

    assert coordinator.post(new_url(partnership), form_data()).status_code == 302


def test_merging_what_was_typed_fills_the_existing_person_and_creates_nobody(
    coordinator, partnership
):
    ConsentTextFactory.create(partnership=partnership, purpose=ConsentPurpose.REGISTER)
    existing = PersonFactory.create(
        partnership=partnership,
        first_name="Amina",
        last_name="",
        phone="+46701234567",
        email="",
        birth_year=1990,
        gender=Person.Gender.UNDISCLOSED,
    )
    existing.languages.set(["sv"])

    response = coordinator.post(
        new_url(partnership),
        form_data(
            email="amina@example.org",
            languages=["so"],
            is_participant="on",
            consents_given=[ConsentPurpose.REGISTER],
            consent_channel=ConsentChannel.PHONE,
            duplicate_choice=f"merge-{existing.pk}",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == f"/p/{partnership.slug}/people/{existing.pk}/"
    assert Person.objects.count() == 1
    existing.refresh_from_db()
    assert existing.last_name == "Yusuf"  # was empty: filled in
    assert existing.email == "amina@example.org"
    assert existing.gender == Person.Gender.WOMAN  # "prefer not to say" counts as empty
    assert existing.birth_year == 1990  # was stored: kept
    assert sorted(existing.languages.values_list("code", flat=True)) == ["so", "sv"]
    assert existing.participant.is_active
    assert existing.consents.get().channel == ConsentChannel.PHONE


def test_merging_into_someone_who_is_no_duplicate_only_warns(coordinator, partnership):
    PersonFactory.create(partnership=partnership, phone="+46701234567")
    unrelated = PersonFactory.create(partnership=partnership)

    response = coordinator.post(
        new_url(partnership), form_data(duplicate_choice=f"merge-{unrelated.pk}")
    )

    assert response.status_code == 200
    assert Person.objects.count() == 2
    unrelated.refresh_from_db()
    assert unrelated.last_name != "Yusuf"


def test_an_edit_saves_the_changes_and_names_the_fields_in_the_audit_log(coordinator, partnership):
    person = PersonFactory.create(partnership=partnership, first_name="Amina", phone="")
    ParticipantFactory.create(person=person)
    VolunteerFactory.create(person=person)
    initial = coordinator.get(edit_url(person)).context["form"].initial
    assert (initial["is_participant"], initial["is_volunteer"]) == (True, True)
    data = {
        **{key: value for key, value in initial.items() if value is not None},
        "phone": "0739-87 65 43",
        "languages": ["ti"],
        "is_participant": "on",
        "wants_friend_same_gender": "on",
        "capacity": "1",
    }
    del data["is_volunteer"]
    del data["is_language_friend"]

    response = coordinator.post(edit_url(person), data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "+46739876543"
    assert list(person.languages.values_list("code", flat=True)) == ["ti"]
    assert person.participant.wants_friend_same_gender is True
    assert person.volunteer.is_active is False  # unchecked: deactivated, never deleted
    changed = AuditEvent.objects.get(action="people.person.changed")
    assert sorted(changed.fields) == ["languages", "phone"]
    assert actions()[-3:] == [
        "people.person.changed",
        "people.participant.changed",
        "people.volunteer.changed",
    ]


def test_an_unchanged_edit_writes_no_change_event(coordinator, partnership):
    person = PersonFactory.create(partnership=partnership)
    initial = coordinator.get(edit_url(person)).context["form"].initial
    data = {key: value for key, value in initial.items() if value not in (None, False)}

    assert coordinator.post(edit_url(person), data).status_code == 302
    assert actions() == ["people.person.viewed"]  # the edit page showed the data


def test_an_edit_to_anothers_email_warns_and_offers_the_merge_page(coordinator, partnership):
    person = PersonFactory.create(partnership=partnership)
    other = PersonFactory.create(partnership=partnership, email="taken@example.org")
    data = {
        key: value
        for key, value in coordinator.get(edit_url(person)).context["form"].initial.items()
        if value not in (None, False)
    }

    warned = coordinator.post(edit_url(person), {**data, "email": "taken@example.org"})

    assert warned.status_code == 200
    html = warned.content.decode()
    assert f'href="/p/{partnership.slug}/people/{person.pk}/merge/{other.pk}/"' in html
    person.refresh_from_db()
    assert person.email != "taken@example.org"

    saved = coordinator.post(
        edit_url(person), {**data, "email": "taken@example.org", "duplicate_choice": "new"}
    )

    assert saved.status_code == 302
    person.refresh_from_db()
    assert person.email == "taken@example.org"


def test_an_edit_that_keeps_a_known_duplicate_does_not_warn_again(coordinator, partnership):
    person = PersonFactory.create(partnership=partnership, phone="+46701234567")
    PersonFactory.create(partnership=partnership, phone="+46701234567")
    data = {
        key: value
        for key, value in coordinator.get(edit_url(person)).context["form"].initial.items()
        if value not in (None, False)
    }

    assert coordinator.post(edit_url(person), {**data, "interests": "Fika"}).status_code == 302


def test_consent_is_withdrawn_on_the_edit_page(coordinator, partnership):
    person = PersonFactory.create(partnership=partnership)
    ConsentRecordFactory.create(person=person, purpose=ConsentPurpose.MESSAGES)
    form = coordinator.get(edit_url(person)).context["form"]
    assert [value for value, _label in form.fields["consents_withdrawn"].choices] == [
        ConsentPurpose.MESSAGES
    ]
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}

    response = coordinator.post(
        edit_url(person),
        {
            **data,
            "consents_withdrawn": [ConsentPurpose.MESSAGES],
            "consent_channel": ConsentChannel.PHONE,
        },
    )

    assert response.status_code == 302
    record = person.consents.get()
    assert (record.is_active, record.withdrawn_channel) == (False, ConsentChannel.PHONE)


@pytest.mark.parametrize(("role", "status"), ROLE_STATUS)
def test_who_may_add_and_edit(partnership, role, status):
    person = PersonFactory.create(partnership=partnership)
    client = staff_client(partnership, role)

    assert client.get(new_url(partnership)).status_code == status
    assert client.get(edit_url(person)).status_code == status
    assert client.post(new_url(partnership), form_data(phone="0739876543")).status_code == (
        302 if status == 200 else status
    )
    assert Person.objects.count() == (2 if status == 200 else 1)


def test_another_partnerships_person_cannot_be_edited(coordinator, partnership):
    stranger = PersonFactory.create(first_name="Olga")

    assert coordinator.get(f"/p/{partnership.slug}/people/{stranger.pk}/edit/").status_code == 404
    assert (
        coordinator.post(
            f"/p/{partnership.slug}/people/{stranger.pk}/edit/", form_data()
        ).status_code
        == 404
    )
    stranger.refresh_from_db()
    assert stranger.first_name == "Olga"


def test_anonymous_goes_to_login(partnership):
    response = Client().post(new_url(partnership), form_data())

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Person.objects.count() == 0


def test_a_volunteer_is_refused_even_by_post(partnership):
    response = staff_client(partnership, Role.VOLUNTEER).post(new_url(partnership), form_data())

    assert response.status_code == 403
    assert Person.objects.count() == 0


def test_a_made_up_duplicate_choice_is_refused(coordinator, partnership):
    response = coordinator.post(new_url(partnership), form_data(duplicate_choice="merge-all"))

    assert error_codes(response) == {"duplicate_choice": ["invalid"]}
    assert Person.objects.count() == 0


def test_continuing_without_a_choice_only_warns_again(coordinator, partnership):
    PersonFactory.create(partnership=partnership, phone="+46701234567")

    response = coordinator.post(new_url(partnership), form_data(duplicate_choice=""))

    assert response.status_code == 200
    assert len(response.context["duplicates"]) == 1
    assert Person.objects.count() == 1
