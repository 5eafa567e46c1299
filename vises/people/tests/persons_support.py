"""Helpers shared by the tests of the register's staff pages (test_person_*.py)."""

from __future__ import annotations

from django.test import Client

from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.partnerships.models import Partnership
from vises.partnerships.tests.factories import MembershipFactory

# Every role and what it gets on a page that needs Perm.VIEW_PERSONAL_DATA.
ROLE_STATUS = [
    (Role.COORDINATOR, 200),
    (Role.MANAGER, 200),
    (Role.MUNICIPAL, 403),
    (Role.VOLUNTEER, 403),
    (Role.COMPANY, 403),
    (Role.ADMIN, 403),
]


def staff_client(partnership: Partnership, role: str = Role.COORDINATOR) -> Client:
    """A client logged in as a new member with the role, reading the pages in English."""
    client = Client()
    client.cookies["vises_language"] = "en"
    client.force_login(MembershipFactory.create(partnership=partnership, role=role).user)
    return client


def actions(*, exclude_logins: bool = True) -> list[str]:
    events = AuditEvent.objects.order_by("pk")
    if exclude_logins:
        events = events.exclude(action__startswith="accounts.")
    return list(events.values_list("action", flat=True))


def event_text(event: AuditEvent) -> str:
    """Everything an audit event stores, as one string to search for personal data."""
    return " ".join(str(value) for value in AuditEvent.objects.values_list().get(pk=event.pk))
