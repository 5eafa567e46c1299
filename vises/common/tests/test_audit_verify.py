"""`vises audit verify` finds an audit log changed behind the application's back and names
the event; `vises audit record-heads` (the daily job) makes a cut-off tail show."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from vises.common import audit
from vises.common.models import AuditEvent

TRIGGER = "common_auditevent_append_only"


@pytest.fixture(autouse=True)
def _english() -> object:
    """Messages are checked in English here; the Swedish operator sees is checked below."""
    with translation.override("en"):
        yield


def tamper(sql: str, params: list[str | int]) -> None:
    """Run raw SQL as a database owner would: on PostgreSQL past the append-only trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE common_auditevent DISABLE TRIGGER {TRIGGER}")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE common_auditevent ENABLE TRIGGER {TRIGGER}")


def rewind_chain_head(chain: str, event: AuditEvent) -> None:
    """What a careful attacker does after cutting a chain's tail: the head points at `event`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE common_auditchainhead SET seq = %s, hash = %s WHERE chain = %s",
            [event.seq, event.hash, chain],
        )


def verify(*args: str) -> str:
    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def verify_fails(*args: str) -> tuple[str, str]:
    """Run verify expecting a refusal; returns (the error message, what was printed)."""
    out = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("audit", "verify", *args, stdout=out)
    assert refused.value.returncode == 1  # `vises audit verify` exits with status 1
    return str(refused.value), out.getvalue()


@pytest.fixture
def events(partnership) -> list[AuditEvent]:
    """Four events in the partnership's chain, and one in the global chain."""
    written = [
        audit.log("system:test", "partnerships.partnership.created", partnership),
        audit.log("system:test", "partnerships.partnership.viewed", partnership),
        audit.log("system:test", "partnerships.partnership.changed", partnership, fields=["name"]),
        audit.log("system:test", "partnerships.partnership.viewed", partnership),
    ]
    audit.log("system:test", "partnerships.organisation.created")
    return written


@pytest.fixture
def chain(partnership) -> str:
    return f"partnership:{partnership.pk}"


def recorded_at(heads_file: Path, chain: str) -> str:
    lines = [json.loads(line) for line in heads_file.read_text().splitlines()]
    return [line["recorded_at"] for line in lines if line["chain"] == chain][-1]


def test_an_intact_log_verifies(events, chain):
    assert verify() == (
        f"global: 1 events, intact\n{chain}: 4 events, intact\n"
        "The audit log is intact (2 chains).\n"
    )


def test_an_empty_log_verifies(db):
    assert verify() == "The audit log is intact (0 chains).\n"


def test_an_edited_event_is_named_by_id_and_number(events, chain):
    second = events[1]
    tamper(
        "UPDATE common_auditevent SET action = %s WHERE id = %s",
        ["partnerships.partnership.deleted", second.pk],
    )

    message, printed = verify_fails()

    assert message == f"{chain} is broken: event {second.pk} (#2) was changed after it was written"
    assert printed == "global: 1 events, intact\n"


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("actor", "system:someone-else"),
        ("object_id", "999"),
        ("fields", '["name", "org_number"]'),
        ("ip", "192.0.2.1"),
        ("at", "2020-01-01 00:00:00"),
    ],
)
def test_any_edited_column_shows(events, chain, column, value):
    third = events[2]
    tamper(f"UPDATE common_auditevent SET {column} = %s WHERE id = %s", [value, third.pk])

    message, _printed = verify_fails()

    assert message == f"{chain} is broken: event {third.pk} (#3) was changed after it was written"


def test_an_edited_event_with_a_recomputed_hash_breaks_the_link_to_the_next(events, chain):
    second = AuditEvent.objects.get(pk=events[1].pk)
    second.action = "partnerships.partnership.deleted"
    forged_hash = audit.event_hash(second)
    tamper(
        "UPDATE common_auditevent SET action = %s, hash = %s WHERE id = %s",
        [second.action, forged_hash, second.pk],
    )

    message, _printed = verify_fails()

    third = events[2]
    assert message == f"{chain} is broken: event {third.pk} (#3) does not follow the previous event"


def test_a_rewritten_tail_shows_against_the_recorded_heads(events, chain, settings):
    call_command("audit", "record-heads", stdout=StringIO())
    # A forger who knows the algorithm rewrites event #2 and recomputes every hash after it.
    prev_hash = events[0].hash
    for event in AuditEvent.objects.filter(chain=chain, seq__gte=2).order_by("seq"):
        if event.seq == 2:
            event.action = "partnerships.partnership.deleted"
        event.prev_hash = prev_hash
        event.hash = audit.event_hash(event)
        tamper(
            "UPDATE common_auditevent SET action = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [event.action, event.prev_hash, event.hash, event.pk],
        )
        prev_hash = event.hash
    rewind_chain_head(chain, event)

    message, _printed = verify_fails()

    at = recorded_at(settings.VISES_AUDIT_HEADS_FILE, chain)
    assert message == (
        f"{chain} is broken: event #4 differs from the hash recorded outside the database at {at}"
    )


def test_a_deleted_event_names_the_missing_number_and_the_event_after_it(events, chain):
    tamper("DELETE FROM common_auditevent WHERE id = %s", [events[1].pk])

    message, _printed = verify_fails()

    third = events[2]
    assert message == f"{chain} is broken: event #2 is missing before event {third.pk} (#3)"


def test_a_deleted_first_event_shows(events, chain):
    tamper("DELETE FROM common_auditevent WHERE id = %s", [events[0].pk])

    message, _printed = verify_fails()

    assert message == f"{chain} is broken: event #1 is missing before event {events[1].pk} (#2)"


def test_record_heads_writes_each_chains_last_event_outside_the_database(events, chain, settings):
    out = StringIO()

    call_command("audit", "record-heads", stdout=out)

    assert out.getvalue() == "Recorded the heads of 2 chains.\n"
    lines = [json.loads(line) for line in settings.VISES_AUDIT_HEADS_FILE.read_text().splitlines()]
    global_event = AuditEvent.objects.get(chain="global")
    assert sorted((line["chain"], line["seq"], line["hash"]) for line in lines) == [
        ("global", 1, global_event.hash),
        (chain, 4, events[3].hash),
    ]
    assert all(line["recorded_at"].endswith("+00:00") for line in lines)


def test_a_cut_off_tail_shows_thanks_to_the_recorded_heads(events, chain, settings):
    call_command("audit", "record-heads", stdout=StringIO())
    tamper("DELETE FROM common_auditevent WHERE id IN (%s, %s)", [events[2].pk, events[3].pk])
    rewind_chain_head(chain, events[1])
    assert AuditEvent.objects.filter(chain=chain).count() == 2

    message, printed = verify_fails()

    at = recorded_at(settings.VISES_AUDIT_HEADS_FILE, chain)
    assert message == (
        f"{chain} is broken: events after #2 are missing: "
        f"event #4 was recorded outside the database at {at}"
    )
    assert printed == "global: 1 events, intact\n"


def test_a_whole_chain_deleted_shows_thanks_to_the_recorded_heads(events, chain, settings):
    call_command("audit", "record-heads", stdout=StringIO())
    tamper("DELETE FROM common_auditevent WHERE chain = %s", [chain])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM common_auditchainhead WHERE chain = %s", [chain])

    message, _printed = verify_fails()

    at = recorded_at(settings.VISES_AUDIT_HEADS_FILE, chain)
    assert message == (
        f"{chain} is broken: events after #0 are missing: "
        f"event #4 was recorded outside the database at {at}"
    )


def test_a_cut_off_tail_shows_against_the_chain_head_before_any_heads_were_recorded(events, chain):
    tamper("DELETE FROM common_auditevent WHERE id = %s", [events[3].pk])

    message, _printed = verify_fails()

    assert message == f"{chain} is broken: events after #3 are missing: the chain head is at #4"


def test_an_event_appended_behind_the_applications_back_shows(events, chain):
    last = events[3]
    forged = AuditEvent(
        chain=chain,
        seq=5,
        at=last.at,
        actor="system:test",
        action="partnerships.partnership.viewed",
        object_type=last.object_type,
        object_id=last.object_id,
        partnership_id=last.partnership_id,
        fields=[],
        prev_hash=last.hash,
    )
    forged.hash = audit.event_hash(forged)
    forged.save(force_insert=True)  # not through audit.log, so the chain head stays at #4

    message, _printed = verify_fails()

    assert message == f"{chain} is broken: the chain head is at #4, not at the last event #5"


def test_heads_can_be_recorded_to_and_verified_against_another_file(events, chain, tmp_path):
    heads_file = tmp_path / "elsewhere" / "heads.jsonl"
    call_command("audit", "record-heads", "--heads-file", str(heads_file), stdout=StringIO())
    tamper("DELETE FROM common_auditevent WHERE id = %s", [events[3].pk])
    rewind_chain_head(chain, events[2])

    assert "2 chains" in verify()  # the default heads file knows nothing of this
    message, _printed = verify_fails("--heads-file", str(heads_file))

    at = recorded_at(heads_file, chain)
    assert message == (
        f"{chain} is broken: events after #3 are missing: "
        f"event #4 was recorded outside the database at {at}"
    )


def test_every_broken_chain_is_named(events, chain, partnership):
    global_event = AuditEvent.objects.get(chain="global")
    tamper("UPDATE common_auditevent SET actor = %s", ["system:someone-else"])

    message, printed = verify_fails()

    assert message == (
        f"global is broken: event {global_event.pk} (#1) was changed after it was written; "
        f"{chain} is broken: event {events[0].pk} (#1) was changed after it was written"
    )
    assert printed == ""


def test_the_operator_reads_the_verdict_in_swedish(events, chain):
    with translation.override("sv"):
        assert verify() == (
            f"global: 1 händelser, intakt\n{chain}: 4 händelser, intakt\n"
            "Granskningsloggen är intakt (2 loggkedjor).\n"
        )
        tamper("DELETE FROM common_auditevent WHERE id = %s", [events[1].pk])
        message, _printed = verify_fails()

    assert message == (
        f"{chain} är bruten: händelse nr 2 saknas före händelse {events[2].pk} (nr 3)"
    )


def test_the_operator_reads_a_cut_off_tail_in_swedish(events, chain):
    tamper("DELETE FROM common_auditevent WHERE id = %s", [events[3].pk])

    with translation.override("sv"):
        message, _printed = verify_fails()

    assert (
        message == f"{chain} är bruten: händelser efter nr 3 saknas: loggkedjan ska sluta på nr 4"
    )
