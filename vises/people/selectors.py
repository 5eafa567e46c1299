"""Reads of the people register."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from vises.partnerships.models import Partnership
from vises.people.models import ConsentPurpose, ConsentRecord, Person


@dataclass(frozen=True)
class DuplicateCandidate:
    person: Person
    reasons: tuple[str, ...]  # "email", "phone"


def person_duplicates(
    *,
    partnership: Partnership,
    email: str = "",
    phone: str = "",
    phone_is_shared: bool = False,
    exclude_pk: int | None = None,
) -> list[DuplicateCandidate]:
    """Persons of the partnership who are likely the same person: same e-mail (any case), or
    same phone when neither side marks it as a shared family phone. Never merged here."""
    conditions = Q()
    if email:
        conditions |= Q(email__iexact=email)
    if phone and not phone_is_shared:
        conditions |= Q(phone=phone, phone_is_shared=False)
    if not conditions:
        return []
    matches = Person.objects.filter(conditions, partnership=partnership, anonymised_at__isnull=True)
    if exclude_pk is not None:
        matches = matches.exclude(pk=exclude_pk)
    candidates = []
    for person in matches.order_by("pk"):
        reasons = []
        if email and person.email.lower() == email.lower():
            reasons.append("email")
        if phone and not phone_is_shared and person.phone == phone and not person.phone_is_shared:
            reasons.append("phone")
        candidates.append(DuplicateCandidate(person, tuple(reasons)))
    return candidates


def person_has_consent(*, person: Person, purpose: str) -> bool:
    """True while the person has a consent for the purpose that is not withdrawn."""
    return ConsentRecord.objects.filter(
        person=person, purpose=purpose, withdrawn_at__isnull=True
    ).exists()


def persons_with_consent(*, partnership: Partnership, purpose: str) -> QuerySet[Person]:
    """Persons who may be processed for the purpose (e.g. messages, matching) right now."""
    return Person.objects.filter(
        partnership=partnership,
        anonymised_at__isnull=True,
        consents__purpose=purpose,
        consents__withdrawn_at__isnull=True,
    ).distinct()


__all__ = [
    "ConsentPurpose",
    "DuplicateCandidate",
    "person_duplicates",
    "person_has_consent",
    "persons_with_consent",
]
