"""The public café pages and the person's registration link, as a visitor uses them."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vises.cafes.links import registrations as links
from vises.cafes.models import Cafe, CafeDescription, Registration
from vises.cafes.services import signup as signup_service
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.cafes.views import public
from vises.common.models import AuditEvent
from vises.partnerships.tests.factories import PartnershipFactory
from vises.people.models import ConsentPurpose, Language, Person
from vises.people.services.links import person_token
from vises.people.tests.factories import ConsentTextFactory, DistrictFactory, PersonFactory

pytestmark = pytest.mark.django_db

WINTER = datetime(2030, 1, 15, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm


@pytest.fixture(autouse=True)
def _rate_limit_cache(settings) -> None:
    settings.VISES_RATE_LIMITS = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


def visitor(language: str = "en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def cafe() -> Cafe:
    cafe = CafeFactory.create(capacity=8, company__name="Bageriet AB")
    ConsentTextFactory.create(partnership=cafe.partnership, purpose=ConsentPurpose.REGISTER)
    return cafe


def without_csrf(response) -> str:
    """The page without its CSRF tokens, which differ on every answer."""
    return re.sub(
        r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value="|name="token" value=")[^"]+',
        r"\1",
        response.content.decode(),
    )


def signup_url(cafe: Cafe) -> str:
    return f"/cafes/{cafe.pk}/signup/"


def answers(n: int = 0, **fields: str) -> dict[str, str]:
    return {
        "first_name": "Amina",
        "contact": f"070-100 00 {n:02d}",
        "language": "ar",
        "consent": "on",
    } | fields


# The calendar


def test_the_calendar_lists_upcoming_cafes_open_for_sign_up_only():
    now = timezone.now()
    listed = [
        CafeFactory.create(status=Cafe.Status.OPEN, starts_at=now + timedelta(days=3)),
        CafeFactory.create(status=Cafe.Status.FULL, starts_at=now + timedelta(days=9)),
    ]
    CafeFactory.create(status=Cafe.Status.PLANNED)
    CafeFactory.create(status=Cafe.Status.CANCELLED)
    CafeFactory.create(status=Cafe.Status.HELD, starts_at=now - timedelta(days=2))
    CafeFactory.create(
        starts_at=now + timedelta(hours=3), signup_deadline=now - timedelta(minutes=5)
    )

    response = visitor().get("/cafes/")

    assert response.status_code == 200
    assert [card.cafe.pk for card in response.context["cards"]] == [cafe.pk for cafe in listed]
    assert f'href="/cafes/{listed[0].pk}/signup/"' in response.content.decode()


def test_a_calendar_entry_shows_what_a_visitor_needs_to_decide():
    district = DistrictFactory.create(name="Ryd")
    cafe = CafeFactory.create(
        company__name="Bageriet AB",
        company__partnership=district.partnership,
        company__district=district,
        starts_at=WINTER,
        ends_at=WINTER + timedelta(hours=1, minutes=30),
        capacity=8,
        children_welcome=True,
    )
    cafe.languages.add(Language.objects.create(code="xa", name_sv="Ett", name_en="One"))
    RegistrationFactory.create_batch(3, cafe=cafe)

    page = visitor("en").get("/cafes/").content.decode()

    # Names are isolated (<bdi>), so a right-to-left page cannot scramble them (issue 9).
    assert "Café at <bdi>Bageriet AB</bdi>" in page
    assert "Tuesday 15 January 2030, 10:00–11:30" in page
    assert "<bdi>Bageriet AB</bdi>, <bdi>Ryd</bdi>" in page
    assert "5 places left" in page
    assert "Languages spoken on site: One" in page
    assert "Children are welcome." in page


def test_a_full_cafe_shows_the_waitlist():
    cafe = CafeFactory.create(capacity=1, status=Cafe.Status.FULL)
    RegistrationFactory.create(cafe=cafe)

    page = visitor("en").get("/cafes/").content.decode()

    assert ">Waitlist<" in page
    assert "Join the waitlist" in page


def test_the_description_is_in_the_visitors_language_falling_back_to_swedish():
    cafe = CafeFactory.create(description="Välkommen på fika!")
    CafeDescription.objects.create(cafe=cafe, language="en", text="Welcome to fika!")

    english = visitor("en").get("/cafes/").content.decode()
    arabic = visitor("ar").get("/cafes/").content.decode()

    assert '<p lang="en">Welcome to fika!</p>' in english
    assert "Välkommen" not in english
    # Marked Swedish and left to right inside the right-to-left page (issue 9).
    assert '<p lang="sv" dir="ltr">Välkommen på fika!</p>' in arabic


def test_the_calendar_costs_the_same_queries_for_2_and_30_cafes():
    def queries_for(count: int) -> int:
        Cafe.objects.update(status=Cafe.Status.CANCELLED)  # off the calendar
        for cafe in CafeFactory.create_batch(count, company__district=DistrictFactory.create()):
            RegistrationFactory.create(cafe=cafe)
            CafeDescription.objects.create(cafe=cafe, language="en", text="Hello")
            cafe.languages.add(
                Language.objects.get_or_create(code="xb", name_sv="B", name_en="B")[0]
            )
        client = visitor("en")
        with CaptureQueriesContext(connection) as context:
            response = client.get("/cafes/")
        assert len(response.context["cards"]) == count
        return len(context.captured_queries)

    assert queries_for(2) == queries_for(30)


def test_the_front_page_shows_the_next_cafes():
    cafes = CafeFactory.create_batch(public.HOME_PAGE_CAFES + 1, company__name="Verkstan AB")

    response = visitor("en").get("/")

    assert [card.cafe.pk for card in response.context["cards"]] == [
        cafe.pk for cafe in cafes[: public.HOME_PAGE_CAFES]
    ]
    assert "No cafés are open for sign-up right now" not in response.content.decode()


def test_the_front_page_says_so_when_no_cafe_is_open():
    response = visitor("en").get("/")

    assert "No cafés are open for sign-up right now" in response.content.decode()


# One café


def test_the_cafe_page_gives_the_practical_details(cafe):
    Cafe.objects.filter(pk=cafe.pk).update(
        address="Storgatan 5",
        bus_stop="Resecentrum",
        entrance="Gula dörren",
        accessibility="Hiss finns",
        fika="Kaffe, te och glutenfria bullar",
    )

    response = visitor("en").get(f"/cafes/{cafe.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Personalrummet, plan 2",
        "Storgatan 5",
        "Resecentrum",
        "Gula dörren",
        "Hiss finns",
        "Kaffe, te och glutenfria bullar",
    ):
        assert text in page


def test_a_planned_cafe_is_not_public_yet():
    cafe = CafeFactory.create(status=Cafe.Status.PLANNED)

    assert visitor().get(f"/cafes/{cafe.pk}/").status_code == 404
    assert visitor().get(signup_url(cafe)).status_code == 404


def test_an_unknown_cafe_is_404():
    assert visitor().get("/cafes/999999/signup/").status_code == 404


# Sign-up


def test_the_form_preselects_the_visitors_language_and_links_the_privacy_notice(cafe):
    response = visitor("fa").get(signup_url(cafe))

    page = response.content.decode()
    assert response.context["form"]["language"].value() == "fa"
    assert '<option value="fa" selected>' in page
    assert 'href="/privacy/"' in page
    assert "Jag samtycker" in page  # the consent text the person agrees to


def test_eight_are_confirmed_and_the_ninth_waitlisted(cafe):
    client = visitor("en")
    first_eight = [client.post(signup_url(cafe), answers(n)) for n in range(8)]

    ninth = client.post(signup_url(cafe), answers(8))
    tenth = client.post(signup_url(cafe), answers(9))

    assert {response.context["status"] for response in first_eight} == {"confirmed"}
    assert "You have a place" in first_eight[0].content.decode()
    assert (ninth.status_code, ninth.context["status"], ninth.context["position"]) == (
        200,
        "waitlisted",
        1,
    )
    assert "You are number 1 in line." in ninth.content.decode()
    assert "A receipt is on its way to you" in ninth.content.decode()
    assert tenth.context["position"] == 2
    assert Registration.objects.filter(cafe=cafe, source="web").count() == 10
    assert Cafe.objects.get(pk=cafe.pk).status == Cafe.Status.FULL


def test_a_sign_up_stores_the_contact_and_language(cafe):
    visitor().post(signup_url(cafe), answers(contact="Amina@Example.org", language="so"))

    person = Person.objects.get()
    assert (person.first_name, person.email, person.phone, person.language) == (
        "Amina",
        "Amina@example.org",  # the domain is normalised, the local part kept
        "",
        "so",
    )


def test_each_field_gets_its_own_message(cafe):
    response = visitor("en").post(
        signup_url(cafe), {"first_name": "", "contact": "12", "language": "xx"}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert sorted(errors) == ["consent", "contact", "first_name", "language"]
    assert errors["first_name"] == ["Write your first name."]
    assert errors["language"] == ["Choose one of the languages in the list."]
    assert errors["consent"] == ["You need to agree so that we may keep your details."]
    assert Person.objects.count() == 0


def test_an_empty_form_gets_every_message(cafe):
    response = visitor("en").post(signup_url(cafe), {})

    assert sorted(response.context["form"].errors) == [
        "consent",
        "contact",
        "first_name",
        "language",
    ]


def test_no_contact_at_all_asks_for_one(cafe):
    response = visitor("en").post(signup_url(cafe), answers(contact=""))

    assert response.context["form"].errors == {
        "contact": ["Give a phone number or an e-mail address, so we can reach you."]
    }


def test_a_closed_cafe_explains_itself_with_the_form_disabled(cafe):
    Cafe.objects.filter(pk=cafe.pk).update(status=Cafe.Status.CANCELLED)

    shown = visitor("en").get(signup_url(cafe))
    sent = visitor("en").post(signup_url(cafe), answers())

    for response in (shown, sent):
        page = response.content.decode()
        assert response.status_code == 200
        assert "This café is cancelled." in page
        assert '<button type="submit" disabled>' in page
        assert all(field.field.disabled for field in response.context["form"])
    assert Registration.objects.count() == 0


def test_a_cafe_past_its_deadline_is_closed(cafe):
    Cafe.objects.filter(pk=cafe.pk).update(signup_deadline=timezone.now() - timedelta(minutes=1))

    response = visitor("en").post(signup_url(cafe), answers())

    assert response.context["closed"] == "Sign-up for this café has closed."
    assert Registration.objects.count() == 0


def test_a_second_sign_up_with_the_same_contact_shows_what_a_new_one_would(cafe):
    """Nobody may learn from the page that the contact is registered (docs/security.md)."""
    first = visitor("en").post(signup_url(cafe), answers(contact="070-123 45 67"))

    second = visitor("en").post(signup_url(cafe), answers(first_name="A.", contact="+46701234567"))

    assert Registration.objects.count() == 1
    assert second.context["status"] == first.context["status"] == "confirmed"
    assert without_csrf(second) == without_csrf(first)
    assert "already" not in second.content.decode()


def test_a_sign_up_never_finds_a_person_of_another_partnership(cafe):
    elsewhere = PersonFactory.create(
        partnership=PartnershipFactory.create(), first_name="Amina", phone="+46701234567"
    )

    visitor("en").post(signup_url(cafe), answers(contact="070-123 45 67"))

    registration = Registration.objects.get()
    assert registration.person != elsewhere
    assert registration.person.partnership == cafe.partnership
    assert registration.person.phone == "+46701234567"


def test_a_sign_up_with_a_shared_family_phone_is_a_new_person(cafe):
    sister = PersonFactory.create(
        partnership=cafe.partnership, first_name="Hawa", phone="+46701234567"
    )
    PersonFactory.create(
        partnership=cafe.partnership, first_name="Idil", phone="+46701234567", phone_is_shared=True
    )

    visitor("en").post(signup_url(cafe), answers(contact="070-123 45 67"))

    registration = Registration.objects.get()
    assert registration.person != sister  # whose phone is it? not hers alone
    assert registration.person.first_name == "Amina"


def test_too_many_sign_ups_from_one_address_get_the_429_page(cafe, monkeypatch):
    monkeypatch.setattr(signup_service, "SIGNUPS_PER_ADDRESS", 2)
    client = visitor("sv")
    statuses = [client.post(signup_url(cafe), answers(n)).status_code for n in range(3)]

    response = client.post(signup_url(cafe), answers(9))

    assert statuses == [200, 200, 429]
    assert response.status_code == 429
    assert (
        "Too many attempts" in response.content.decode() or "För många" in response.content.decode()
    )
    assert [t.name for t in response.templates][0] == "429.html"
    assert Registration.objects.count() == 2


# The person's own link


@pytest.fixture
def full_cafe(cafe) -> tuple[Registration, Registration]:
    """A café with every seat taken and two people waiting: (a confirmed, the first waiting)."""
    confirmed = RegistrationFactory.create_batch(8, cafe=cafe)
    Cafe.objects.filter(pk=cafe.pk).update(status=Cafe.Status.FULL)
    first_waiting = RegistrationFactory.create(cafe=cafe, status=Registration.Status.WAITLISTED)
    RegistrationFactory.create(cafe=cafe, status=Registration.Status.WAITLISTED)
    return confirmed[0], first_waiting


def test_the_link_is_a_signed_path_that_holds_no_reference(cafe):
    registration = RegistrationFactory.create(cafe=cafe)

    link = links.registration_link(registration)

    assert link.startswith("/r/") and link.endswith("/")
    assert registration.reference not in link
    assert links.registration_from_token(link[3:-1]) == registration


def test_the_link_shows_the_registration(cafe):
    registration = RegistrationFactory.create(
        cafe=cafe, person__language="en", person__first_name="Amina"
    )

    response = Client().get(links.registration_link(registration))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Hello Amina!" in page
    assert "You have a place" in page
    assert response["Content-Language"] == "en"
    assert "no-store" in response["Cache-Control"]
    assert (
        AuditEvent.objects.filter(
            action="cafes.registration.viewed", actor="link:registration"
        ).count()
        == 1
    )


def test_cancelling_by_link_gives_the_seat_to_the_first_in_line(full_cafe):
    confirmed, first_waiting = full_cafe
    link = links.registration_link(confirmed)

    asked = Client().get(link + "cancel/")
    response = Client().post(link + "cancel/")

    assert asked.status_code == 200
    assert (response.status_code, response["Location"]) == (302, link)
    confirmed.refresh_from_db()
    first_waiting.refresh_from_db()
    assert confirmed.status == Registration.Status.CANCELLED
    assert first_waiting.status == Registration.Status.CONFIRMED
    assert Registration.objects.filter(status=Registration.Status.WAITLISTED).count() == 1
    assert (
        AuditEvent.objects.filter(
            action="cafes.registration.cancelled", actor="link:registration"
        ).count()
        == 1
    )


def test_a_waitlisted_person_sees_their_place_in_line(full_cafe):
    _confirmed, first_waiting = full_cafe
    Person.objects.filter(pk=first_waiting.person_id).update(language="en")

    page = Client().get(links.registration_link(first_waiting)).content.decode()

    assert "On the waitlist, number 1" in page


def test_a_cafe_that_has_begun_cannot_be_cancelled_by_link(cafe):
    registration = RegistrationFactory.create(cafe=cafe)
    Cafe.objects.filter(pk=cafe.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    link = links.registration_link(registration)

    response = Client().post(link + "cancel/")

    assert (response.status_code, response["Location"]) == (302, link)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_the_person_can_change_their_language_by_link(cafe):
    registration = RegistrationFactory.create(cafe=cafe, person__language="sv")
    link = links.registration_link(registration)

    response = Client().post(link + "language/", {"language": "ti"})

    assert (response.status_code, response["Location"]) == (302, link)
    assert Person.objects.get(pk=registration.person_id).language == "ti"


@pytest.mark.parametrize(
    "path",
    ["/r/{token}x/", "/r/{token}x/cancel/", "/r/{reference}/", "/r/{self_service}/"],
    ids=["tampered", "tampered-cancel", "reference", "other-purpose"],
)
def test_a_bad_link_gets_a_friendly_page(cafe, path):
    registration = RegistrationFactory.create(cafe=cafe)
    token = links.registration_token(registration)
    url = path.format(
        token=token,
        reference=registration.reference,
        self_service=person_token(person=registration.person),
    )

    response = visitor("en").post(url) if "cancel" in url else visitor("en").get(url)

    assert response.status_code == 200
    assert response.context["expired"] is False
    assert "This link does not work" in response.content.decode()
    assert 'href="/me/"' in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_an_expired_link_gets_a_friendly_page(cafe, monkeypatch):
    registration = RegistrationFactory.create(cafe=cafe)
    made = time.time() - links.MAX_AGE_SECONDS - 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: made)
    link = links.registration_link(registration)
    monkeypatch.undo()

    response = visitor("en").get(link)

    assert response.status_code == 200
    assert response.context["expired"] is True
    assert "This link is too old" in response.content.decode()


def test_an_invited_person_is_sent_on_to_answer_the_invitation(cafe):
    registration = RegistrationFactory.create(
        cafe=cafe,
        status=Registration.Status.INVITED,
        invited_until=timezone.now() + timedelta(days=2),
        person__language="en",
    )
    token = links.registration_token(registration)

    page = Client().get(links.registration_link(registration)).content.decode()

    assert f'href="/invitations/{token}/"' in page


def test_a_company_name_stays_whole_inside_an_arabic_sentence():
    cafe = CafeFactory.create(company__name="Bageriet AB <Linköping>")

    page = visitor("ar").get(f"/cafes/{cafe.pk}/").content.decode()

    assert "<bdi>Bageriet AB &lt;Linköping&gt;</bdi>" in page  # isolated, and still escaped
