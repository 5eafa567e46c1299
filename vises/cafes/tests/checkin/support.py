"""Builders shared by the check-in, hours and feedback tests."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from vises.cafes.models import Cafe, CafeVolunteer
from vises.cafes.tests.factories import CafeFactory, CafeVolunteerFactory
from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.partnerships.models import Membership, Partnership
from vises.partnerships.tests.factories import MembershipFactory
from vises.people.tests.factories import PersonFactory, VolunteerFactory

KEY_VALUE = re.compile(r'name="key" value="[0-9a-f-]{36}"')
CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def today_cafe(partnership: Partnership, **values: object) -> Cafe:
    """A café that started ten minutes ago and lasts an hour and a half."""
    starts = timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=10)
    fields: dict[str, object] = {
        "company__partnership": partnership,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1, minutes=30),
        "signup_deadline": starts - timedelta(days=1),
    }
    fields.update(values)
    return CafeFactory.create(**fields)


def volunteer_member(partnership: Partnership) -> Membership:
    """A volunteer's membership whose user is linked to a Volunteer profile."""
    membership = MembershipFactory.create(partnership=partnership, role=Role.VOLUNTEER)
    VolunteerFactory.create(
        person=PersonFactory.create(partnership=partnership), user=membership.user
    )
    return membership


def assign(membership: Membership, cafe: Cafe) -> CafeVolunteer:
    return CafeVolunteerFactory.create(cafe=cafe, volunteer=membership.user.volunteer)


def logged_in(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def key() -> str:
    return str(uuid.uuid4())


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def without_keys(html: str) -> str:
    """A rendering with its fresh per-render keys and CSRF tokens blanked, to compare two."""
    return CSRF_VALUE.sub("", KEY_VALUE.sub("", html))
