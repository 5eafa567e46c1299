"""Every write of the steering group: meetings, their minutes and their approval at the next
meeting, action items. Keyword-only, `full_clean()` inside, atomic, one audit event per change
(names of fields, never their text). Errors are ValidationError in the user's language."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.common import audit
from vises.common.audit import Actor
from vises.partnerships.access import Perm
from vises.partnerships.models import Membership, Partnership
from vises.people.services.naming import no_participant_named
from vises.steering import selectors
from vises.steering.models import ActionItem, SteeringMeeting
from vises.steering.text import plain_text

MEETING_FIELDS = ("starts_at", "place", "agenda", "minutes", "decisions")


def _check_attendees(partnership: Partnership, attendees: Iterable[Membership]) -> list[Membership]:
    chosen = list(attendees)
    for membership in chosen:
        if (
            membership.partnership_id != partnership.pk
            or not membership.is_active
            or not membership.allows(Perm.STEERING)
        ):
            raise ValidationError(
                {"attendees": _("Only members of the steering group can attend.")},
                code="not_a_member",
            )
    return chosen


def _check_owner(partnership: Partnership, owner: Membership | None) -> None:
    if owner is not None and (
        owner.partnership_id != partnership.pk
        or not owner.is_active
        or not owner.allows(Perm.STEERING)
    ):
        raise ValidationError(
            {"owner": _("The owner must be a member of the steering group.")},
            code="not_a_member",
        )


def _check_minutes(meeting: SteeringMeeting, now: datetime) -> None:
    if (meeting.minutes or meeting.decisions) and meeting.starts_at > now:
        raise ValidationError(
            {"minutes": _("Minutes and decisions can be recorded once the meeting has begun.")},
            code="not_begun",
        )


def _check_names(meeting: SteeringMeeting) -> None:
    """The record is read by the whole steering group: it names no participant."""
    no_participant_named(
        partnership=meeting.partnership,
        texts={name: getattr(meeting, name) for name in ("agenda", "minutes", "decisions")},
    )


@transaction.atomic
def meeting_create(
    *,
    partnership: Partnership,
    starts_at: datetime,
    place: str,
    agenda: str,
    attendees: Iterable[Membership] = (),
    minutes: str = "",
    decisions: str = "",
    actor: Actor,
) -> SteeringMeeting:
    """Plan (or record) a meeting. Raises ValidationError for an empty place or agenda, an
    attendee outside the steering group, minutes of a meeting that has not begun, or an
    agenda, minutes or decisions naming a participant of the register."""
    chosen = _check_attendees(partnership, attendees)
    meeting = SteeringMeeting(
        partnership=partnership,
        starts_at=starts_at,
        place=plain_text(place),
        agenda=plain_text(agenda),
        minutes=plain_text(minutes),
        decisions=plain_text(decisions),
        created_by=actor if isinstance(actor, User) else None,
    )
    meeting.full_clean()
    _check_minutes(meeting, timezone.now())
    _check_names(meeting)
    meeting.save()
    meeting.attendees.set(chosen)
    audit.log(
        actor, "steering.steeringmeeting.created", meeting, fields=["attendees", *MEETING_FIELDS]
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: SteeringMeeting,
    starts_at: datetime,
    place: str,
    agenda: str,
    minutes: str,
    decisions: str,
    attendees: Iterable[Membership],
    actor: Actor,
) -> SteeringMeeting:
    """Change a meeting: its time, place, agenda, attendees, minutes and decisions. Raises
    ValidationError once its minutes are approved (the approved record does not change)."""
    meeting = SteeringMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_approved:
        raise ValidationError(
            _("The minutes of this meeting are approved; the meeting can no longer be changed."),
            code="approved",
        )
    chosen = _check_attendees(meeting.partnership, attendees)
    before = {name: getattr(meeting, name) for name in MEETING_FIELDS}
    before_attendees = set(meeting.attendees.values_list("pk", flat=True))
    meeting.starts_at = starts_at
    meeting.place = plain_text(place)
    meeting.agenda = plain_text(agenda)
    meeting.minutes = plain_text(minutes)
    meeting.decisions = plain_text(decisions)
    meeting.full_clean()
    _check_minutes(meeting, timezone.now())
    _check_names(meeting)
    changed = [name for name in MEETING_FIELDS if getattr(meeting, name) != before[name]]
    if {m.pk for m in chosen} != before_attendees:
        changed.append("attendees")
    if not changed:
        return meeting
    meeting.save()
    meeting.attendees.set(chosen)
    audit.log(actor, "steering.steeringmeeting.updated", meeting, fields=changed)
    return meeting


@transaction.atomic
def minutes_approve(
    *, meeting: SteeringMeeting, actor: AbstractBaseUser, today: date | None = None
) -> SteeringMeeting:
    """Approve, at `meeting`, the minutes of the meeting before it; returns that meeting.

    Raises ValidationError when there is no earlier meeting, its minutes are not written or
    already approved, or `meeting` has not come yet (minutes are approved at the next
    meeting, not before it)."""
    today = today or timezone.localdate()
    if timezone.localdate(meeting.starts_at) > today:
        raise ValidationError(
            _("The minutes are approved at the next meeting, on %(day)s.")
            % {"day": timezone.localdate(meeting.starts_at).isoformat()},
            code="too_early",
        )
    previous = selectors.previous_meeting(meeting=meeting)
    if previous is None:
        raise ValidationError(_("There is no earlier meeting to approve."), code="no_previous")
    previous = SteeringMeeting.objects.select_for_update().get(pk=previous.pk)
    if previous.minutes_approved:
        raise ValidationError(
            _("The minutes of the previous meeting are approved already."), code="approved"
        )
    if not previous.minutes.strip():
        raise ValidationError(
            _("The previous meeting has no minutes yet: record them before approving."),
            code="no_minutes",
        )
    previous.minutes_approved_at = timezone.now()
    previous.minutes_approved_by = actor  # type: ignore[assignment]
    previous.minutes_approved_at_meeting = meeting
    previous.full_clean()
    previous.save(
        update_fields=["minutes_approved_at", "minutes_approved_by", "minutes_approved_at_meeting"]
    )
    audit.log(
        actor,
        "steering.steeringmeeting.minutes_approved",
        previous,
        fields=["minutes_approved_at", "minutes_approved_by", "minutes_approved_at_meeting"],
    )
    return previous


@transaction.atomic
def action_item_create(
    *,
    meeting: SteeringMeeting,
    text: str,
    owner: Membership | None,
    due_on: date | None,
    actor: Actor,
) -> ActionItem:
    """An action item decided at the meeting. Raises ValidationError for an empty text, a
    text naming a participant, or an owner outside the steering group."""
    _check_owner(meeting.partnership, owner)
    item = ActionItem(meeting=meeting, text=plain_text(text), owner=owner, due_on=due_on)
    item.full_clean()
    no_participant_named(partnership=meeting.partnership, texts={"text": item.text})
    item.save()
    audit.log(
        actor,
        "steering.actionitem.created",
        item,
        partnership=meeting.partnership,
        fields=["text", "owner", "due_on", "status"],
    )
    return item


@transaction.atomic
def action_item_status_set(*, item: ActionItem, status: str, actor: Actor) -> ActionItem:
    """Mark an action item open, done or dropped. Raises ValidationError for another value."""
    item = ActionItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if status == item.status:
        return item
    item.status = status
    item.full_clean()
    item.save(update_fields=["status", "updated_at"])
    audit.log(
        actor,
        "steering.actionitem.status_set",
        item,
        partnership=item.meeting.partnership,
        fields=["status"],
    )
    return item
