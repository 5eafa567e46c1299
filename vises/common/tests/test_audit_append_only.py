"""A written audit event cannot be changed or deleted: by the model layer everywhere, and on
PostgreSQL also by a trigger that refuses raw SQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from vises.common import audit
from vises.common.models import AuditEvent, AuditLogIsAppendOnly

ONLY_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger exists on PostgreSQL only by design (migration 0002); "
    "SQLite is the single-machine default, where the hash chain alone shows tampering",
)


@pytest.fixture
def event(partnership) -> AuditEvent:
    return audit.log("system:test", "partnerships.partnership.viewed", partnership)


def unchanged(event: AuditEvent) -> bool:
    row = AuditEvent.objects.get(pk=event.pk)
    return (row.action, row.hash) == ("partnerships.partnership.viewed", event.hash)


def test_saving_a_written_event_is_refused(event):
    event.action = "partnerships.partnership.deleted"

    with pytest.raises(AuditLogIsAppendOnly, match="audit events cannot be updated"):
        event.save()

    assert unchanged(event)


def test_saving_a_reloaded_event_is_refused(event):
    reloaded = AuditEvent.objects.get(pk=event.pk)
    reloaded.actor = "system:someone-else"

    with pytest.raises(AuditLogIsAppendOnly):
        reloaded.save(update_fields=["actor"])

    assert AuditEvent.objects.get(pk=event.pk).actor == "system:test"


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AuditLogIsAppendOnly, match="audit events cannot be deleted"):
        event.delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_updating_through_a_queryset_is_refused(event):
    with pytest.raises(AuditLogIsAppendOnly, match="audit events cannot be updated"):
        AuditEvent.objects.filter(pk=event.pk).update(action="partnerships.partnership.deleted")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.update(actor="system:someone-else")

    assert unchanged(event)


def test_deleting_through_a_queryset_is_refused(event):
    with pytest.raises(AuditLogIsAppendOnly, match="audit events cannot be deleted"):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()

    assert AuditEvent.objects.count() == 1


def test_bulk_writes_are_refused(event):
    changed = AuditEvent.objects.get(pk=event.pk)
    changed.action = "partnerships.partnership.deleted"

    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_update([changed], ["action"])
    with pytest.raises(AuditLogIsAppendOnly, match="written one by one through audit.log"):
        AuditEvent.objects.bulk_create([AuditEvent(chain="global", seq=99, hash="f" * 64)])

    assert AuditEvent.objects.count() == 1
    assert unchanged(AuditEvent.objects.get(pk=event.pk))


@ONLY_POSTGRESQL
def test_postgresql_refuses_a_raw_sql_update(event):
    with (
        pytest.raises(DatabaseError, match="common_auditevent is append-only: UPDATE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE common_auditevent SET action = %s WHERE id = %s",
            ["partnerships.partnership.deleted", event.pk],
        )

    assert unchanged(event)


@ONLY_POSTGRESQL
def test_postgresql_refuses_a_raw_sql_delete(event):
    with (
        pytest.raises(DatabaseError, match="common_auditevent is append-only: DELETE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM common_auditevent WHERE id = %s", [event.pk])

    assert AuditEvent.objects.filter(pk=event.pk).exists()
