"""The referral form for municipal staff (issue 9, point 5): "Kommunen bistår med kontakter in
i den kommunala organisationen som kan underlätta för insatsen" (the agreement). An SFI
teacher or a job coach refers a person with the consent they collected; the person becomes a
participant, the coordinator is told, the person is welcomed in their language, and the
referrer learns nothing about the person."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vises.common import sms
from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory
from vises.people.models import (
    ConsentChannel,
    ConsentPurpose,
    ConsentRecord,
    Delivery,
    Language,
    Participant,
    Person,
    Referral,
)
from vises.people.services.privacy import person_erase, person_export
from vises.people.services.referrals import (
    REFERRALS_PER_ADDRESS,
    REFERRALS_PER_CONTACT,
    referrer_emails_expire,
)
from vises.people.tests.factories import ConsentTextFactory, DistrictFactory, PersonFactory

pytestmark = pytest.mark.django_db

NO_CONSENT = (
    "Fråga personen om hen vill att vi sparar uppgifterna så att hen kan vara med. "
    "Utan ett ja kan vi inte ta emot anmälan."
)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.VISES_RATE_LIMITS = True
    cache.clear()


@pytest.fixture
def texts(partnership):
    """Swedish texts of every purpose, the register text in a second version (the current);
    an Arabic register text the form must not show (the form is in Swedish)."""
    ConsentTextFactory.create(
        partnership=partnership, purpose=ConsentPurpose.REGISTER, version=1, text="Gammal text."
    )
    current = {
        ConsentPurpose.REGISTER: ConsentTextFactory.create(
            partnership=partnership,
            purpose=ConsentPurpose.REGISTER,
            version=2,
            text="Vi sparar dina uppgifter så att du kan vara med.",
        ),
        ConsentPurpose.MESSAGES: ConsentTextFactory.create(
            partnership=partnership,
            purpose=ConsentPurpose.MESSAGES,
            text="Vi skickar meddelanden om caféer och språkvänner.",
        ),
        ConsentPurpose.MATCHING: ConsentTextFactory.create(
            partnership=partnership,
            purpose=ConsentPurpose.MATCHING,
            text="Vi använder uppgifterna för att hitta en språkvän.",
        ),
    }
    ConsentTextFactory.create(
        partnership=partnership, purpose=ConsentPurpose.REGISTER, language="ar", text="نص"
    )
    return current


@pytest.fixture
def coordinator(partnership):
    return MembershipFactory.create(
        partnership=partnership, role=Role.COORDINATOR, user__email="samordnare@example.org"
    ).user


def answers(texts, **changes) -> dict[str, str]:
    values = {
        "referrer_role": Referral.ReferrerRole.SFI_TEACHER,
        "referrer_unit": "SFI Campus Valla",
        "referrer_email": "larare@linkoping.se",
        "first_name": "Amina",
        "last_name": "",
        "phone": "",
        "email": "amina@example.org",
        "language": "ar",
        "district": "",
        "wants": Referral.Wants.BOTH,
        "explained": "on",
        "consent_language": "ar",
    }
    for purpose, text in texts.items():
        values[f"consent_{purpose}"] = "on"
        values[f"version_{purpose}"] = str(text.pk)
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def post(partnership, data, client: Client | None = None):
    return (client or Client()).post(f"/refer/{partnership.slug}/", data)


def test_refer_goes_straight_to_the_only_partnership(partnership):
    response = Client().get("/refer/")

    assert (response.status_code, response["Location"]) == (302, f"/refer/{partnership.slug}/")


def test_refer_lists_the_partnerships_when_there_are_several(partnership):
    other = PartnershipFactory.create()

    html = Client().get("/refer/").content.decode()

    assert f'href="/refer/{partnership.slug}/"' in html
    assert f'href="/refer/{other.slug}/"' in html


def test_the_form_shows_each_current_swedish_consent_text(partnership, texts):
    html = Client().get(f"/refer/{partnership.slug}/").content.decode()

    assert "Vi sparar dina uppgifter så att du kan vara med." in html
    assert "Vi skickar meddelanden om caféer och språkvänner." in html
    assert "Vi använder uppgifterna för att hitta en språkvän." in html
    assert "Gammal text." not in html and "نص" not in html
    # The languages by their own name and their Swedish name.
    assert "العربية – arabiska" in html


def test_without_published_consent_texts_the_form_is_not_offered(partnership):
    response = post(partnership, {"first_name": "Amina"})

    assert response.status_code == 200
    assert "samordnaren har inte publicerat samtyckestexterna än" in response.content.decode()
    assert Person.objects.count() == 0


def test_a_referral_creates_a_participant_with_the_consents_it_was_given(
    partnership, texts, coordinator, django_capture_on_commit_callbacks
):
    district = DistrictFactory.create(partnership=partnership, name="Skäggetorp")

    with django_capture_on_commit_callbacks(execute=True):
        response = post(partnership, answers(texts, district=str(district.pk)))

    assert (response.status_code, response["Location"]) == (
        302,
        f"/refer/{partnership.slug}/thanks/",
    )
    person = Person.objects.get()
    assert (person.first_name, person.email, person.language, person.district) == (
        "Amina",
        "amina@example.org",
        "ar",
        district,
    )
    assert person.referral_source == Person.ReferralSource.MUNICIPAL
    assert list(person.languages.values_list("code", flat=True)) == ["ar"]
    participant = Participant.objects.get(person=person)
    assert (participant.wants_language_friend, participant.waiting_since) == (
        True,
        timezone.localdate(),
    )
    consents = sorted(
        ConsentRecord.objects.filter(person=person).values_list(
            "purpose", "channel", "text_id", "language", "collected_by"
        )
    )
    assert consents == sorted(
        (purpose, ConsentChannel.REFERRAL, text.pk, "sv", None) for purpose, text in texts.items()
    )
    referral = Referral.objects.get()
    assert (
        referral.person,
        referral.referrer_role,
        referral.referrer_unit,
        referral.referrer_email,
        referral.wants,
        referral.consent_language_id,
        referral.handled_at,
    ) == (person, "sfi_teacher", "SFI Campus Valla", "larare@linkoping.se", "both", "ar", None)
    assert AuditEvent.objects.filter(action="people.referral.created").count() == 1


def test_the_coordinator_is_told_without_the_persons_name(
    partnership, texts, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(partnership, answers(texts))

    (notice,) = [message for message in mail.outbox if message.to == ["samordnare@example.org"]]
    assert notice.subject == "Vi Ses!: en ny anmälan från kommunen"
    assert f"http://testserver/p/{partnership.slug}/people/referrals/" in notice.body or (
        f"/p/{partnership.slug}/people/referrals/" in notice.body
    )
    for detail in ("Amina", "amina@example.org", "SFI Campus Valla", "larare@linkoping.se"):
        assert detail not in notice.body and detail not in notice.subject


def test_the_person_is_welcomed_in_their_language_with_their_own_link(
    partnership, texts, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(partnership, answers(texts))

    (welcome,) = [message for message in mail.outbox if message.to == ["amina@example.org"]]
    person = Person.objects.get()
    assert "مرحبًا Amina!" in welcome.body  # "Hello Amina!" in Arabic
    assert re.search(r"/me/[^/\s]+/", welcome.body)
    assert list(Delivery.objects.filter(person=person).values_list("message", "channel")) == [
        ("referral_welcome", "email")
    ]


def test_a_person_without_e_mail_is_welcomed_by_sms_in_swedish(
    partnership, texts, coordinator, django_capture_on_commit_callbacks
):
    data = answers(texts, email="", phone="070-123 45 67", language="sv", wants=Referral.Wants.CAFE)
    data.pop("consent_matching")

    with django_capture_on_commit_callbacks(execute=True):
        response = post(partnership, data)

    assert response.status_code == 302
    (message,) = sms.outbox
    assert message.to == "+46701234567"
    # The subject opens the SMS: "Välkommen till Vi Ses!".
    assert message.body.startswith(
        "Välkommen till Vi Ses!\n\nHej Amina!\n\nEn person på kommunen har anmält dig. "
        "Du har sagt ja till det.\n"
    )
    assert "/me/" in message.body
    person = Person.objects.get()
    assert Participant.objects.get(person=person).wants_language_friend is False
    assert sorted(person.consents.values_list("purpose", flat=True)) == ["messages", "register"]


def test_a_language_we_do_not_write_in_gets_swedish_messages(partnership, texts, coordinator):
    data = answers(texts, language="prs")  # Dari: written to in Dari/Persian
    post(partnership, data)
    post(partnership, answers(texts, language="ku", email="k@example.org"))

    assert dict(Person.objects.values_list("email", "language")) == {
        "amina@example.org": "fa",
        "k@example.org": "sv",
    }


def test_a_referral_without_the_register_consent_is_refused_with_what_to_ask(
    partnership, texts, coordinator
):
    data = answers(texts)
    data.pop("consent_register")

    response = post(partnership, data)

    assert response.status_code == 200
    assert NO_CONSENT in response.content.decode()
    assert (Person.objects.count(), Referral.objects.count(), len(mail.outbox)) == (0, 0, 0)


def test_a_wish_for_a_friend_without_the_matching_consent_is_refused(partnership, texts):
    data = answers(texts, wants=Referral.Wants.FRIEND)
    data.pop("consent_matching")

    response = post(partnership, data)

    assert response.status_code == 200
    assert (
        "Personen vill ha en språkvän. Fråga om vi får använda uppgifterna för att hitta en "
        "språkvän. Utan ett ja väljer du bara caféet." in response.content.decode()
    )
    assert Person.objects.count() == 0


def test_the_referrer_must_confirm_the_texts_were_explained(partnership, texts):
    response = post(partnership, answers(texts, explained=None))

    assert response.status_code == 200
    assert (
        "Läs texterna för personen på ett språk som hen förstår, eller låt en tolk göra det. "
        "Kryssa sedan i rutan." in response.content.decode()
    )
    assert Person.objects.count() == 0


def test_a_text_published_after_the_page_was_opened_must_be_read_again(partnership, texts):
    data = answers(texts)
    ConsentTextFactory.create(
        partnership=partnership, purpose=ConsentPurpose.REGISTER, version=3, text="Ny text."
    )

    response = post(partnership, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Texten har ändrats efter att du öppnade sidan." in html
    assert "Ny text." in html
    assert Person.objects.count() == 0


def test_a_person_needs_a_phone_or_an_e_mail(partnership, texts):
    response = post(partnership, answers(texts, email=""))

    assert response.status_code == 200
    assert "Ange ett telefonnummer eller en e-postadress" in response.content.decode()
    assert Person.objects.count() == 0


def test_a_known_contact_gets_the_same_answer_and_the_coordinator_a_duplicate_warning(
    partnership, texts, coordinator
):
    known = PersonFactory.create(partnership=partnership, email="amina@example.org")

    first = post(partnership, answers(texts, email="new@example.org"))
    second = post(partnership, answers(texts))

    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    thanks = Client().get(first["Location"]).content.decode()
    assert "Amina" not in thanks and "amina@example.org" not in thanks
    # Nothing merged: the coordinator decides.
    assert Person.objects.filter(email="amina@example.org").count() == 2
    client = Client()
    client.force_login(coordinator)
    html = client.get(f"/p/{partnership.slug}/people/referrals/").content.decode()
    assert html.count("Kanske en dubblett") == 1
    referred = Person.objects.exclude(pk=known.pk).get(email="amina@example.org")
    page = client.get(f"/p/{partnership.slug}/people/{referred.pk}/").content.decode()
    assert f"/people/{referred.pk}/merge/{known.pk}/" in page


def test_the_form_is_rate_limited_per_address(partnership, texts):
    client = Client()
    statuses = [
        post(partnership, {}, client).status_code for _n in range(REFERRALS_PER_ADDRESS + 1)
    ]

    assert statuses == [200] * REFERRALS_PER_ADDRESS + [429]


def test_one_contact_is_referred_a_few_times_a_day_at_most(partnership, texts):
    statuses = [
        post(partnership, answers(texts)).status_code for _n in range(REFERRALS_PER_CONTACT + 1)
    ]

    assert statuses == [302] * REFERRALS_PER_CONTACT + [429]
    assert Person.objects.count() == REFERRALS_PER_CONTACT


# The coordinator's side --------------------------------------------------------------------


def refer(partnership, texts, number: int) -> None:
    for n in range(number):
        post(partnership, answers(texts, email=f"p{n}@example.org", first_name=f"Namn{n}"))


def test_the_list_shows_new_referrals_and_marks_them_handled(partnership, texts, coordinator):
    refer(partnership, texts, 2)
    client = Client()
    client.force_login(coordinator)
    url = f"/p/{partnership.slug}/people/referrals/"
    older, newer = Referral.objects.order_by("created_at", "pk")

    response = client.post(f"{url}{older.pk}/handled/")

    assert (response.status_code, response["Location"]) == (302, url)
    older.refresh_from_db()
    assert (older.handled_by, older.handled_at is not None) == (coordinator, True)
    new = client.get(url).content.decode()
    handled = client.get(f"{url}?show=handled").content.decode()
    assert ("Namn1" in new, "Namn0" in new) == (True, False)
    assert ("Namn1" in handled, "Namn0" in handled) == (False, True)
    assert "SFI-lärare, <bdi>SFI Campus Valla</bdi>" in new
    assert AuditEvent.objects.filter(action="people.referral.handled").count() == 1


def test_another_partnerships_referral_is_not_found(partnership, texts, coordinator):
    other = PartnershipFactory.create()
    text = ConsentTextFactory.create(partnership=other, purpose=ConsentPurpose.REGISTER)
    Client().post(f"/refer/{other.slug}/", answers({ConsentPurpose.REGISTER: text}))
    client = Client()
    client.force_login(coordinator)

    theirs = Referral.objects.get(partnership=other)
    response = client.post(f"/p/{partnership.slug}/people/referrals/{theirs.pk}/handled/")

    assert response.status_code == 404


def queries_of(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_the_list_costs_the_same_queries_for_one_and_for_many(partnership, texts, coordinator):
    client = Client()
    client.force_login(coordinator)
    url = f"/p/{partnership.slug}/people/referrals/?show=all"
    refer(partnership, texts, 1)
    client.get(url)  # the session's first request sets its login time

    few = queries_of(client, url)
    cache.clear()  # the contact limit is not under test here
    refer(partnership, texts, 8)
    Referral.objects.update(handled_by=coordinator, handled_at=timezone.now())
    many = queries_of(client, url)

    assert len(many) == len(few), "\n".join(many)
    assert len([query for query in many if "people_referral" in query]) == 1


def test_the_coordinators_start_page_counts_the_new_referrals(partnership, texts, coordinator):
    refer(partnership, texts, 2)
    client = Client()
    client.force_login(coordinator)

    html = client.get(f"/p/{partnership.slug}/").content.decode()

    assert "2 anmälningar från kommunen som inte är hanterade än" in html
    assert f'href="/p/{partnership.slug}/people/referrals/"' in html


def test_the_persons_page_says_who_referred_them(partnership, texts, coordinator):
    refer(partnership, texts, 1)
    client = Client()
    client.force_login(coordinator)
    person = Person.objects.get()

    html = client.get(f"/p/{partnership.slug}/people/{person.pk}/").content.decode()

    assert "Anmäld av" in html
    assert "SFI-lärare, <bdi>SFI Campus Valla</bdi>" in html
    assert "Via kommunen" in html  # the referral source


# Privacy ------------------------------------------------------------------------------------


def test_the_person_exports_the_referral_without_the_referrers_e_mail(partnership, texts):
    refer(partnership, texts, 1)
    person = Person.objects.get()

    exported = person_export(person=person, actor="system:test")

    (referral,) = exported["referrals"]
    assert (referral["referrer_role"], referral["referrer_unit"], referral["wants"]) == (
        "sfi_teacher",
        "SFI Campus Valla",
        "both",
    )
    assert "larare@linkoping.se" not in str(exported)


def test_erasure_leaves_no_referral(partnership, texts, django_capture_on_commit_callbacks):
    refer(partnership, texts, 1)
    person = Person.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=person, actor="system:test")

    assert Referral.objects.count() == 0
    person.refresh_from_db()
    assert person.referral_source == Person.ReferralSource.MUNICIPAL  # counted in statistics


def test_the_referrers_e_mail_is_blanked_after_its_retention(partnership, texts):
    refer(partnership, texts, 2)
    old, recent = Referral.objects.order_by("pk")
    Referral.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=91))

    blanked = referrer_emails_expire()

    assert blanked == 1
    assert dict(Referral.objects.values_list("pk", "referrer_email")) == {
        old.pk: "",
        recent.pk: "larare@linkoping.se",
    }
    assert Language.objects.filter(code="ar").exists()
