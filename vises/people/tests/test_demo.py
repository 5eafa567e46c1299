"""Demo people: realistic and synthetic, the same for the same seed, never doubled."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from vises.common.models import AuditEvent
from vises.partnerships.data import LINKOPING_DISTRICTS, OTHER_DISTRICT
from vises.partnerships.models import Partnership
from vises.partnerships.services import districts_seed
from vises.people import demo as people_demo
from vises.people.demo import FICTIONAL_PHONES, ORIGINS, composition, load
from vises.people.models import (
    ConsentPurpose,
    ConsentRecord,
    ConsentText,
    LanguageFriend,
    Participant,
    Person,
    Volunteer,
)
from vises.people.validation import normalise_phone


def counts(partnership: Partnership | None = None) -> dict[str, int]:
    persons = Person.objects.all()
    if partnership is not None:
        persons = persons.filter(partnership=partnership)
    return {
        "persons": persons.count(),
        "participants": Participant.objects.filter(person__in=persons).count(),
        "language friends": LanguageFriend.objects.filter(person__in=persons).count(),
        "volunteers": Volunteer.objects.filter(person__in=persons).count(),
    }


@pytest.fixture
def demo_command(db, settings):
    settings.VISES_DEV = True

    def run(*args: str) -> str:
        out = StringIO()
        with translation.override("en"):
            call_command("demo", *args, stdout=out)
        return out.getvalue()

    return run


@pytest.fixture
def linkoping(partnership: Partnership) -> Partnership:
    districts_seed(
        partnership=partnership,
        names=LINKOPING_DISTRICTS,
        other=OTHER_DISTRICT,
        actor="system:test",
    )
    return partnership


def test_the_small_demo_fills_the_register_once(demo_command):
    printed = demo_command()

    partnership = Partnership.objects.get(slug="vi-ses")
    assert counts() == {
        "persons": 120,
        "participants": 72,
        "language friends": 39,
        "volunteers": 12,
    }
    assert "120 demo persons added to the register." in printed.splitlines()
    events = AuditEvent.objects.filter(action="people.demo.loaded")
    assert [(e.object_type, e.object_id, e.fields) for e in events] == [
        ("partnerships.partnership", str(partnership.pk), [])
    ]

    printed = demo_command()

    assert counts()["persons"] == 120
    assert "demo persons added" not in printed
    assert AuditEvent.objects.filter(action="people.demo.loaded").count() == 1
    assert ConsentText.objects.count() == len(people_demo.CONSENT_TEXTS) == 21


def test_the_demo_volunteer_has_a_person(demo_command):
    demo_command()

    volunteer = Volunteer.objects.select_related("person", "user").get(
        user__username="demo-volunteer"
    )
    assert (volunteer.person.first_name, volunteer.person.last_name) == ("Amina", "Yusuf")
    assert volunteer.person.email == "demo-volunteer@example.org"


def test_demo_people_look_like_the_target_group(linkoping):
    load(partnership=linkoping, seed=7)

    participants = Person.objects.filter(participant__isnull=False)
    newcomer_names = {name for origin in ORIGINS for name in origin.women + origin.men}
    assert set(participants.values_list("first_name", flat=True)) <= newcomer_names
    by_district = Counter(participants.values_list("district__name", flat=True))
    top_two = [name for name, _count in by_district.most_common(2)]
    assert set(top_two) <= {"Skäggetorp", "Berga", "Ryd"}
    assert by_district["Skäggetorp"] > by_district["Innerstaden"]
    assert set(participants.values_list("language", flat=True)) <= {
        "ar",
        "fa",
        "so",
        "ti",
        "uk",
        "sv",
        "en",
    }
    friends = Person.objects.filter(language_friend__isnull=False)
    assert set(friends.values_list("swedish_level", flat=True)) == {"fluent"}
    genders = Counter(Person.objects.values_list("gender", flat=True))
    assert genders["woman"] > genders["man"] > 0


def test_every_demo_person_passes_the_models_rules_and_is_fictional(linkoping):
    load(partnership=linkoping, seed=3)

    for person in Person.objects.all():
        person.full_clean()
        assert person.phone or person.email
        if person.phone:
            assert person.phone in FICTIONAL_PHONES
            assert normalise_phone(person.phone) == person.phone
        if person.email:
            assert person.email.rsplit("@", 1)[1] in {"example.org", "example.com", "example.net"}
    phones = [p for p in Person.objects.exclude(phone="").values_list("phone", flat=True)]
    assert len(phones) == len(set(phones))  # no accidental duplicates in the small demo


def test_most_persons_have_consent_recorded_against_the_right_text(linkoping):
    load(partnership=linkoping, seed=1)

    with_consent = Person.objects.filter(consents__purpose=ConsentPurpose.REGISTER).distinct()
    assert with_consent.count() >= 0.8 * Person.objects.count()
    for record in ConsentRecord.objects.select_related("text", "person"):
        assert (record.text.purpose, record.text.language) == (record.purpose, record.language)
        assert record.text.partnership_id == record.person.partnership_id
    swedish = ConsentText.objects.get(purpose=ConsentPurpose.REGISTER, language="sv")
    assert swedish.text.startswith("Ändamål: ”Spara mina uppgifter så att jag kan delta”.")
    assert linkoping.organisation.name in swedish.text


def test_the_same_seed_gives_the_same_people(linkoping, partnership_factory):
    other = partnership_factory()

    load(partnership=linkoping, seed=5)
    load(partnership=other, seed=5)

    def people(p: Partnership) -> list[tuple]:
        return list(
            Person.objects.filter(partnership=p)
            .order_by("pk")
            .values_list("first_name", "last_name", "birth_year", "gender", "phone")
        )

    assert people(linkoping) == people(other)
    load(partnership=partnership_factory(), seed=6)
    assert people(Partnership.objects.order_by("-pk").first()) != people(linkoping)


def test_the_large_path_writes_in_batches(linkoping, monkeypatch):
    monkeypatch.setattr(people_demo, "BATCH", 150)

    created = load(partnership=linkoping, size="large", seed=2, count=1000)

    assert created == composition(1000)
    assert counts(linkoping) == {
        "persons": 1000,
        "participants": 600,
        "language friends": 325,
        "volunteers": 100,
    }
    # Past the fictional series, phones are shared family phones or left out, never invented.
    unshared = Person.objects.exclude(phone="").filter(phone_is_shared=False)
    assert unshared.count() <= len(FICTIONAL_PHONES)
    assert Person.objects.filter(phone="", email="").count() == 0


def test_the_default_large_size_is_a_hundred_thousand():
    assert people_demo.SIZES == {"small": 120, "large": 100_000}


@pytest.fixture
def partnership_factory(db):
    from vises.partnerships.tests.factories import PartnershipFactory

    return PartnershipFactory.create
