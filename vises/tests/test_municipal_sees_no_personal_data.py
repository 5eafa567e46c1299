"""Point 8 of issue 3 (the privacy side): the `municipal` role never receives a name,
contact detail or free text about a person, on any page it can open.

Every GET address of the partnership pages, the public pages and the API is opened as a
municipal officer, with every id of the test's objects in every id slot, and every answer is
searched for the people's names, phones, e-mail addresses and free text.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from io import BytesIO

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, SlugConverter

from vises.cafes.tests.factories import CafeVolunteerFactory, RegistrationFactory
from vises.companies.tests.factories import CompanyContactFactory
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory
from vises.people.models import Concern, Person
from vises.people.tests.factories import DistrictFactory, PersonFactory
from vises.people.validation import display_phone
from vises.steering import services as steering_services

# Reached through a person's own signed link, not through a role.
LINK_PREFIXES = ("me/", "r/", "invitations/", "feeds/", "feedback/", "accounts/", "i18n/")


def patterns() -> Iterator[tuple[str, str, dict[str, object]]]:
    def walk(
        items: list, prefix: str, converters: dict[str, object]
    ) -> Iterator[tuple[str, str, dict[str, object]]]:
        for item in items:
            found = {**converters, **getattr(item.pattern, "converters", {})}
            route = prefix + str(item.pattern)
            if isinstance(item, URLResolver):
                yield from walk(item.url_patterns, route, found)
            elif isinstance(item, URLPattern) and item.name:
                yield route, item.name, found

    yield from walk(get_resolver().url_patterns, "", {})


@pytest.fixture
def register(partnership) -> tuple[list[str], list[int]]:
    """People with every kind of record; returns what must never show, and the ids."""
    district = DistrictFactory.create(partnership=partnership, name="Skäggetorp")
    people = [
        PersonFactory.create(
            partnership=partnership,
            first_name=f"Muniförnamn{n}",
            last_name=f"Muniefternamn{n}",
            phone=f"+4673555000{n}",
            email=f"muni.person{n}@example.org",
            district=district,
            occupation=f"Muniyrke{n}",
            interests=f"Muniintresse{n}",
            gender=[Person.Gender.WOMAN, Person.Gender.MAN][n % 2],
        )
        for n in range(1, 4)
    ]
    registrations = [
        RegistrationFactory.create(
            person=person, cafe__partnership=partnership, cafe__company__partnership=partnership
        )
        for person in people
    ]
    assignment = CafeVolunteerFactory.create(
        cafe=registrations[0].cafe,
        volunteer__person__partnership=partnership,
        volunteer__person__first_name="Munivolontär",
    )
    contact = CompanyContactFactory.create(
        company=registrations[0].cafe.company, first_name="Munikontakt", email="k@muni.example"
    )
    concern = Concern.objects.create(
        partnership=partnership, person=people[0], text="Muniorosmoment i texten"
    )
    # A steering meeting whose pack counts these people (suppressed) and names none of them.
    meeting = steering_services.meeting_create(
        partnership=partnership,
        starts_at=registrations[0].cafe.starts_at + timedelta(days=1),
        place="Linköping",
        agenda="Uppföljning",
        actor="system:test",
    )
    needles = ["Munivolontär", "Munikontakt", "k@muni.example", "Muniorosmoment"]
    for person in people:
        needles += [person.first_name, person.last_name, person.email, person.phone]
        needles += [display_phone(person.phone), person.occupation, person.interests]
    ids = {
        *(person.pk for person in people),
        *(registration.pk for registration in registrations),
        *(registration.cafe_id for registration in registrations),
        assignment.pk,
        assignment.volunteer.person.pk,
        contact.pk,
        concern.pk,
        meeting.pk,
    }
    return needles, sorted(ids)


# PDFs the municipal role may open, searched like any page (their text through pdftotext).
MUNICIPAL_PDFS = {"steering_meeting_pack"}


def searchable(content: bytes) -> str:
    if content[:5] == b"%PDF-":
        return subprocess.run(  # noqa: S603 - a fixed tool on our own bytes
            [shutil.which("pdftotext") or "pdftotext", "-layout", "-", "-"],
            input=content,
            capture_output=True,
            check=True,
        ).stdout.decode()
    if content[:2] == b"PK":
        with zipfile.ZipFile(BytesIO(content)) as archive:
            content = b"\n".join(archive.read(name) for name in archive.namelist())
    return content.decode("utf-8", errors="replace")


@pytest.mark.django_db
def test_no_page_shows_the_municipal_role_a_persons_data(partnership, register, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    needles, ids = register
    client = Client()
    client.force_login(MembershipFactory.create(partnership=partnership, role=Role.MUNICIPAL).user)
    seen, leaks, opened = 0, [], []

    for route, name, converters in patterns():
        if route.startswith(LINK_PREFIXES) or "<str:" in route or "^" in route:
            continue
        slots = [key for key, kind in converters.items() if isinstance(kind, IntConverter)]
        if any(not isinstance(kind, IntConverter | SlugConverter) for kind in converters.values()):
            continue
        for values in itertools.product(ids, repeat=len(slots)):
            kwargs: dict[str, object] = dict(zip(slots, values, strict=True))
            if "slug" in converters:
                kwargs["slug"] = partnership.slug
            path = "/" + route
            for key, value in kwargs.items():
                path = re.sub(rf"<(?:\w+:)?{key}>", str(value), path)
            response = client.get(path)
            seen += 1
            assert response.status_code < 500, path
            if response.status_code != 200:
                continue
            opened.append(name)
            if response.get("Content-Type", "").split(";")[0] == "application/pdf":
                assert name in MUNICIPAL_PDFS, (
                    f"{path}: a PDF for the municipal role; check it holds no personal data"
                )
            text = searchable(response.content).lower()
            leaks += [f"{path}: {n}" for n in needles if n.lower() in text]

    assert leaks == []
    assert seen > 50
    assert {"partnership_start", "privacy_notice", "steering_meeting_pack"} <= set(opened)
