"""Privacy declarations of check-in and follow-up (imported by vises.cafes.privacy).

A check-in key is bookkeeping of taps (no person); a participant's feedback and an
employee's language-friend lead are exported with the person and kept, without identity,
for the statistics (what participants learned, friends recruited per company).
"""

from __future__ import annotations

from typing import Any

from vises.cafes.models import CafeFeedback, LanguageFriendLead
from vises.common.privacy import PersonSection, classify, not_personal, register_section
from vises.people.models import Person

classify(
    "cafes.CheckInKey",
    {"action": not_personal("which kind of tap a key carried out (attendance, walk-in …)")},
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


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
