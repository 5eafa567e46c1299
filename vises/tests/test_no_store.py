"""Pages with personal data stay in no cache (issue 8): every answer of ours carries
`Cache-Control: no-store, private`; session, CSRF and language cookies are HttpOnly and
SameSite, and Secure in production."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client

from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.companies.tests.factories import CompanyFactory
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory
from vises.people.services.links import person_link
from vises.people.tests.factories import PersonFactory
from vises.tests.test_production_config import production_env, run_vises

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_staff_pages_with_personal_data_are_no_store(partnership):
    person = PersonFactory.create(partnership=partnership)
    other = PersonFactory.create(partnership=partnership)
    company = CompanyFactory.create(partnership=partnership)
    cafe = CafeFactory.create(company=company)
    RegistrationFactory.create(cafe=cafe, person=person)
    client = Client()
    client.force_login(
        MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR).user
    )
    base = f"/p/{partnership.slug}"
    pages = [
        f"{base}/people/",
        f"{base}/people/{person.pk}/",
        f"{base}/people/{person.pk}/edit/",
        f"{base}/people/{person.pk}/merge/{other.pk}/",
        f"{base}/people/concerns/",
        f"{base}/cafes/{cafe.pk}/",
        f"{base}/cafes/{cafe.pk}/invite/",
        f"{base}/companies/{company.pk}/",
    ]

    answers = {page: client.get(page) for page in pages}

    assert {page: answer.status_code for page, answer in answers.items()} == dict.fromkeys(
        pages, 200
    )
    assert {page: answer["Cache-Control"] for page, answer in answers.items()} == dict.fromkeys(
        pages, "no-store, private"
    )


def test_public_pages_links_and_the_api_are_no_store(partnership):
    person = PersonFactory.create(partnership=partnership, email="a@example.org")
    cafe = CafeFactory.create(company__partnership=partnership)
    client = Client()

    answers = [
        client.get("/"),
        client.get("/cafes/"),
        client.get(f"/cafes/{cafe.pk}/"),
        client.get("/accounts/login/"),
        client.get("/api/v1/cafes"),
        client.post(
            f"/api/v1/cafes/{cafe.pk}/registrations",
            json.dumps({}),
            content_type="application/json",
        ),
        client.get("/no-such-page/"),
    ]
    own_page = client.get(person_link(person=person))

    assert [directives(answer) >= {"no-store", "private"} for answer in answers] == [True] * 7
    assert directives(own_page) >= {"no-store", "private"}


def test_cookies_are_httponly_samesite_and_secure_in_production(tmp_path: Path) -> None:
    names = [
        f"{kind}_COOKIE_{flag}"
        for kind in ("SESSION", "CSRF", "LANGUAGE")
        for flag in ("SECURE", "HTTPONLY", "SAMESITE")
    ]
    script = (
        "from django.conf import settings; print("
        + ", ".join(f"settings.{name}" for name in names)
        + ")"
    )

    result = run_vises(production_env(tmp_path), "shell", "-v", "0", "-c", script)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "Lax"] * 3


def test_every_page_of_the_permission_matrix_is_no_store(settings):
    """Walk every URL pattern of ours as the permission matrix does, as a coordinator (staff
    pages) and as an anonymous visitor (public and link pages): every answer is no-store."""
    from vises.tests import test_permission_matrix as matrix

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    world = matrix.build_world()
    coordinator = matrix.client_for(world, Role.COORDINATOR)
    anonymous = Client()
    answers = {}
    for route, pattern in matrix.our_patterns():
        path = matrix.sample_path(route, pattern, world)
        client = (
            anonymous
            if matrix.declared_access(pattern.callback) in (matrix.PUBLIC, matrix.LINK)
            else coordinator
        )
        response = client.get(path)
        answers[path] = directives(response) >= {"no-store", "private"}

    assert len(answers) > 70
    assert [path for path, ok in answers.items() if not ok] == []
