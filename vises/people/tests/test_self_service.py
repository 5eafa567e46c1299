"""A person's own pages through a signed link: see, correct, download, erase, report a concern,
and get a new link when the old one no longer works."""

from __future__ import annotations

import json
import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from vises.common import sms
from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory
from vises.people.models import Concern, Person
from vises.people.services.links import person_from_token, person_link, person_token
from vises.people.tests.factories import DistrictFactory, PersonFactory

pytestmark = pytest.mark.django_db

ACTOR = "link:self_service"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture
def person(partnership) -> Person:
    person = PersonFactory.create(
        partnership=partnership,
        first_name="Amina",
        last_name="Yusuf",
        phone="+46701234567",
        email="amina@example.org",
        language="en",
    )
    person.languages.set(["ar"])
    return person


@pytest.fixture
def link(person) -> str:
    return person_link(person=person)


@pytest.fixture
def coordinator(partnership):
    return MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR).user


def audit_of(action: str) -> list[tuple[str, str, list[str]]]:
    return [
        (event.actor, event.object_id, event.fields)
        for event in AuditEvent.objects.filter(action=action).order_by("pk")
    ]


def expired_link(person: Person) -> str:
    with mock.patch("time.time", return_value=time.time() - 31 * 24 * 60 * 60):
        return f"/me/{person_token(person=person)}/"


def tampered_link(person: Person) -> str:
    token = person_token(person=person)
    return f"/me/{token[:-2]}{'AA' if token[-2:] != 'AA' else 'BB'}/"


# Seeing one's data ------------------------------------------------------------------------


def test_a_valid_link_shows_the_persons_data_in_their_language(client, person, link):
    response = client.get(link)

    assert response.status_code == 200
    assert "people/self_service/home.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert "Amina" in body and "Yusuf" in body and "amina@example.org" in body
    assert "070-123 45 67" in body
    assert "Your details" in body  # English: the person's language
    assert response["Content-Language"] == "en"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert audit_of("people.person.viewed") == [(ACTOR, str(person.pk), [])]


def test_the_visitors_own_language_choice_wins(client, person, link):
    client.cookies["vises_language"] = "sv"

    response = client.get(link)

    assert response.status_code == 200
    assert response["Content-Language"] == "sv"
    assert "Byt" in response.content.decode()  # "Change" in Swedish


@pytest.mark.parametrize("make_link", [expired_link, tampered_link], ids=["expired", "tampered"])
@pytest.mark.parametrize("path", ["", "erase/", "consent/", "my-data.json", "change/email/"])
def test_a_bad_link_gets_a_friendly_page_that_offers_a_new_link(client, person, make_link, path):
    response = client.get(make_link(person) + path)

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "common/link_problem.html"
    body = response.content.decode()
    assert 'action="/me/"' in body
    assert 'name="contact"' in body
    assert "Amina" not in body
    assert audit_of("people.person.viewed") == []


def test_an_expired_and_a_tampered_link_say_different_things(client, person):
    with __import__("django.utils.translation").utils.translation.override("en"):
        expired = client.get(expired_link(person), HTTP_ACCEPT_LANGUAGE="en")
        tampered = client.get(tampered_link(person), HTTP_ACCEPT_LANGUAGE="en")

    assert expired.context["expired"] is True
    assert tampered.context["expired"] is False
    assert "This link is too old" in expired.content.decode()
    assert "This link does not work" in tampered.content.decode()


# Correcting it ----------------------------------------------------------------------------


def test_correcting_a_detail_saves_it_and_audits_field_names_only(client, person, link):
    page = client.get(f"{link}change/first_name/")
    assert page.status_code == 200
    assert 'value="Amina"' in page.content.decode()

    response = client.post(f"{link}change/first_name/", {"first_name": "Aminah"})

    assert response.status_code == 302
    assert response["Location"] == f"{link}#details"
    person.refresh_from_db()
    assert person.first_name == "Aminah"
    assert audit_of("people.person.changed") == [(ACTOR, str(person.pk), ["first_name"])]
    event = AuditEvent.objects.get(action="people.person.changed")
    assert "Amina" not in json.dumps(
        [event.actor, event.action, event.object_type, event.object_id, event.fields]
    )


def test_an_invalid_phone_number_shows_the_field_error(client, person, link):
    response = client.post(f"{link}change/phone/", {"phone": "12345"})

    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [error.code for error in errors["phone"]] == ["invalid_phone"]
    assert 'class="errorlist' in response.content.decode()
    person.refresh_from_db()
    assert person.phone == "+46701234567"
    assert audit_of("people.person.changed") == []


def test_a_phone_number_is_saved_normalised(client, person, link):
    response = client.post(f"{link}change/phone/", {"phone": "070-765 43 21"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "+46707654321"


def test_removing_the_last_contact_is_refused(client, partnership):
    person = PersonFactory.create(partnership=partnership, email="", phone="+46701112233")
    link = person_link(person=person)

    response = client.post(f"{link}change/phone/", {"phone": ""})

    assert response.status_code == 200
    codes = [error.code for error in response.context["form"].errors.as_data()["phone"]]
    assert codes == ["contact_required"]


def test_languages_and_district_can_be_corrected(client, person, link, partnership):
    berga = DistrictFactory.create(partnership=partnership, name="Berga")
    elsewhere = DistrictFactory.create(partnership=PartnershipFactory.create(), name="Annanstans")

    assert client.post(f"{link}change/languages/", {"languages": ["sv", "so"]}).status_code == 302
    assert client.post(f"{link}change/district/", {"district": berga.pk}).status_code == 302
    refused = client.post(f"{link}change/district/", {"district": elsewhere.pk})

    person.refresh_from_db()
    assert sorted(person.languages.values_list("code", flat=True)) == ["so", "sv"]
    assert person.district == berga
    assert refused.status_code == 200
    assert [e.code for e in refused.context["form"].errors.as_data()["district"]] == [
        "invalid_choice"
    ]
    assert audit_of("people.person.changed") == [
        (ACTOR, str(person.pk), ["languages"]),
        (ACTOR, str(person.pk), ["district"]),
    ]


def test_fields_outside_the_list_cannot_be_changed(client, person, link):
    assert client.get(f"{link}change/referral_source/").status_code == 404
    assert client.post(f"{link}change/anonymised_at/", {"anonymised_at": "x"}).status_code == 404


# Downloading it ----------------------------------------------------------------------------


def test_download_as_json(client, person, link):
    response = client.get(f"{link}my-data.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="vi-ses-my-data.json"'
    data = json.loads(response.content)
    assert (data["first_name"], data["phone"], data["email"]) == (
        "Amina",
        "+46701234567",
        "amina@example.org",
    )
    assert audit_of("people.person.exported") == [(ACTOR, str(person.pk), ["json"])]


def test_download_as_pdf(client, person, link):
    response = client.get(f"{link}my-data.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="vi-ses-my-data.pdf"'
    assert response.content.startswith(b"%PDF")
    assert audit_of("people.person.exported") == [(ACTOR, str(person.pk), ["pdf"])]


# Erasing it --------------------------------------------------------------------------------


def test_erasure_asks_once_then_erases_at_once_and_tells_the_coordinator_without_data(
    client, person, link, coordinator, django_capture_on_commit_callbacks
):
    confirm = client.get(f"{link}erase/")
    assert confirm.status_code == 200
    assert Person.objects.filter(first_name="Amina").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{link}erase/")

    assert response.status_code == 302
    assert response["Location"] == "/me/erased/?lang=en"
    assert not Person.objects.filter(first_name="Amina").exists()
    assert not Person.objects.filter(email="amina@example.org").exists()
    assert Person.objects.get(pk=person.pk).anonymised_at is not None
    assert audit_of("people.person.erased") == [(ACTOR, str(person.pk), [])]

    done = client.get(response["Location"])
    assert done.status_code == 200
    assert done["Content-Language"] == "en"
    assert "Your data is deleted" in done.content.decode()

    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == [coordinator.email]
    assert notice.subject == "Vi Ses!: en person har raderat sina uppgifter"
    for secret in ("Amina", "Yusuf", "amina@example.org", "+46701234567", "070-123"):
        assert secret not in notice.subject + notice.body

    # The link opens nothing any more.
    again = client.get(link)
    assert again.status_code == 200
    assert again.templates[0].name == "common/link_problem.html"


def test_erasure_needs_the_post(client, person, link):
    client.get(f"{link}erase/")

    person.refresh_from_db()
    assert person.first_name == "Amina"
    assert audit_of("people.person.erased") == []


# Reporting a concern ----------------------------------------------------------------------


def test_a_concern_is_stored_and_the_coordinator_is_told_without_the_text(
    client, person, link, coordinator, partnership, django_capture_on_commit_callbacks
):
    text = "Någon på caféet var otrevlig mot mig."
    assert client.get(f"{link}concern/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{link}concern/", {"text": text})

    assert response.status_code == 302
    assert response["Location"] == f"{link}concern/sent/"
    assert client.get(response["Location"]).status_code == 200
    concern = Concern.objects.get()
    assert (concern.person, concern.partnership, concern.text) == (person, partnership, text)
    assert concern.handled_at is None
    assert audit_of("people.concern.reported") == [(ACTOR, str(concern.pk), ["text"])]

    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == [coordinator.email]
    assert f"http://testserver/p/{partnership.slug}/people/concerns/" in notice.body or (
        f"/p/{partnership.slug}/people/concerns/" in notice.body
    )
    for secret in ("otrevlig", "Amina", "Yusuf", "amina@example.org"):
        assert secret not in notice.subject + notice.body


def test_an_empty_concern_is_refused(client, person, link):
    response = client.post(f"{link}concern/", {"text": "   "})

    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["text"]] == ["required"]
    assert Concern.objects.count() == 0


def test_the_coordinator_reads_concerns_and_marks_them_handled(person, partnership, coordinator):
    from vises.people.services.concerns import concern_report

    concern = concern_report(person=person, text="Jag känner mig otrygg.", actor=ACTOR)
    staff = Client()
    staff.force_login(coordinator)

    page = staff.get(f"/p/{partnership.slug}/people/concerns/")
    handled = staff.post(f"/p/{partnership.slug}/people/concerns/{concern.pk}/handled/")

    assert page.status_code == 200
    assert "Jag känner mig otrygg." in page.content.decode()
    assert audit_of("people.concern.listed") == [(f"user:{coordinator.pk}", "", [])]
    assert handled.status_code == 302
    concern.refresh_from_db()
    assert concern.handled_at is not None
    assert audit_of("people.concern.handled") == [
        (f"user:{coordinator.pk}", str(concern.pk), ["handled_at"])
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATOR, 200),
        (Role.MANAGER, 200),
        (Role.MUNICIPAL, 403),
        (Role.VOLUNTEER, 403),
        (Role.COMPANY, 403),
        (Role.ADMIN, 403),
    ],
)
def test_only_roles_with_personal_data_see_concerns(partnership, person, role, status):
    from vises.people.services.concerns import concern_report

    concern_report(person=person, text="Hemligt", actor=ACTOR)
    client = Client()
    client.force_login(MembershipFactory.create(partnership=partnership, role=role).user)

    response = client.get(f"/p/{partnership.slug}/people/concerns/")

    assert response.status_code == status
    assert ("Hemligt" in response.content.decode()) is (status == 200)


def test_another_partnerships_concern_is_not_found(partnership, person, coordinator):
    from vises.people.services.concerns import concern_report

    concern = concern_report(person=person, text="Hemligt", actor=ACTOR)
    other = MembershipFactory.create(partnership=PartnershipFactory.create(), role=Role.COORDINATOR)
    client = Client()
    client.force_login(other.user)

    assert client.get(f"/p/{partnership.slug}/people/concerns/").status_code == 404
    response = client.post(f"/p/{other.partnership.slug}/people/concerns/{concern.pk}/handled/")
    assert response.status_code == 404
    concern.refresh_from_db()
    assert concern.handled_at is None


# Asking for a new link ----------------------------------------------------------------------


def ask_for_link(client: Client, contact: str, capture) -> tuple[int, str]:
    with capture(execute=True):
        response = client.post("/me/", {"contact": contact}, HTTP_ACCEPT_LANGUAGE="en")
    # The CSRF token is masked afresh for every response; everything else must be equal.
    body = re.sub(
        r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+',
        r"\1",
        response.content.decode(),
    )
    return response.status_code, body


@pytest.mark.parametrize(
    ("known", "unknown"),
    [
        ("amina@example.org", "nobody@example.org"),
        ("070-123 45 67", "070-999 99 99"),
    ],
    ids=["email", "phone"],
)
def test_the_new_link_form_answers_the_same_for_known_and_unknown_contacts(
    client, person, known, unknown, django_capture_on_commit_callbacks
):
    answer_known = ask_for_link(client, known, django_capture_on_commit_callbacks)
    answer_unknown = ask_for_link(client, unknown, django_capture_on_commit_callbacks)

    assert answer_known[0] == answer_unknown[0] == 200
    assert answer_known[1] == answer_unknown[1]
    # Only the known contact got a link, by the channel typed, in the person's language.
    if "@" in known:
        assert [message.to for message in mail.outbox] == [["amina@example.org"]]
        body = mail.outbox[0].body
        assert sms.outbox == []
    else:
        assert [message.to for message in sms.outbox] == ["+46701234567"]
        body = sms.outbox[0].body
        assert mail.outbox == []
    (token,) = set(re.findall(r"/me/([^/\s]+)/", body))
    assert person_from_token(token) == person
    assert audit_of("people.person.link_sent") == [
        ("system:messages", str(person.pk), ["email" if "@" in known else "phone"])
    ]


def test_the_new_link_form_checks_the_format(client, person):
    response = client.post("/me/", {"contact": "070-12"})

    assert response.status_code == 200
    codes = [e.code for e in response.context["form"].errors.as_data()["contact"]]
    assert codes == ["invalid_phone"]


def test_a_shared_phone_gets_no_link(
    client, person, partnership, django_capture_on_commit_callbacks
):
    PersonFactory.create(partnership=partnership, phone="+46701234567", phone_is_shared=True)

    status, _body = ask_for_link(client, "0701234567", django_capture_on_commit_callbacks)

    assert status == 200
    assert sms.outbox == []


def test_a_contact_known_in_two_partnerships_gets_each_partnerships_link(
    client, person, django_capture_on_commit_callbacks
):
    elsewhere = PersonFactory.create(
        partnership=PartnershipFactory.create(), first_name="Amina", email="amina@example.org"
    )

    status, _body = ask_for_link(client, "amina@example.org", django_capture_on_commit_callbacks)

    assert status == 200
    assert [message.to for message in mail.outbox] == [["amina@example.org"]] * 2
    tokens = [re.findall(r"/me/([^/\s]+)/", message.body)[0] for message in mail.outbox]
    assert {person_from_token(token) for token in tokens} == {person, elsewhere}


def test_a_shared_phone_in_another_partnership_does_not_block_the_link(
    client, person, django_capture_on_commit_callbacks
):
    PersonFactory.create(
        partnership=PartnershipFactory.create(), phone="+46701234567", phone_is_shared=True
    )

    status, _body = ask_for_link(client, "0701234567", django_capture_on_commit_callbacks)

    assert status == 200
    assert [message.to for message in sms.outbox] == ["+46701234567"]


def test_the_new_link_form_is_rate_limited(client, person, django_capture_on_commit_callbacks):
    statuses = [
        ask_for_link(client, "amina@example.org", django_capture_on_commit_callbacks)[0]
        for _ in range(4)
    ]

    assert statuses == [200, 200, 200, 429]
    assert len(mail.outbox) == 3


def test_rate_limits_can_be_switched_off(
    client, person, settings, django_capture_on_commit_callbacks
):
    settings.VISES_RATE_LIMITS = False

    statuses = [
        ask_for_link(client, "nobody@example.org", django_capture_on_commit_callbacks)[0]
        for _ in range(5)
    ]

    assert statuses == [200] * 5


def test_the_new_link_page_opens_without_a_link(client):
    response = client.get("/me/")

    assert response.status_code == 200
    assert 'name="contact"' in response.content.decode()
