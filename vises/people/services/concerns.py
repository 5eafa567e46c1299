"""Concerns a person reports privately to the coordinator through their own link."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from vises.common import audit
from vises.people.models import Concern, Person
from vises.people.outbox.catalogue import concern_notify


@transaction.atomic
def concern_report(*, person: Person, text: str, actor: audit.Actor) -> Concern:
    """Store the concern and tell the partnership's coordinators that one came in (by e-mail,
    after commit, without the text). Raises ValidationError for an empty or too long text."""
    concern = Concern(partnership=person.partnership, person=person, text=text.strip())
    concern.full_clean()
    concern.save()
    audit.log(actor, "people.concern.reported", concern, fields=["text"])
    concern_notify(concern=concern)
    return concern


@transaction.atomic
def concern_handle(*, concern: Concern, actor: audit.Actor) -> Concern:
    """Mark the concern as handled (again a no-op when it already is)."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.handled_at is None:
        concern.handled_at = timezone.now()
        concern.save(update_fields=["handled_at"])
        audit.log(actor, "people.concern.handled", concern, fields=["handled_at"])
    return concern
