"""The partnerships app's own pages: a start page per role, the user administration, and
the guard on every page under /p/<slug>/.

DESIGN §2: anonymous → 302 to the login page; logged in with the wrong role → 403; a
partnership the user is not a member of → 404. Every URL × every role is generated in
vises/tests/test_permission_matrix.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory

# The pages of this app; every URL × every role is vises/tests/test_permission_matrix.py.
PAGES = ["", "operations/", "users/"]

START_TEMPLATES = {
    Role.COORDINATOR: "partnerships/start_operations.html",
    Role.MANAGER: "partnerships/start_operations.html",
    Role.MUNICIPAL: "partnerships/start_municipal.html",
    Role.VOLUNTEER: "partnerships/start_volunteer.html",
    Role.COMPANY: "partnerships/start_company.html",
    Role.ADMIN: "partnerships/start_admin.html",
}


def test_the_start_templates_cover_every_role():
    assert set(START_TEMPLATES) == set(Role)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_its_own_start_page(partnership, role):
    client = Client()
    client.force_login(MembershipFactory.create(partnership=partnership, role=role).user)

    response = client.get(f"/p/{partnership.slug}/")

    assert response.status_code == 200
    assert START_TEMPLATES[role] in [template.name for template in response.templates]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("page", PAGES)
def test_a_member_of_another_partnership_gets_not_found(partnership, role, page):
    other = PartnershipFactory.create()
    client = Client()
    client.force_login(MembershipFactory.create(partnership=other, role=role).user)

    response = client.get(f"/p/{partnership.slug}/{page}")

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    # Their own partnership's start page still opens.
    assert client.get(f"/p/{other.slug}/").status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_an_inactive_membership_gets_not_found(partnership, page):
    client = Client()
    client.force_login(
        MembershipFactory.create(partnership=partnership, role=Role.ADMIN, is_active=False).user
    )

    assert client.get(f"/p/{partnership.slug}/{page}").status_code == 404


def test_an_unknown_partnership_is_not_found(partnership, client_for):
    client = client_for(Role.COORDINATOR)

    assert client.get("/p/no-such-partnership/").status_code == 404


ACTIONS = ["deactivate/", "reset-second-factor/"]


def user_actions() -> list[str]:
    """Audited actions on users, apart from the logins of the test clients."""
    return list(
        AuditEvent.objects.exclude(action="accounts.user.logged_in").values_list(
            "action", flat=True
        )
    )


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATOR, 403),
        (Role.MANAGER, 403),
        (Role.MUNICIPAL, 403),
        (Role.VOLUNTEER, 403),
        (Role.COMPANY, 403),
        (Role.ADMIN, 302),
    ],
)
def test_only_the_admin_may_act_on_a_user(partnership, role, status, action):
    target = MembershipFactory.create(partnership=partnership, role=Role.VOLUNTEER).user
    client = Client()
    client.force_login(MembershipFactory.create(partnership=partnership, role=role).user)

    response = client.post(f"/p/{partnership.slug}/users/{target.pk}/{action}")

    assert response.status_code == status
    if status == 302:
        assert response["Location"] == f"/p/{partnership.slug}/users/"
        assert user_actions() == [
            "accounts.user.deactivated"
            if action == "deactivate/"
            else "accounts.user.second_factor_reset"
        ]
    else:
        assert user_actions() == []
    target.refresh_from_db()
    assert target.is_active is not (status == 302 and action == "deactivate/")


@pytest.mark.parametrize("action", ACTIONS)
def test_user_actions_answer_post_only(partnership, client_for, action):
    target = MembershipFactory.create(partnership=partnership, role=Role.VOLUNTEER).user

    response = client_for(Role.ADMIN).get(f"/p/{partnership.slug}/users/{target.pk}/{action}")

    assert response.status_code == 405


@pytest.mark.parametrize("action", ACTIONS)
def test_user_actions_are_refused_anonymously(partnership, action):
    target = MembershipFactory.create(partnership=partnership, role=Role.VOLUNTEER).user
    url = f"/p/{partnership.slug}/users/{target.pk}/{action}"

    response = Client().post(url)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")
    target.refresh_from_db()
    assert target.is_active


@pytest.mark.parametrize("action", ACTIONS)
def test_an_admin_cannot_act_on_a_user_of_another_partnership(partnership, client_for, action):
    other = PartnershipFactory.create()
    stranger = MembershipFactory.create(partnership=other, role=Role.VOLUNTEER).user
    admin = client_for(Role.ADMIN)

    # Through their own partnership's address, and through the other's.
    assert admin.post(f"/p/{partnership.slug}/users/{stranger.pk}/{action}").status_code == 404
    assert admin.post(f"/p/{other.slug}/users/{stranger.pk}/{action}").status_code == 404

    stranger.refresh_from_db()
    assert stranger.is_active
    assert user_actions() == []


def partnership_patterns() -> Iterator[tuple[str, URLPattern]]:
    """Every URL pattern under /p/<slug>/, however deeply included."""

    def walk(patterns: list, prefix: str) -> Iterator[tuple[str, URLPattern]]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route, pattern

    for route, pattern in walk(get_resolver().url_patterns, ""):
        if route.startswith("p/<slug:slug>/"):
            yield route, pattern


def test_every_partnership_page_is_guarded_by_partnership_view():
    patterns = list(partnership_patterns())
    unguarded = [
        route for route, pattern in patterns if not hasattr(pattern.callback, "vises_permission")
    ]

    assert len(patterns) >= len(PAGES) + len(ACTIONS)
    assert unguarded == []


def test_the_guard_walk_notices_an_unguarded_view(monkeypatch):
    (start,) = [p for route, p in partnership_patterns() if route == "p/<slug:slug>/"]
    monkeypatch.setattr(start, "callback", lambda request, slug: None)

    unguarded = [
        route
        for route, pattern in partnership_patterns()
        if not hasattr(pattern.callback, "vises_permission")
    ]

    assert unguarded == ["p/<slug:slug>/"]
