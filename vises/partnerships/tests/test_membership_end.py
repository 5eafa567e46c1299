"""Ending one role of a user in a partnership (e.g. a company contact removed)."""

from __future__ import annotations

import pytest

from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.partnerships.models import Membership
from vises.partnerships.services import membership_end
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def test_only_that_role_in_that_partnership_ends_and_is_audited(partnership):
    company = MembershipFactory.create(partnership=partnership, role=Role.COMPANY)
    elsewhere = MembershipFactory.create(
        user=company.user, partnership=PartnershipFactory.create(), role=Role.COMPANY
    )

    ended = membership_end(
        user=company.user, partnership=partnership, role=Role.COMPANY, actor="system:test"
    )
    again = membership_end(
        user=company.user, partnership=partnership, role=Role.COMPANY, actor="system:test"
    )

    assert (ended, again) == (1, 0)
    assert Membership.objects.get(pk=company.pk).is_active is False
    assert Membership.objects.get(pk=elsewhere.pk).is_active is True
    (event,) = AuditEvent.objects.filter(action="partnerships.membership.changed")
    assert (event.object_id, event.fields) == (str(company.pk), ["is_active"])


def test_another_role_is_left_alone(partnership):
    coordinator = MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR)

    ended = membership_end(
        user=coordinator.user, partnership=partnership, role=Role.COMPANY, actor="system:test"
    )

    assert ended == 0
    assert Membership.objects.get(pk=coordinator.pk).is_active is True
