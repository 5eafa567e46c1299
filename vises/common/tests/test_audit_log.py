"""`audit.log`: events chained per partnership, no personal data, the IP for staff only."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from vises.common import audit
from vises.common.models import AuditChainHead, AuditEvent
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import (
    TEST_PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)

GENESIS = "0" * 64


@pytest.fixture
def client_address() -> Iterator[str]:
    """The address TrustedProxyMiddleware would have set for the request being served."""
    token = audit.client_ip.set("203.0.113.7")
    yield "203.0.113.7"
    audit.client_ip.reset(token)


def stored(event: AuditEvent) -> dict[str, object]:
    return dict(AuditEvent.objects.filter(pk=event.pk).values().get())


def test_events_of_one_partnership_are_numbered_and_linked_by_hashes(partnership):
    coordinator = MembershipFactory.create(partnership=partnership).user

    first = audit.log(coordinator, "partnerships.partnership.viewed", partnership)
    second = audit.log(
        coordinator, "partnerships.partnership.changed", partnership, fields=["name"]
    )
    third = audit.log("system:test", "partnerships.partnership.viewed", partnership)

    chain = f"partnership:{partnership.pk}"
    assert [(e.chain, e.seq) for e in (first, second, third)] == [
        (chain, 1),
        (chain, 2),
        (chain, 3),
    ]
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    # What was stored is what was hashed (the time survives the database round trip).
    for event in AuditEvent.objects.filter(chain=chain):
        assert audit.event_hash(event) == event.hash
    assert AuditChainHead.objects.values_list("chain", "seq", "hash").get(chain=chain) == (
        chain,
        3,
        third.hash,
    )


def test_each_partnership_has_its_own_chain_and_the_rest_goes_to_the_global_chain(db):
    one, two = PartnershipFactory.create(), PartnershipFactory.create()
    organisation = OrganisationFactory.create()
    user = UserFactory.create()
    membership_in_two = MembershipFactory.create(partnership=two, user=user)

    audit.log("system:test", "partnerships.partnership.created", one)
    audit.log("system:test", "partnerships.partnership.created", two)
    audit.log("system:test", "partnerships.organisation.created", organisation)
    audit.log("system:test", "partnerships.membership.created", membership_in_two)
    audit.log("system:test", "partnerships.partnership.viewed", one)
    audit.log(user, "accounts.user.logged_in", user)
    audit.log("system:test", "accounts.user.deactivated", user, partnership=one)

    rows = list(
        AuditEvent.objects.order_by("pk").values_list("chain", "seq", "action", "partnership_id")
    )
    assert rows == [
        (f"partnership:{one.pk}", 1, "partnerships.partnership.created", one.pk),
        (f"partnership:{two.pk}", 1, "partnerships.partnership.created", two.pk),
        ("global", 1, "partnerships.organisation.created", None),
        (f"partnership:{two.pk}", 2, "partnerships.membership.created", two.pk),
        (f"partnership:{one.pk}", 2, "partnerships.partnership.viewed", one.pk),
        ("global", 2, "accounts.user.logged_in", None),
        (f"partnership:{one.pk}", 3, "accounts.user.deactivated", one.pk),
    ]
    by_chain: dict[str, list[AuditEvent]] = {}
    for event in AuditEvent.objects.order_by("chain", "seq"):
        by_chain.setdefault(event.chain, []).append(event)
    for events in by_chain.values():
        assert events[0].prev_hash == GENESIS
        for before, after in zip(events, events[1:], strict=False):
            assert after.prev_hash == before.hash


def test_an_event_names_the_actor_by_id_and_changed_fields_by_name_only(partnership):
    user = UserFactory.create(
        username="anna.svensson",
        first_name="Anna",
        last_name="Svensson",
        email="anna.svensson@example.org",
    )
    membership = MembershipFactory.create(user=user, partnership=partnership)

    event = audit.log(
        user, "partnerships.membership.changed", membership, fields=["role", "is_active", "role"]
    )

    row = stored(event)
    assert {key: value for key, value in row.items() if key not in {"id", "at", "hash"}} == {
        "chain": f"partnership:{partnership.pk}",
        "seq": 1,
        "actor": f"user:{user.pk}",
        "action": "partnerships.membership.changed",
        "object_type": "partnerships.membership",
        "object_id": str(membership.pk),
        "partnership_id": partnership.pk,
        "ip": None,
        "fields": ["is_active", "role"],
        "prev_hash": GENESIS,
    }
    written = json.dumps(row, default=str)
    for personal in ("Anna", "Svensson", "anna.svensson", "example.org"):
        assert personal not in written


@pytest.mark.parametrize(
    ("actor", "label"),
    [
        ("link:registration.cancel", "link:registration.cancel"),
        ("system:scheduler", "system:scheduler"),
        (None, "anonymous"),
        (AnonymousUser(), "anonymous"),
    ],
)
def test_actors_without_an_account_are_named_by_purpose(partnership, actor, label):
    event = audit.log(actor, "partnerships.partnership.viewed", partnership)

    assert stored(event)["actor"] == label


@pytest.mark.parametrize(
    "actor",
    ["anna.svensson@example.org", "Anna Svensson", "+46701234567", "link:anna@example.org", ""],
)
def test_an_actor_string_that_could_be_personal_data_is_refused(partnership, actor):
    with pytest.raises(ValueError, match="audit actor must be"):
        audit.log(actor, "partnerships.partnership.viewed", partnership)

    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("field", ["Anna Svensson", "anna@example.org", "070-123 45 67", ""])
def test_a_field_that_looks_like_a_value_instead_of_a_name_is_refused(partnership, field):
    with pytest.raises(ValueError, match="audit fields are field names"):
        audit.log("system:test", "partnerships.partnership.changed", partnership, fields=[field])

    assert AuditEvent.objects.count() == 0


def test_an_action_must_be_app_model_verb(partnership):
    with pytest.raises(ValueError, match="audit action must be <app>.<model>.<verb>"):
        audit.log("system:test", "viewed", partnership)

    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "kept"),
    [
        (Role.COORDINATOR, True),
        (Role.MANAGER, True),
        (Role.MUNICIPAL, True),
        (Role.ADMIN, True),
        (Role.VOLUNTEER, False),
        (Role.COMPANY, False),
    ],
)
def test_the_ip_address_is_kept_for_staff_actors_only(partnership, client_address, role, kept):
    user = MembershipFactory.create(partnership=partnership, role=role).user

    event = audit.log(user, "partnerships.partnership.viewed", partnership)

    assert stored(event)["ip"] == ("203.0.113.7" if kept else None)


def test_a_superuser_without_a_membership_counts_as_staff(partnership, client_address):
    superuser = UserFactory.create(is_superuser=True)

    event = audit.log(superuser, "partnerships.partnership.viewed", partnership)

    assert stored(event)["ip"] == "203.0.113.7"


def test_an_inactive_staff_membership_does_not_keep_the_ip(partnership, client_address):
    user = MembershipFactory.create(
        partnership=partnership, role=Role.COORDINATOR, is_active=False
    ).user

    event = audit.log(user, "partnerships.partnership.viewed", partnership)

    assert stored(event)["ip"] is None


@pytest.mark.parametrize("actor", ["link:registration.cancel", "system:scheduler", None])
def test_the_ip_address_of_link_and_system_actors_is_not_kept(partnership, client_address, actor):
    event = audit.log(actor, "partnerships.partnership.viewed", partnership)

    assert stored(event)["ip"] is None


@pytest.fixture
def login_cache(settings) -> None:
    # allauth's login rate limit needs a cache; the database cache table is not in test setup.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.mark.parametrize(
    ("role", "peer", "forwarded", "ip"),
    [
        # Through our proxy: the address the proxy saw, not what the client wrote before it.
        (Role.COORDINATOR, "10.0.0.1", "198.51.100.66, 203.0.113.7", "203.0.113.7"),
        # Straight from the client, whose own header is ignored.
        (Role.COORDINATOR, "198.51.100.9", "203.0.113.7", "198.51.100.9"),
        # Not staff: no address at all.
        (Role.VOLUNTEER, "10.0.0.1", "198.51.100.66, 203.0.113.7", None),
    ],
)
def test_a_login_is_audited_with_the_real_client_address_for_staff(
    settings, login_cache, partnership, role, peer, forwarded, ip
):
    settings.VISES_TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]
    user = MembershipFactory.create(partnership=partnership, role=role).user

    response = Client().post(
        "/accounts/login/",
        {"login": user.username, "password": TEST_PASSWORD},
        REMOTE_ADDR=peer,
        HTTP_X_FORWARDED_FOR=forwarded,
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="accounts.user.logged_in")
    assert (event.actor, event.chain, event.ip) == (f"user:{user.pk}", "global", ip)
    assert audit.client_ip.get() is None  # the address does not leak into later work
