"""The start page and the user list cost the same number of queries for 2 and for 30 members."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from vises.common import audit
from vises.partnerships.access import Role
from vises.partnerships.models import Partnership
from vises.partnerships.tests.factories import MembershipFactory

ROLES = list(Role)


def grow(partnership: Partnership, members: int) -> None:
    """Members of every role, each with an audit event, as a working partnership has."""
    for number in range(members):
        membership = MembershipFactory.create(
            partnership=partnership, role=ROLES[number % len(ROLES)]
        )
        audit.log("system:test", "partnerships.membership.created", membership, fields=["role"])


def queries_of(client: Client, url: str, status: int) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == status
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize(
    ("role", "users_status"),
    [
        (Role.COORDINATOR, 403),
        (Role.MANAGER, 403),
        (Role.MUNICIPAL, 403),
        (Role.VOLUNTEER, 403),
        (Role.COMPANY, 403),
        (Role.ADMIN, 200),
    ],
)
def test_query_count_does_not_grow_with_the_members(partnership, role, users_status):
    client = Client()
    client.force_login(MembershipFactory.create(partnership=partnership, role=role).user)
    start, users = f"/p/{partnership.slug}/", f"/p/{partnership.slug}/users/"
    grow(partnership, 1)  # with the viewer, two members
    client.get(start)  # the session's first request sets its login time: not what we measure

    few_start, few_users = queries_of(client, start, 200), queries_of(client, users, users_status)
    grow(partnership, 28)  # thirty members
    many_start = queries_of(client, start, 200)
    many_users = queries_of(client, users, users_status)

    assert len(many_start) == len(few_start), "\n".join(many_start)
    assert len(many_users) == len(few_users), "\n".join(many_users)


def test_the_municipal_start_page_counts_roles_in_one_query(partnership):
    client = Client()
    client.force_login(MembershipFactory.create(partnership=partnership, role=Role.MUNICIPAL).user)
    grow(partnership, 12)
    client.get(f"/p/{partnership.slug}/")

    sql = queries_of(client, f"/p/{partnership.slug}/", 200)

    assert len([query for query in sql if "COUNT(" in query.upper()]) == 1
    response = client.get(f"/p/{partnership.slug}/")
    # Twelve grown members, two of each role, and the viewer as a third municipal officer:
    # the municipality sees small counts suppressed (DESIGN §6).
    assert [(str(label), count) for label, count in response.context["role_counts"]] == [
        (str(Role.COORDINATOR.label), "<5"),
        (str(Role.MANAGER.label), "<5"),
        (str(Role.MUNICIPAL.label), "<5"),
        (str(Role.VOLUNTEER.label), "<5"),
        (str(Role.COMPANY.label), "<5"),
        (str(Role.ADMIN.label), "<5"),
    ]


def test_the_municipal_start_page_shows_counts_of_five_and_more_and_zero(partnership):
    client = Client()
    client.force_login(MembershipFactory.create(partnership=partnership, role=Role.MUNICIPAL).user)
    for _ in range(5):
        MembershipFactory.create(partnership=partnership, role=Role.VOLUNTEER)

    response = client.get(f"/p/{partnership.slug}/")

    counts = {str(label): count for label, count in response.context["role_counts"]}
    assert counts[str(Role.VOLUNTEER.label)] == "5"
    assert counts[str(Role.MUNICIPAL.label)] == "<5"
    assert counts[str(Role.COORDINATOR.label)] == "0"
