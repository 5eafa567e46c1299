"""Merging two records of the same person: always the coordinator's explicit decision.

Nothing merges automatically: duplicate detection (selectors.person_duplicates) only warns.
The person kept keeps every value it has; its empty fields are filled from the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from vises.common import audit
from vises.people.models import Language, LanguageFriend, Participant, Person, Volunteer
from vises.people.services.persons import person_update

# Fields filled in the person kept when theirs is empty (phone brings its shared flag along).
MERGED_FIELDS = (
    "last_name",
    "phone",
    "email",
    "gender",
    "birth_year",
    "resident_in_municipality",
    "district",
    "swedish_level",
    "education_level",
    "years_in_sweden",
    "occupation",
    "interests",
    "availability",
    "work_status",
    "signed_up_by",
)

PROFILES = (
    ("participant", Participant),
    ("language_friend", LanguageFriend),
    ("volunteer", Volunteer),
)


def is_empty(field: str, value: Any) -> bool:
    """Whether a person's field holds nothing worth keeping ('prefer not to say' is nothing)."""
    if field == "gender":
        return value in ("", None, Person.Gender.UNDISCLOSED)
    return value in ("", None)


def empty_fields_to_fill(*, keep: Person, values: dict[str, Any]) -> dict[str, Any]:
    """The values that would fill the kept person's empty fields: field name → value."""
    filled = {
        field: values[field]
        for field in MERGED_FIELDS
        if field in values
        and is_empty(field, getattr(keep, field))
        and not is_empty(field, values[field])
    }
    if "phone" in filled:
        filled["phone_is_shared"] = bool(values.get("phone_is_shared", False))
    return filled


def _move_related(
    *, source: models.Model, target: models.Model, skip: frozenset[str] = frozenset()
) -> list[str]:
    """Point whatever refers to `source` (consents, registrations, duties, and the records of
    apps that come later) to `target`; returns the names of the relations moved. Raises
    ValidationError (code 'merge_conflict') when both hold a record that must be unique."""
    moved = []
    for relation in source._meta.related_objects:
        name = str(relation.get_accessor_name())
        if relation.many_to_many or name in skip:
            continue
        field = relation.field
        related_model = cast(type[models.Model], relation.related_model)
        manager = related_model._default_manager
        if relation.one_to_one and manager.filter(**{field.name: target}).exists():
            continue  # the target has its own; the source's goes when the source is deleted
        try:
            with transaction.atomic():
                count = manager.filter(**{field.name: source}).update(**{field.name: target})
        except IntegrityError as error:
            raise ValidationError(
                _(
                    "Both records have a %(what)s that cannot be combined (for example the "
                    "same café twice). Remove one of them first, then merge."
                )
                % {"what": related_model._meta.verbose_name},
                code="merge_conflict",
            ) from error
        if count:
            moved.append(name)
    return moved


def _move_profiles(*, keep: Person, merge: Person) -> list[str]:
    """Give the kept person the role profiles they lack, and move what hangs on the merged
    person's profiles to the kept person's; returns the names of what moved."""
    moved = []
    for attribute, model in PROFILES:
        theirs = model.objects.filter(person=merge).first()
        if theirs is None:
            continue
        ours = model.objects.filter(person=keep).first()
        if ours is None:
            theirs.person = keep
            theirs.save(update_fields=["person", "updated_at"])
            moved.append(attribute)
            continue
        moved += [f"{attribute}.{name}" for name in _move_related(source=theirs, target=ours)]
        if isinstance(theirs, Volunteer) and isinstance(ours, Volunteer):
            if ours.user_id is None and theirs.user_id is not None:
                user = theirs.user
                theirs.user = None
                theirs.save(update_fields=["user", "updated_at"])
                ours.user = user
                ours.save(update_fields=["user", "updated_at"])
                moved.append("volunteer.user")
        elif isinstance(theirs, Participant) and isinstance(ours, Participant):
            # Fairness: the longest wait counts, whichever record it was on.
            waits = [day for day in (ours.waiting_since, theirs.waiting_since) if day]
            if waits and min(waits) != ours.waiting_since:
                ours.waiting_since = min(waits)
                ours.save(update_fields=["waiting_since", "updated_at"])
                moved.append("participant.waiting_since")
    return moved


@transaction.atomic
def person_merge(*, keep: Person, merge: Person, actor: audit.Actor) -> Person:
    """Merge `merge` into `keep` and delete `merge`; returns the person kept.

    The kept person keeps their values and gets the other's where theirs are empty, the
    union of both persons' languages, the role profiles they lack, all consents and all
    other records. One audit event names what the kept person gained (names only).
    Raises ValidationError for persons of different partnerships, the same person twice,
    or an anonymised person.
    """
    if keep.pk == merge.pk:
        raise ValidationError(_("A person cannot be merged with themselves."), code="same_person")
    locked = {
        person.pk: person
        for person in Person.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk])
    }
    keep, merge = locked[keep.pk], locked[merge.pk]
    if keep.partnership_id != merge.partnership_id:
        raise ValidationError(
            _("Persons of different partnerships cannot be merged."), code="other_partnership"
        )
    if keep.anonymised_at or merge.anonymised_at:
        raise ValidationError(_("An anonymised person cannot be merged."), code="anonymised")
    values = {field: getattr(merge, field) for field in (*MERGED_FIELDS, "phone_is_shared")}
    filled = empty_fields_to_fill(keep=keep, values=values)
    for field, value in filled.items():
        setattr(keep, field, value)
    if merge.last_activity_at > keep.last_activity_at:
        keep.last_activity_at = merge.last_activity_at
    gained: list[str] = list(filled)
    intake = _intake_status(keep, merge)
    if intake != keep.work_status_at_intake:
        keep.work_status_at_intake = intake
        gained.append("work_status_at_intake")
    keep.full_clean()
    keep.save()

    kept_languages = set(keep.languages.values_list("code", flat=True))
    merged_languages = set(merge.languages.values_list("code", flat=True))
    if merged_languages - kept_languages:
        keep.languages.add(*sorted(merged_languages - kept_languages))  # type: ignore[arg-type]  # codes are the pks
        gained.append("languages")

    gained += _move_profiles(keep=keep, merge=merge)
    gained += _move_related(
        source=merge, target=keep, skip=frozenset(attribute for attribute, _model in PROFILES)
    )

    audit.log(actor, "people.person.merged", keep, fields=gained)
    audit.log(actor, "people.person.deleted", merge, fields=[])
    merge.delete()
    return keep


def _intake_status(keep: Person, merge: Person) -> str:
    """The status towards work or studies at intake of the merged person: the one recorded
    on the record registered first, else the other's, else the status now
    (as for a new person: the first status is the status at intake)."""
    first, second = sorted((keep, merge), key=lambda person: (person.created_at, person.pk))
    return first.work_status_at_intake or second.work_status_at_intake or keep.work_status


@transaction.atomic
def person_merge_values(
    *,
    keep: Person,
    values: dict[str, Any],
    languages: Iterable[Language | str] = (),
    actor: audit.Actor,
) -> tuple[Person, list[str]]:
    """Merge what was typed for a new person into an existing one instead of creating a
    duplicate: the kept person's empty fields are filled, the languages joined. Returns the
    person and the names of the fields they gained (the audit event of person_update names
    them too). Raises ValidationError per field like person_update."""
    keep = Person.objects.select_for_update().get(pk=keep.pk)
    filled = empty_fields_to_fill(keep=keep, values=values)
    codes = {language if isinstance(language, str) else language.code for language in languages}
    known = set(keep.languages.values_list("code", flat=True))
    gained = list(filled) + (["languages"] if codes - known else [])
    person = person_update(
        person=keep,
        actor=actor,
        languages=sorted(known | codes) if codes - known else None,
        **filled,
    )
    return person, gained
