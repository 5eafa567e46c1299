"""Cross-cutting models: the base model, the tamper-evident audit log, scheduler bookkeeping."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete a written audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditLogIsAppendOnly("audit events cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit events cannot be deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AuditLogIsAppendOnly("audit events cannot be updated")

    def bulk_create(self, *args: Any, **kwargs: Any) -> list[AuditEvent]:
        raise AuditLogIsAppendOnly("audit events are written one by one through audit.log")


class AuditEvent(models.Model):
    """One entry of the append-only audit log, chained per partnership by hashes.

    Never holds personal data of registered people (DESIGN §6): objects by type and id,
    action names, names of changed fields but not their values.
    """

    chain = models.CharField(_("chain"), max_length=40, db_index=True)
    seq = models.PositiveBigIntegerField(_("sequence number"))
    at = models.DateTimeField(_("time (UTC)"))
    actor = models.CharField(_("actor"), max_length=80)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    partnership_id = models.BigIntegerField(_("partnership"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    fields = models.JSONField(_("changed fields"), default=list, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["chain", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_event_chain_seq_unique")
        ]
        # A person page shows the history of one object: found by type and id.
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_event_object")]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnly("audit events cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit events cannot be deleted")


class AuditChainHead(models.Model):
    """The last event of one chain; locked while an event is appended so the chain stays linear."""

    chain = models.CharField(max_length=40, unique=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq}"


class ScheduledJobRun(models.Model):
    """When the scheduler last enqueued a periodic job, so a restart neither skips nor doubles."""

    name = models.CharField(max_length=100, unique=True)
    last_due_at = models.DateTimeField()
    enqueued_at = models.DateTimeField()

    class Meta:
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")

    def __str__(self) -> str:
        return self.name


class RateCounter(models.Model):
    """Hits of one rate-limit window, counted by one atomic upsert (vises.common.ratelimit).

    The key is a keyed hash of scope, subject (an address or a contact) and window, never the
    subject itself, so no phone number or e-mail address is stored here.
    """

    key = models.CharField(max_length=64, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.hits}"
