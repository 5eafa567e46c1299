"""Planning a café and moving it through its states (docs/cafe-states.md).

planned → open → full ↔ open → held → followed up, or cancelled from planned, open or full.
Each transition is one service; open ↔ full follows the seats inside the registration
services. A refused transition raises TransitionNotAllowed, naming both states.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.cafes.messages import notifications
from vises.cafes.messages.feedback import feedback_requests_enqueue
from vises.cafes.models import DEFAULT_CAPACITY, Cafe, CafeDescription, CafeVolunteer, Registration
from vises.cafes.selectors.cafes import SIGNUP_STATUSES, pending_invitations
from vises.cafes.services.registrations import _refresh_full, lock_cafe, waitlist_promote
from vises.common import audit
from vises.companies.models import Company
from vises.partnerships.models import Partnership
from vises.people.models import Language, Volunteer

# Fields of a café a caller may set when creating or changing it (languages apart).
CAFE_FIELDS = (
    "company",
    "starts_at",
    "ends_at",
    "signup_deadline",
    "capacity",
    "expected_employees",
    "place",
    "address",
    "bus_stop",
    "entrance",
    "accessibility",
    "children_welcome",
    "fika",
    "description",
)

# Which states each transition may start from.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Cafe.Status.OPEN: (Cafe.Status.PLANNED,),
    Cafe.Status.HELD: (Cafe.Status.OPEN, Cafe.Status.FULL),
    Cafe.Status.FOLLOWED_UP: (Cafe.Status.HELD,),
    Cafe.Status.CANCELLED: (Cafe.Status.PLANNED, Cafe.Status.OPEN, Cafe.Status.FULL),
}


class TransitionNotAllowed(ValidationError):
    """The café cannot move from its state to the one asked for."""

    def __init__(self, cafe: Cafe, to: str) -> None:
        self.from_status = cafe.status
        self.to_status = to
        super().__init__(
            _("A café that is “%(from)s” cannot become “%(to)s”.")
            % {
                "from": Cafe.Status(cafe.status).label,
                "to": Cafe.Status(to).label,
            },
            code="transition_not_allowed",
        )


def allowed_transitions(cafe: Cafe, *, now: datetime | None = None) -> list[str]:
    """The states the café may move to now, for the buttons on the café page."""
    now = now or timezone.now()
    allowed = [to for to, sources in TRANSITIONS.items() if cafe.status in sources]
    if cafe.starts_at > now and Cafe.Status.HELD in allowed:
        allowed.remove(Cafe.Status.HELD)
    if cafe.starts_at <= now and Cafe.Status.OPEN in allowed:
        allowed.remove(Cafe.Status.OPEN)
    return allowed


def _check_transition(cafe: Cafe, to: str) -> None:
    if cafe.status not in TRANSITIONS[to]:
        raise TransitionNotAllowed(cafe, to)


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _validate(cafe: Cafe, *, partnership: Partnership, changed: set[str], now: datetime) -> None:
    """Every rule of a café's plan; errors collected per field, in the user's language."""
    errors: dict[str, ValidationError] = {}
    if cafe.company_id is not None and cafe.company.partnership_id != partnership.pk:
        errors["company"] = ValidationError(
            _("Choose one of the partnership's companies."), code="other_partnership"
        )
    # Dates already in the past stay valid while nobody moves them (a held café's edit).
    if {"starts_at"} & changed and cafe.starts_at is not None and cafe.starts_at <= now:
        errors["starts_at"] = ValidationError(_("The café cannot start in the past."), code="past")
    if cafe.starts_at is not None and cafe.ends_at is not None and cafe.ends_at <= cafe.starts_at:
        errors["ends_at"] = ValidationError(
            _("The café must end after it starts."), code="end_before_start"
        )
    if cafe.capacity is not None and cafe.capacity < 1:
        errors["capacity"] = ValidationError(
            _("A café needs at least one place."), code="min_value"
        )
    if (
        cafe.signup_deadline is not None
        and cafe.starts_at is not None
        and cafe.signup_deadline > cafe.starts_at
    ):
        errors["signup_deadline"] = ValidationError(
            _("The sign-up deadline must be before the café starts."),
            code="deadline_after_start",
        )
    if errors:
        raise ValidationError(errors)
    cafe.full_clean()


def _check_fields(values: dict[str, Any]) -> None:
    unknown = set(values) - set(CAFE_FIELDS)
    if unknown:
        raise ValueError(f"not café fields: {sorted(unknown)}")


def _set_languages(cafe: Cafe, languages: Iterable[Language | str]) -> bool:
    """Set the languages spoken on site; True when they changed."""
    codes = {lang.code if isinstance(lang, Language) else str(lang) for lang in languages}
    before = set(cafe.languages.values_list("code", flat=True))
    if codes == before:
        return False
    known = set(Language.objects.filter(code__in=codes).values_list("code", flat=True))
    if known != codes:
        raise _error("languages", _("Choose languages from the list."), "invalid_choice")
    cafe.languages.set(sorted(codes))  # type: ignore[arg-type]  # codes are the pks
    return True


@transaction.atomic
def cafe_create(
    *,
    partnership: Partnership,
    company: Company,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    capacity: int = DEFAULT_CAPACITY,
    languages: Iterable[Language | str] = (),
    actor: audit.Actor,
    now: datetime | None = None,
    **details: Any,
) -> Cafe:
    """Plan a café (status planned). `details` are further CAFE_FIELDS (signup_deadline,
    bus_stop, entrance, accessibility, children_welcome, fika, description, …).

    Raises ValidationError per field: start in the past, end not after start, capacity
    below 1, a company of another partnership, a sign-up deadline after the start.
    """
    _check_fields(details)
    now = now or timezone.now()
    cafe = Cafe(
        partnership=partnership,
        company=company,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        capacity=capacity,
        status=Cafe.Status.PLANNED,
        **details,
    )
    _validate(cafe, partnership=partnership, changed={"starts_at"}, now=now)
    cafe.save()
    _set_languages(cafe, languages)
    fields = {"company", "starts_at", "ends_at", "place", "capacity", *details}
    if languages:
        fields.add("languages")
    audit.log(actor, "cafes.cafe.created", cafe, fields=fields)
    return cafe


@transaction.atomic
def cafe_update(
    *,
    cafe: Cafe,
    actor: audit.Actor,
    languages: Iterable[Language | str] | None = None,
    now: datetime | None = None,
    **values: Any,
) -> Cafe:
    """Change the café's plan; the audit event names the fields that changed.

    The same rules as cafe_create, and the capacity cannot drop below the seats already
    taken. More places confirm people from the waitlist at once. Raises ValidationError.
    """
    _check_fields(values)
    now = now or timezone.now()
    cafe = lock_cafe(cafe.pk)
    changed = {field for field, value in values.items() if getattr(cafe, field) != value}
    for field in changed:
        setattr(cafe, field, values[field])
    _validate(cafe, partnership=cafe.partnership, changed=changed, now=now)
    if "capacity" in changed:
        taken = (
            Registration.objects.filter(cafe=cafe)
            .filter(pending_invitations(now=now) | Q(status=Registration.Status.CONFIRMED))
            .count()
        )
        if cafe.capacity < taken:
            raise _error(
                "capacity",
                _("%(count)s people already have a seat: the capacity cannot be lower.")
                % {"count": taken},
                "below_taken",
            )
    if changed:
        cafe.save(update_fields=[*sorted(changed), "updated_at"])
    if languages is not None and _set_languages(cafe, languages):
        changed.add("languages")
    if changed:
        audit.log(actor, "cafes.cafe.changed", cafe, fields=changed)
    if "capacity" in changed and cafe.status in SIGNUP_STATUSES and cafe.starts_at > now:
        waitlist_promote(cafe=cafe, actor=actor, now=now)
        _refresh_full(cafe, now=now, actor=actor)
    return cafe


@transaction.atomic
def cafe_open(*, cafe: Cafe, actor: audit.Actor, now: datetime | None = None) -> Cafe:
    """planned → open: the café shows in the public calendar and takes sign-ups.

    When invitations already hold every seat it becomes full at once. Raises
    TransitionNotAllowed, or ValidationError when the café has already started.
    """
    now = now or timezone.now()
    cafe = lock_cafe(cafe.pk)
    _check_transition(cafe, Cafe.Status.OPEN)
    if cafe.starts_at <= now:
        raise _error("status", _("The café has already started."), "started")
    cafe.status = Cafe.Status.OPEN
    cafe.save(update_fields=["status", "updated_at"])
    audit.log(actor, "cafes.cafe.opened", cafe, fields=["status"])
    _refresh_full(cafe, now=now, actor=actor)
    return cafe


@transaction.atomic
def cafe_mark_held(*, cafe: Cafe, actor: audit.Actor, now: datetime | None = None) -> Cafe:
    """open or full → held, once the café has started. Raises TransitionNotAllowed, or
    ValidationError before the start."""
    now = now or timezone.now()
    cafe = lock_cafe(cafe.pk)
    _check_transition(cafe, Cafe.Status.HELD)
    if cafe.starts_at > now:
        raise _error(
            "status", _("A café can be marked as held only after it has started."), "not_started"
        )
    cafe.status = Cafe.Status.HELD
    cafe.save(update_fields=["status", "updated_at"])
    audit.log(actor, "cafes.cafe.held", cafe, fields=["status"])
    # After the café: participants get the three questions, employees the friend sign-up.
    feedback_requests_enqueue(cafe.pk)
    return cafe


@transaction.atomic
def cafe_mark_followed_up(*, cafe: Cafe, actor: audit.Actor) -> Cafe:
    """held → followed up. Raises TransitionNotAllowed."""
    cafe = lock_cafe(cafe.pk)
    _check_transition(cafe, Cafe.Status.FOLLOWED_UP)
    cafe.status = Cafe.Status.FOLLOWED_UP
    cafe.save(update_fields=["status", "updated_at"])
    audit.log(actor, "cafes.cafe.followed_up", cafe, fields=["status"])
    return cafe


@transaction.atomic
def cafe_cancel(*, cafe: Cafe, reason: str, actor: audit.Actor) -> Cafe:
    """planned, open or full → cancelled. Registrations stay as they are; everyone
    registered is told after commit. Raises TransitionNotAllowed, or ValidationError on
    `cancelled_reason` when no reason is given."""
    cafe = lock_cafe(cafe.pk)
    _check_transition(cafe, Cafe.Status.CANCELLED)
    reason = (reason or "").strip()
    if not reason:
        raise _error("cancelled_reason", _("Write why the café is cancelled."), "required")
    cafe.status = Cafe.Status.CANCELLED
    cafe.cancelled_reason = reason
    cafe.full_clean()
    cafe.save(update_fields=["status", "cancelled_reason", "updated_at"])
    audit.log(actor, "cafes.cafe.cancelled", cafe, fields=["status", "cancelled_reason"])
    # Takes who to tell now and enqueues the messages after commit.
    notifications.cafe_cancelled(cafe.pk)
    return cafe


@transaction.atomic
def cafe_volunteer_assign(
    *, cafe: Cafe, volunteer: Volunteer, role: str, actor: audit.Actor
) -> CafeVolunteer:
    """Assign a volunteer of the partnership to the café with a role; assigning them again
    changes their role. Raises ValidationError."""
    if volunteer.person.partnership_id != cafe.partnership_id or not volunteer.is_active:
        raise _error("volunteer", _("Choose one of the partnership's volunteers."), "invalid")
    if cafe.status in (Cafe.Status.CANCELLED, Cafe.Status.FOLLOWED_UP):
        raise _error(
            "volunteer",
            _("Volunteers cannot be assigned to a café that is “%(status)s”.")
            % {"status": Cafe.Status(cafe.status).label},
            "cafe_closed",
        )
    assignment = CafeVolunteer.objects.filter(cafe=cafe, volunteer=volunteer).first()
    if assignment is not None:
        if assignment.role != role:
            assignment.role = role
            assignment.full_clean()
            assignment.save(update_fields=["role", "updated_at"])
            audit.log(
                actor,
                "cafes.cafe_volunteer.changed",
                assignment,
                partnership=cafe.partnership,
                fields=["role"],
            )
        return assignment
    assignment = CafeVolunteer(cafe=cafe, volunteer=volunteer, role=role)
    assignment.full_clean()
    assignment.save()
    audit.log(
        actor,
        "cafes.cafe_volunteer.assigned",
        assignment,
        partnership=cafe.partnership,
        fields=["volunteer", "role"],
    )
    return assignment


@transaction.atomic
def cafe_volunteer_remove(*, assignment: CafeVolunteer, actor: audit.Actor) -> None:
    """Take a volunteer off the café."""
    partnership = assignment.cafe.partnership
    audit.log(
        actor,
        "cafes.cafe_volunteer.removed",
        assignment,
        partnership=partnership,
        fields=["volunteer"],
    )
    assignment.delete()


@transaction.atomic
def cafe_description_set(*, cafe: Cafe, language: str, text: str, actor: audit.Actor) -> None:
    """The public description in one language: Swedish lives on the café itself, the other
    participant languages in CafeDescription (empty text removes it, so Swedish shows)."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise _error("language", _("Choose one of the languages in the list."), "invalid_choice")
    text = (text or "").strip()
    if language == settings.LANGUAGE_CODE:
        if cafe.description != text:
            cafe.description = text
            cafe.save(update_fields=["description", "updated_at"])
            audit.log(actor, "cafes.cafe.changed", cafe, fields=["description"])
        return
    current = CafeDescription.objects.filter(cafe=cafe, language=language).first()
    if not text:
        if current is not None:
            audit.log(
                actor,
                "cafes.cafe_description.removed",
                current,
                partnership=cafe.partnership,
                fields=["text"],
            )
            current.delete()
        return
    if current is not None and current.text == text:
        return
    description = current or CafeDescription(cafe=cafe, language=language)
    description.text = text
    description.full_clean()
    description.save()
    audit.log(
        actor,
        "cafes.cafe_description.set",
        description,
        partnership=cafe.partnership,
        fields=["text"],
    )
