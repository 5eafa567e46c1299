"""A written audit event cannot be changed or deleted: by the model layer everywhere, and on
PostgreSQL also by a trigger that refuses raw SQL; on SQLite the hash chain shows raw SQL."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from vises.common import audit
from vises.common.models import AuditEvent, AuditLogIsAppendOnly


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


def raw_sql(sql: str, params: list[str | int]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify_refusal() -> str:
    with pytest.raises(CommandError) as refused:
        call_command("audit", "verify", stdout=StringIO())
    return str(refused.value)


def test_a_raw_sql_update_is_refused_on_postgresql_and_shows_on_sqlite(event):
    update = "UPDATE common_auditevent SET action = %s WHERE id = %s"
    params: list[str | int] = ["partnerships.partnership.deleted", event.pk]

    if connection.vendor == "postgresql":
        # The trigger of migration 0002 refuses it, whoever sends it.
        with pytest.raises(DatabaseError, match="common_auditevent is append-only: UPDATE refused"):
            raw_sql(update, params)
        assert unchanged(event)
    else:
        # SQLite has no trigger (its flush between tests deletes rows); the hash chain shows it.
        raw_sql(update, params)
        with translation.override("en"):
            assert f"event {event.pk} (#1) was changed after it was written" in verify_refusal()


def test_a_raw_sql_delete_is_refused_on_postgresql_and_shows_on_sqlite(event):
    later = audit.log("system:test", "partnerships.partnership.viewed", event_partnership(event))
    delete = "DELETE FROM common_auditevent WHERE id = %s"

    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="common_auditevent is append-only: DELETE refused"):
            raw_sql(delete, [event.pk])
        assert AuditEvent.objects.filter(pk=event.pk).exists()
    else:
        raw_sql(delete, [event.pk])
        with translation.override("en"):
            assert f"event #1 is missing before event {later.pk} (#2)" in verify_refusal()


def event_partnership(event: AuditEvent):
    from vises.partnerships.models import Partnership

    assert event.partnership_id is not None
    return Partnership.objects.get(pk=event.partnership_id)
