"""Reads of the people register."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from vises.common.models import AuditEvent
from vises.partnerships.models import District, Partnership
from vises.people.models import ConsentPurpose, ConsentRecord, Language, Person
from vises.people.validation import normalise_phone


def persons_with_contact(*, phone: str = "", email: str = "") -> QuerySet[Person]:
    """Every person of every partnership with this e-mail address (any case) or this phone
    (shared or not), oldest first: for the operator's commands, which refuse an ambiguous
    contact and name the ids (DESIGN §9). Nothing when neither is given."""
    match = Q()
    if email:
        match |= Q(email__iexact=email)
    if phone:
        match |= Q(phone=phone)
    if not match:
        return Person.objects.none()
    return Person.objects.filter(match).select_related("partnership").order_by("pk")


def person_by_contact(
    *, partnership: Partnership, phone: str = "", email: str = ""
) -> Person | None:
    """The one person of the partnership with this e-mail address (any case) or this phone,
    or None when nobody or several have it.

    Give contacts cleaned by `contact_clean`. A phone that anyone in the partnership marks
    as a shared family phone names nobody (whose link, whose registration?); anonymised
    persons are never found. Given both, a person matches by either, and two different
    persons matching is None. One query.
    """
    people = Person.objects.filter(partnership=partnership, anonymised_at__isnull=True)
    match = Q()
    if email:
        match |= Q(email__iexact=email)
    if phone:
        match |= Q(Q(phone=phone), ~Exists(people.filter(phone=phone, phone_is_shared=True)))
    if not match:
        return None
    found = list(people.filter(match).select_related("partnership", "district").order_by("pk")[:2])
    return found[0] if len(found) == 1 else None


def persons_by_contact_in_each_partnership(*, phone: str = "", email: str = "") -> list[Person]:
    """For each partnership, the person `person_by_contact` finds there (a link asked for on
    the page that belongs to no partnership). Queries: one, plus one per partnership where
    the contact is known."""
    partnership_ids = (
        persons_with_contact(phone=phone, email=email)
        .filter(anonymised_at__isnull=True)
        .order_by()
        .values_list("partnership_id", flat=True)
        .distinct()
    )
    found = []
    for partnership in Partnership.objects.filter(pk__in=list(partnership_ids)).order_by("pk"):
        person = person_by_contact(partnership=partnership, phone=phone, email=email)
        if person is not None:
            found.append(person)
    return found


@dataclass(frozen=True)
class DuplicateCandidate:
    person: Person
    reasons: tuple[str, ...]  # "email", "phone"


def same_contact(*, email: Any, phone: Any) -> Q:
    """The duplicate rule as a condition on Person: the same e-mail (any case), or the same
    phone not marked as a shared family phone; an empty one matches nothing. `email` and
    `phone` are values or expressions (an OuterRef in a subquery)."""
    return (Q(email__iexact=email) & ~Q(email="")) | (
        Q(phone=phone, phone_is_shared=False) & ~Q(phone="")
    )


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
    if phone_is_shared:
        phone = ""
    if not email and not phone:
        return []
    matches = Person.objects.filter(
        same_contact(email=email, phone=phone), partnership=partnership, anonymised_at__isnull=True
    )
    if exclude_pk is not None:
        matches = matches.exclude(pk=exclude_pk)
    candidates = []
    for person in matches.select_related("district").order_by("pk"):
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


class PersonRole:
    """The role filters of the register: a person holds a role while its profile is active."""

    PARTICIPANT = "participant"
    LANGUAGE_FRIEND = "language_friend"
    VOLUNTEER = "volunteer"

    ALL = (PARTICIPANT, LANGUAGE_FRIEND, VOLUNTEER)


def _name_condition(name: str) -> Q:
    """Every word is the start of the first or the last name, in any case.

    SQLite folds case for ASCII letters only, so the usual spellings of each word are asked
    for too: 'åsa' finds 'Åsa' on either database.
    """
    condition = Q()
    for word in name.split():
        spellings = sorted({word, word.lower(), word.upper(), word.capitalize()})
        either = Q()
        for spelling in spellings:
            either |= Q(first_name__istartswith=spelling) | Q(last_name__istartswith=spelling)
        condition &= either
    return condition


def _phone_condition(phone: str) -> Q:
    """A number that parses is compared in E.164; anything else by its digits."""
    try:
        e164 = normalise_phone(phone)
    except ValidationError:
        e164 = ""
    if e164:
        return Q(phone=e164)
    digits = re.sub(r"\D", "", phone)
    if not digits:
        return Q(pk__in=[])
    condition = Q(phone__contains=digits)
    if digits.startswith("00"):
        condition |= Q(phone__startswith="+" + digits[2:])
    elif digits.startswith("0"):  # a Swedish number as typed at home: 070… is stored +4670…
        condition |= Q(phone__startswith="+46" + digits[1:])
    return condition


def _active_consent(purpose: str) -> Exists:
    return Exists(
        ConsentRecord.objects.filter(
            person=OuterRef("pk"), purpose=purpose, withdrawn_at__isnull=True
        )
    )


def person_search(
    *,
    partnership: Partnership,
    name: str = "",
    phone: str = "",
    language: str = "",
    district: District | int | None = None,
    role: str = "",
) -> QuerySet[Person]:
    """The partnership's persons (never the anonymised) matching every filter given, in name
    order, ready for a list: district and role profiles joined, spoken languages prefetched,
    and the consent state annotated (`consent_register`, `consent_messages`,
    `consent_matching`: an active consent; `consent_withdrawn`: one was withdrawn). The
    number of queries does not grow with the number of rows."""
    persons = Person.objects.filter(partnership=partnership, anonymised_at__isnull=True)
    if name.strip():
        persons = persons.filter(_name_condition(name))
    if phone.strip():
        persons = persons.filter(_phone_condition(phone))
    if language:
        persons = persons.filter(languages__code=language)
    if district:
        persons = persons.filter(district=district)
    if role == PersonRole.PARTICIPANT:
        persons = persons.filter(participant__is_active=True)
    elif role == PersonRole.LANGUAGE_FRIEND:
        persons = persons.filter(language_friend__is_active=True)
    elif role == PersonRole.VOLUNTEER:
        persons = persons.filter(volunteer__is_active=True)
    return (
        persons.select_related("district", "participant", "language_friend", "volunteer")
        .prefetch_related(Prefetch("languages", queryset=Language.objects.order_by("name_sv")))
        .annotate(
            consent_register=_active_consent(ConsentPurpose.REGISTER),
            consent_messages=_active_consent(ConsentPurpose.MESSAGES),
            consent_matching=_active_consent(ConsentPurpose.MATCHING),
            consent_withdrawn=Exists(
                ConsentRecord.objects.filter(person=OuterRef("pk"), withdrawn_at__isnull=False)
            ),
        )
        .order_by("first_name", "last_name", "pk")
    )


def person_detail(*, partnership: Partnership, pk: int) -> Person:
    """One person of the partnership with everything the person page shows: district,
    education, role profiles (the volunteer's user account too), spoken languages, and the
    consents with their texts and collectors (newest first). Raises Person.DoesNotExist for
    an unknown, anonymised or other partnership's person."""
    return (
        Person.objects.select_related(
            "district",
            "education_level",
            "signed_up_by",
            "participant",
            "language_friend",
            "volunteer__user",
        )
        .prefetch_related(
            Prefetch("languages", queryset=Language.objects.order_by("name_sv")),
            Prefetch(
                "consents",
                queryset=ConsentRecord.objects.select_related("text", "collected_by").order_by(
                    "-given_at", "-pk"
                ),
            ),
        )
        .get(partnership=partnership, pk=pk, anonymised_at__isnull=True)
    )


# The person page shows the newest events; the whole trail stays in the audit log.
HISTORY_LIMIT = 100


@dataclass(frozen=True)
class HistoryEntry:
    event: AuditEvent
    actor_name: str  # a staff user's name, or the purpose of a link or job


def person_history(*, person: Person, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """The audit events of the person and of their role profiles and consents, newest first,
    with each staff actor's name: two queries, whatever the length of the trail. Expects a
    person from `person_detail` (profiles joined, consents prefetched)."""
    objects: dict[str, set[str]] = {"people.person": {str(person.pk)}}
    for label, attribute in (
        ("people.participant", "participant"),
        ("people.languagefriend", "language_friend"),
        ("people.volunteer", "volunteer"),
    ):
        profile = getattr(person, attribute, None)
        if profile is not None:
            objects[label] = {str(profile.pk)}
    consent_ids = {str(record.pk) for record in person.consents.all()}
    if consent_ids:
        objects["people.consentrecord"] = consent_ids
    condition = Q()
    for object_type, ids in objects.items():
        condition |= Q(object_type=object_type, object_id__in=sorted(ids))
    events = list(
        AuditEvent.objects.filter(condition, partnership_id=person.partnership_id).order_by("-seq")[
            :limit
        ]
    )
    return _with_actor_names(events)


def _with_actor_names(events: Iterable[AuditEvent]) -> list[HistoryEntry]:
    events = list(events)
    user_ids = {
        int(event.actor.removeprefix("user:"))
        for event in events
        if event.actor.startswith("user:")
    }
    users: dict[int, Any] = {}
    if user_ids:
        users = {user.pk: user for user in get_user_model().objects.filter(pk__in=user_ids)}
    entries = []
    for event in events:
        name = event.actor
        if event.actor.startswith("user:"):
            user = users.get(int(event.actor.removeprefix("user:")))
            if user is not None:
                name = user.get_full_name() or user.get_username()
        entries.append(HistoryEntry(event, name))
    return entries


__all__ = [
    "HISTORY_LIMIT",
    "ConsentPurpose",
    "DuplicateCandidate",
    "HistoryEntry",
    "PersonRole",
    "person_detail",
    "person_duplicates",
    "person_has_consent",
    "person_history",
    "person_search",
    "persons_with_consent",
]


_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_CHUNK = 500  # first names asked for per query (well under every database's parameter limit)
_NAME_WORDS = 3  # a first name of up to three words is looked for


def _spellings(words: list[str]) -> set[str]:
    """The ways a name of these words is likely stored: as written, each word capitalised,
    lower and upper case (the database compares exactly: SQLite folds ASCII letters only)."""
    phrase = " ".join(words)
    return {phrase, " ".join(word.capitalize() for word in words), phrase.lower(), phrase.upper()}


def _contains(words: list[str], part: list[str]) -> bool:
    size = len(part)
    return any(words[at : at + size] == part for at in range(len(words) - size + 1))


def participants_named_in(*, partnership: Partnership, text: str) -> list[Person]:
    """The participants of the partnership whose whole name (their first and last name, in
    that order, any case) stands in `text`: for records others read (the steering group's
    minutes, the annual report), which must not name the people in the register. Persons
    without a last name are not looked for (a first name alone is too common to mean
    someone). One query per 500 spellings of first names in the text."""
    written = _WORD.findall(text)
    if len(written) < 2:
        return []
    folded = [word.casefold() for word in written]
    spellings: set[str] = set()
    for at in range(len(written) - 1):
        for size in range(1, _NAME_WORDS + 1):
            if at + size < len(written):  # a last name must follow
                spellings |= _spellings(written[at : at + size])
    ordered = sorted(spellings)
    found: dict[int, Person] = {}
    for start in range(0, len(ordered), _CHUNK):
        candidates = (
            Person.objects.filter(
                partnership=partnership,
                participant__isnull=False,
                anonymised_at__isnull=True,
                first_name__in=ordered[start : start + _CHUNK],
            )
            .exclude(last_name="")
            .only("pk", "first_name", "last_name")
        )
        for person in candidates:
            name = _WORD.findall(f"{person.first_name} {person.last_name}".casefold())
            if len(name) >= 2 and _contains(folded, name):
                found[person.pk] = person
    return sorted(found.values(), key=lambda person: person.pk)
