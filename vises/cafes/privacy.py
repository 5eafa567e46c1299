"""What the café app stores about a person, and how export and erasure handle it
(declarations read by vises.common.privacy; see people/privacy.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vises.cafes.models import (
    CafeFeedback,
    CafeVolunteer,
    LanguageFriendLead,
    Registration,
    new_reference,
)
from vises.cafes.services.registrations import ACTIVE_STATUSES, registration_cancel
from vises.common.privacy import (
    EXPORT_ERASE,
    EXPORT_STATISTIC,
    PersonSection,
    classify,
    not_personal,
    personal,
    register_section,
)
from vises.people.models import Person

_CAFE = "about the café and its host company, not about a person"

classify(
    "cafes.Cafe",
    {
        name: not_personal(_CAFE)
        for name in (
            "status",
            "place",
            "address",
            "bus_stop",
            "entrance",
            "accessibility",
            "fika",
            "description",
            "cancelled_reason",
        )
    },
)
classify("cafes.CafeDescription", {"language": not_personal(_CAFE), "text": not_personal(_CAFE)})
classify(
    "cafes.Registration",
    {
        # An opaque reference the person may hold: replaced on erasure, so it links to nothing.
        "reference": personal(EXPORT_ERASE),
        "status": personal(EXPORT_STATISTIC),
        "source": personal(EXPORT_STATISTIC),
        "attendance": personal(EXPORT_STATISTIC),
    },
)
classify("cafes.CafeVolunteer", {"role": personal(EXPORT_STATISTIC)})
_BOOKKEEPING = "which reminder went out by which channel: no content, no contact details"
classify(
    "cafes.SentReminder",
    {"kind": not_personal(_BOOKKEEPING), "channel": not_personal(_BOOKKEEPING)},
)
classify(
    "cafes.CheckInKey",
    {"action": not_personal("which kind of tap a key carried out (attendance, walk-in …)")},
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _registrations_export(person: Person) -> list[dict[str, Any]]:
    registrations = (
        Registration.objects.filter(person=person)
        .select_related("cafe__company")
        .order_by("cafe__starts_at", "pk")
    )
    return [
        {
            "cafe": registration.cafe.company.name,
            "cafe_starts_at": _iso(registration.cafe.starts_at),
            "status": registration.status,
            "source": registration.source,
            "reference": registration.reference,
            "attendance": registration.attendance,
            "confirmed_at": _iso(registration.confirmed_at),
            "checked_in_at": _iso(registration.checked_in_at),
            "created_at": _iso(registration.created_at),
        }
        for registration in registrations
    ]


def _registrations_strip(person: Person) -> None:
    """A seat at a café still to come is released (the first on the waitlist gets it at once);
    the rows stay for the statistics (who came, by gender, district …), the reference goes."""
    upcoming = Registration.objects.filter(
        person=person, status__in=ACTIVE_STATUSES, cafe__starts_at__gt=timezone.now()
    ).order_by("cafe_id", "pk")
    for registration in upcoming:
        registration_cancel(registration=registration, actor="system:erasure")
    for registration in Registration.objects.filter(person=person).only("pk"):
        Registration.objects.filter(pk=registration.pk).update(reference=new_reference())


def _assignments_export(person: Person) -> list[dict[str, Any]]:
    assignments = (
        CafeVolunteer.objects.filter(volunteer__person=person)
        .select_related("cafe__company")
        .order_by("cafe__starts_at", "pk")
    )
    return [
        {
            "cafe": assignment.cafe.company.name,
            "cafe_starts_at": _iso(assignment.cafe.starts_at),
            "role": assignment.role,
            "hours": str(assignment.hours) if assignment.hours is not None else None,
        }
        for assignment in assignments
    ]


def _assignments_strip(person: Person) -> None:
    """Nothing to strip: role and hours are counted (in-kind hours), the person is gone."""


register_section(
    PersonSection(
        "registrations",
        _registrations_export,
        _registrations_strip,
        _("Café sign-ups"),
        Registration,
    )
)
register_section(
    PersonSection(
        "volunteer_assignments",
        _assignments_export,
        _assignments_strip,
        _("Cafés you volunteered at"),
        CafeVolunteer,
    )
)


# A participant's feedback and an employee's language-friend lead are exported with the
# person and kept, without identity, for the statistics (learned, friends per company).
def _feedback_export(person: Person) -> list[dict[str, Any]]:
    answers = (
        CafeFeedback.objects.filter(registration__person=person)
        .select_related("registration__cafe__company")
        .order_by("answered_at", "pk")
    )
    return [
        {
            "cafe": feedback.registration.cafe.company.name,
            "cafe_starts_at": _iso(feedback.registration.cafe.starts_at),
            "workplace": feedback.workplace,
            "study_paths": feedback.study_paths,
            "wants_language_friend": feedback.wants_language_friend,
            "answered_at": _iso(feedback.answered_at),
        }
        for feedback in answers
    ]


def _friend_leads_export(person: Person) -> list[dict[str, Any]]:
    leads = (
        LanguageFriendLead.objects.filter(person=person)
        .select_related("cafe", "company")
        .order_by("created_at", "pk")
    )
    return [
        {
            "cafe_starts_at": _iso(lead.cafe.starts_at),
            "company": lead.company.name,
            "created_at": _iso(lead.created_at),
        }
        for lead in leads
    ]


def _nothing_to_strip(person: Person) -> None:
    """Answers and leads hold no identity of their own: they stay for the statistics."""


register_section(PersonSection("cafe_feedback", _feedback_export, _nothing_to_strip))
register_section(PersonSection("language_friend_leads", _friend_leads_export, _nothing_to_strip))
