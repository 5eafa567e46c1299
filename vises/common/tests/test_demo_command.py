"""`vises demo` loads the real Vi Ses! parties and one demo user per role, idempotently, and
only on a development machine (DESIGN §9)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from vises.common.models import AuditEvent
from vises.partnerships.models import Membership, Organisation, Partnership

DEMO_ROLES = [
    ("demo-admin", "admin"),
    ("demo-company", "company"),
    ("demo-coordinator", "coordinator"),
    ("demo-manager", "manager"),
    ("demo-municipal", "municipal"),
    ("demo-volunteer", "volunteer"),
]


def counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "partnerships": Partnership.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


@pytest.fixture
def dev(settings) -> None:
    settings.VISES_DEV = True
    settings.VISES_DEMO_PASSWORD = "a-demo-password-for-tests"


def demo(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_demo_loads_the_agreements_parties_and_one_user_per_role(db, dev):
    demo()

    assert counts() == {
        "organisations": 2,
        "partnerships": 1,
        "users": 6,
        "memberships": 6,
        # partnership created, districts seeded, 21 consent texts (3 purposes in 7 languages),
        # the demo people loaded (24);
        # companies: 8 created, 14 stage moves, 8 contacts, the portal login's contact link
        # and membership (32); cafés through the services, plus one event for the past
        # cafés written directly (42, see vises.cafes.demo); the agreement and its two
        # extensions (3); matching's runs, pairs, answers and follow-ups through the services,
        # plus one event for the history dated directly (78, see vises.matching.demo); the
        # economy's costs, hourly rates and approved years (48), its invoices drafted, issued,
        # paid and credited (15); the steering group's meetings, minutes approved and action
        # items (14); one event each for the five years of cafés and of pairs dated directly
        # (2, see vises.cafes.demo_history and vises.matching.demo_history)
        "audit events": 265,
    }
    assert sorted(Organisation.objects.values_list("name", "org_number", "kind")) == [
        ("Linköpings kommun", "212000-0449", "municipality"),
        ("Linköpings södra rödakorskrets", "822002-1318", "nonprofit"),
    ]
    partnership = Partnership.objects.select_related("public_authority", "organisation").get()
    assert (
        partnership.slug,
        partnership.name,
        partnership.public_authority.org_number,
        partnership.organisation.org_number,
        partnership.authority_body,
    ) == ("vi-ses", "Vi Ses!", "212000-0449", "822002-1318", "arbetsmarknadsnämnden")
    assert (
        sorted(
            Membership.objects.filter(partnership=partnership, is_active=True).values_list(
                "user__username", "role"
            )
        )
        == DEMO_ROLES
    )


def test_running_demo_twice_changes_nothing(db, dev):
    demo()
    first = counts()
    users = list(get_user_model().objects.order_by("pk").values_list("pk", "username"))

    demo()

    assert counts() == first
    assert list(get_user_model().objects.order_by("pk").values_list("pk", "username")) == users


def test_demo_users_log_in_with_the_configured_password(db, dev):
    demo()

    for username, _role in DEMO_ROLES:
        user = get_user_model().objects.get(username=username)
        assert user.is_active
        assert user.check_password("a-demo-password-for-tests"), username
        assert not user.check_password("vises-demo"), username


def test_demo_prints_the_logins(db, dev):
    printed = demo()
    this_year = timezone.localdate().year

    assert printed.splitlines() == [
        "Demo data loaded for Vi Ses!.",
        "120 demo persons added to the register.",
        "Economy: actuals for 2022–2025, 3 years approved.",
        "Economy: invoices for 2022–2025, one of them credited and issued again.",
        f"Steering group: two meetings in {this_year - 2}, one in {this_year - 1}, one planned.",
        "Demo logins (password: a-demo-password-for-tests):",
        "  demo-coordinator   coordinator",
        "  demo-manager       manager",
        "  demo-municipal     municipal",
        "  demo-volunteer     volunteer",
        "  demo-company       company",
        "  demo-admin         admin",
    ]


def test_demo_if_empty_leaves_an_existing_database_alone(db, dev, partnership):
    before = counts()

    printed = demo("--if-empty")

    assert printed.splitlines()[0] == "The database already holds data; no demo data loaded."

    assert counts() == before


def test_demo_refuses_without_vises_dev(db, settings):
    settings.VISES_DEV = False

    with pytest.raises(CommandError) as refused, translation.override("en"):
        call_command("demo", stdout=StringIO())

    assert refused.value.returncode == 1
    assert str(refused.value) == (
        "vises demo only runs with VISES_DEV=1: demo users must never reach production."
    )
    assert counts() == {
        "organisations": 0,
        "partnerships": 0,
        "users": 0,
        "memberships": 0,
        "audit events": 0,
    }
