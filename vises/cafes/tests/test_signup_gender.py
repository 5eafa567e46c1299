"""The facts the statistics need (issue 12): gender as one tap on the sign-up (web and API),
birth year and part of town as optional questions after it, and a mark at the door for a
first-timer whose gender is not known."""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache
from django.test import Client

from vises.cafes.models import Cafe, Registration
from vises.cafes.services.signup import about_you_token
from vises.cafes.tests.checkin.support import assign, logged_in, today_cafe, volunteer_member
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.common.models import AuditEvent
from vises.people.models import ConsentPurpose, Person
from vises.people.tests.factories import ConsentTextFactory, DistrictFactory, PersonFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def without_csrf(response) -> str:
    return re.sub(
        r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', "", response.content.decode()
    )


@pytest.fixture(autouse=True)
def _rate_limit_cache(settings) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture
def cafe() -> Cafe:
    cafe = CafeFactory.create(capacity=8, company__name="Bageriet AB")
    ConsentTextFactory.create(partnership=cafe.partnership, purpose=ConsentPurpose.REGISTER)
    return cafe


def web_signup(cafe: Cafe, phone: str = "070-100 00 01", **fields: str):
    answers = {"first_name": "Amina", "contact": phone, "language": "sv", "consent": "on"}
    return Client().post(f"/cafes/{cafe.pk}/signup/", answers | fields)


def api_signup(cafe: Cafe, phone: str = "070-100 00 02", **fields: object):
    body = {"first_name": "Amina", "phone": phone, "language": "sv", "consent": True} | fields
    return Client().post(
        f"/api/v1/cafes/{cafe.pk}/registrations", json.dumps(body), content_type="application/json"
    )


def person(phone: str) -> Person:
    return Person.objects.get(phone="+46" + phone.replace(" ", "").replace("-", "")[1:])


# The gender question ----------------------------------------------------------------------


def test_the_form_shows_four_tiles_in_one_fieldset(cafe):
    html = Client().get(f"/cafes/{cafe.pk}/signup/").content.decode()

    for value in ("woman", "man", "other", "undisclosed"):
        assert f'type="radio" name="gender" value="{value}"' in html
    assert html.count('class="tile"') == 4
    assert "♀" in html and "♂" in html and "⚥" in html
    assert "Fråga 4 av 5" in html and "Vilket kön har du?" in html


@pytest.mark.parametrize("gender", ["woman", "man", "other", "undisclosed"])
def test_the_web_sign_up_stores_the_gender_tapped(cafe, gender):
    response = web_signup(cafe, gender=gender)

    assert response.status_code == 200
    assert person("070-100 00 01").gender == gender


def test_a_web_sign_up_without_a_tap_counts_as_prefer_not_to_say(cafe):
    web_signup(cafe)

    assert person("070-100 00 01").gender == Person.Gender.UNDISCLOSED


def test_the_api_stores_the_gender_and_a_missing_one_is_undisclosed(cafe):
    assert api_signup(cafe, "070-100 00 02", gender="man").status_code == 201
    assert api_signup(cafe, "070-100 00 03").status_code == 201

    assert person("070-100 00 02").gender == Person.Gender.MAN
    assert person("070-100 00 03").gender == Person.Gender.UNDISCLOSED


@pytest.mark.parametrize("value", ["female", "", 3])
def test_an_invalid_api_gender_is_400_naming_the_field(cafe, value):
    response = api_signup(cafe, gender=value)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "gender" in error["fields"]
    assert not Registration.objects.filter(cafe=cafe).exists()


def test_the_openapi_document_offers_gender_as_optional():
    schema = Client().get("/api/v1/openapi.json").json()
    body = schema["components"]["schemas"]["RegistrationIn"]

    assert body["properties"]["gender"]["enum"] == ["woman", "man", "other", "undisclosed"]
    assert "gender" not in body.get("required", [])


def test_a_known_gender_is_not_overwritten_by_a_sign_up(cafe):
    known = PersonFactory.create(
        partnership=cafe.partnership, phone="+46701000001", gender=Person.Gender.WOMAN
    )
    web_signup(cafe, gender="undisclosed")
    other_cafe = CafeFactory.create(company__partnership=cafe.partnership)
    api_signup(other_cafe, "070-100 00 01", gender="man")

    known.refresh_from_db()
    assert known.gender == Person.Gender.WOMAN
    assert Registration.objects.filter(person=known).count() == 2


def test_an_unknown_gender_of_someone_known_is_filled_in(cafe):
    known = PersonFactory.create(
        partnership=cafe.partnership, phone="+46701000001", gender=Person.Gender.UNDISCLOSED
    )
    web_signup(cafe, gender="other")

    known.refresh_from_db()
    assert known.gender == Person.Gender.OTHER
    assert AuditEvent.objects.filter(
        action="people.person.changed", actor="link:public_signup", fields=["gender"]
    ).exists()


def test_a_repeated_sign_up_changes_no_gender(cafe):
    owner = PersonFactory.create(
        partnership=cafe.partnership, phone="+46701000001", gender=Person.Gender.UNDISCLOSED
    )
    RegistrationFactory.create(cafe=cafe, person=owner)

    web_signup(cafe, gender="man")
    api_signup(cafe, "070-100 00 01", gender="woman")

    owner.refresh_from_db()
    assert owner.gender == Person.Gender.UNDISCLOSED


# The optional questions after signing up ----------------------------------------------------


def about_you(cafe: Cafe, token: str, **fields: object):
    return Client().post(f"/cafes/{cafe.pk}/signup/about-you/", {"token": token} | fields)


def test_the_confirmation_offers_birth_year_and_part_of_town(cafe):
    DistrictFactory.create(partnership=cafe.partnership, name="Norrby")
    html = web_signup(cafe).content.decode()

    assert "Två frågor till, om du vill" in html
    assert 'name="birth_year"' in html
    assert "Norrby" in html
    assert TOKEN.search(html)


def test_the_optional_answers_are_saved_with_an_audit_event(cafe):
    district = DistrictFactory.create(partnership=cafe.partnership, name="Norrby")
    token = TOKEN.search(web_signup(cafe).content.decode()).group(1)

    response = about_you(cafe, token, birth_year="1990", district=str(district.pk))

    assert response.status_code == 200
    signed_up = person("070-100 00 01")
    assert (signed_up.birth_year, signed_up.district) == (1990, district)
    event = AuditEvent.objects.get(action="people.person.changed", actor="link:public_signup")
    assert sorted(event.fields) == ["birth_year", "district"]


def test_the_optional_questions_can_be_skipped(cafe):
    DistrictFactory.create(partnership=cafe.partnership)
    token = TOKEN.search(web_signup(cafe).content.decode()).group(1)

    response = about_you(cafe, token, birth_year="", district="")

    assert response.status_code == 200
    signed_up = person("070-100 00 01")
    assert (signed_up.birth_year, signed_up.district) == (None, None)
    assert not AuditEvent.objects.filter(action="people.person.changed").exists()


def test_a_birth_year_out_of_range_is_shown_again_and_nothing_saved(cafe):
    token = TOKEN.search(web_signup(cafe).content.decode()).group(1)

    response = about_you(cafe, token, birth_year="1800")

    assert response.status_code == 200
    assert "Skriv ett födelseår mellan" in response.content.decode()
    assert person("070-100 00 01").birth_year is None


def test_a_repeated_sign_up_cannot_set_the_owners_details(cafe):
    owner = PersonFactory.create(
        partnership=cafe.partnership, phone="+46701000001", birth_year=None
    )
    RegistrationFactory.create(cafe=cafe, person=owner)
    token = TOKEN.search(web_signup(cafe).content.decode()).group(1)
    fresh = TOKEN.search(web_signup(cafe, "070-100 00 09").content.decode()).group(1)

    repeated = about_you(cafe, token, birth_year="1950")
    new = about_you(cafe, fresh, birth_year="1950")

    owner.refresh_from_db()
    assert owner.birth_year is None
    assert person("070-100 00 09").birth_year == 1950
    assert repeated.status_code == new.status_code == 200
    assert without_csrf(repeated) == without_csrf(new)


def test_a_known_birth_year_is_not_overwritten_and_a_bad_token_changes_nothing(cafe):
    web_signup(cafe)
    signed_up = person("070-100 00 01")
    Person.objects.filter(pk=signed_up.pk).update(birth_year=1980)
    registration = Registration.objects.get(person=signed_up)

    about_you(cafe, about_you_token(registration.reference), birth_year="1990")
    about_you(cafe, "not-a-token", birth_year="1991")

    signed_up.refresh_from_db()
    assert signed_up.birth_year == 1980


# The mark at the door -----------------------------------------------------------------------


@pytest.fixture
def door(partnership):
    cafe = today_cafe(partnership)
    membership = volunteer_member(partnership)
    assign(membership, cafe)
    return cafe, logged_in(membership)


def rows_by_name(cafe: Cafe, client: Client) -> dict[str, bool]:
    response = client.get(f"/p/{cafe.partnership.slug}/checkin/{cafe.pk}/")
    return {row.first_name: row.ask_gender for row in response.context["rows"]}


def test_the_door_marks_a_first_timer_with_unknown_gender_only(door):
    cafe, volunteer = door
    undisclosed = Person.Gender.UNDISCLOSED
    new_unknown = PersonFactory.create(
        partnership=cafe.partnership, first_name="Ny", gender=undisclosed
    )
    returning = PersonFactory.create(
        partnership=cafe.partnership, first_name="Gammal", gender=undisclosed
    )
    known = PersonFactory.create(partnership=cafe.partnership, first_name="Känd")
    earlier = CafeFactory.create(company__partnership=cafe.partnership)
    RegistrationFactory.create(
        cafe=earlier, person=returning, attendance=Registration.Attendance.ATTENDED
    )
    # Having signed up before without coming still makes a first-timer.
    RegistrationFactory.create(
        cafe=earlier, person=new_unknown, attendance=Registration.Attendance.NO_SHOW
    )
    for someone in (new_unknown, returning, known):
        RegistrationFactory.create(cafe=cafe, person=someone)

    assert rows_by_name(cafe, volunteer) == {"Ny": True, "Gammal": False, "Känd": False}
    html = volunteer.get(f"/p/{cafe.partnership.slug}/checkin/{cafe.pk}/").content.decode()
    assert html.count("Ny – kön saknas") == 1
