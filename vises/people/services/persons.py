"""Creating and changing persons and their role profiles."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.common import audit
from vises.common.validators import clean_text_fields
from vises.partnerships.models import Partnership
from vises.people.models import Language, LanguageFriend, Participant, Person, Volunteer
from vises.people.validation import contact_clean

# The person's own fields of DESIGN §6, in the order forms and import files show them.
REGISTER_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "phone_is_shared",
    "email",
    "language",
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
    "referral_source",
)
# Fields a caller may set on a person; anything else is refused.
PERSON_FIELDS = frozenset({*REGISTER_FIELDS, "signed_up_by"})


# Short texts shown in titles and lists: stored without characters that reorder the text
# around them (a U+202E in a name turned a list around), NUL or broken characters refused.
PLAIN_TEXT_FIELDS = ("first_name", "last_name", "occupation", "interests", "availability")


def _clean_contact(values: dict[str, Any]) -> dict[str, Any]:
    """Normalise phone and e-mail (those given) and the short texts; errors per field, in the
    user's language."""
    cleaned = clean_text_fields(values, PLAIN_TEXT_FIELDS)
    contact = contact_clean(phone=cleaned.get("phone"), email=cleaned.get("email"))
    for field in ("phone", "email"):
        if field in cleaned:
            cleaned[field] = getattr(contact, field)
    return cleaned


def _check_fields(values: dict[str, Any]) -> None:
    unknown = set(values) - PERSON_FIELDS
    if unknown:
        raise ValueError(f"not person fields: {sorted(unknown)}")


def _keep_intake_status(person: Person) -> bool:
    """The first status towards work or studies is kept as the status at intake (the
    statistics compare it with the latest). True when it was set now."""
    if person.work_status and not person.work_status_at_intake:
        person.work_status_at_intake = person.work_status
        return True
    return False


def _check_district(person: Person) -> None:
    if person.district is not None and person.district.partnership_id != person.partnership_id:
        raise ValidationError(
            {
                "district": ValidationError(
                    _("Choose one of the partnership's districts."), code="invalid"
                )
            }
        )


@transaction.atomic
def person_create(
    *,
    partnership: Partnership,
    actor: audit.Actor,
    languages: Iterable[Language | str] = (),
    contact_required: bool = True,
    **values: Any,
) -> Person:
    """Create a person; phone becomes E.164, e-mail is validated. At least one of phone or
    e-mail is required, except with contact_required=False: a walk-in let in at the door on
    a first name alone (DESIGN §9), who then gets no messages. Raises ValidationError with
    messages per field. Likely duplicates are the caller's to check first
    (selectors.person_duplicates): nothing merges here."""
    _check_fields(values)
    values = _clean_contact(values)
    person = Person(partnership=partnership, **values)
    _keep_intake_status(person)
    if contact_required and not person.phone and not person.email:
        raise ValidationError(
            {"phone": ValidationError(_required_contact_message(), code="contact_required")}
        )
    person.full_clean()
    _check_district(person)
    person.save()
    if languages:
        person.languages.set(list(languages))  # type: ignore[arg-type]  # codes are the pks
    audit.log(actor, "people.person.created", person, fields=sorted(values))
    return person


def _required_contact_message() -> str:
    return _("Give a phone number or an e-mail address, so we can reach the person.")


@transaction.atomic
def person_update(
    *,
    person: Person,
    actor: audit.Actor,
    languages: Iterable[Language | str] | None = None,
    **values: Any,
) -> Person:
    """Change the given fields; the audit event names the fields that changed, not values."""
    _check_fields(values)
    values = _clean_contact(values)
    person = Person.objects.select_for_update().get(pk=person.pk)
    changed = [field for field, value in values.items() if getattr(person, field) != value]
    for field, value in values.items():
        setattr(person, field, value)
    if _keep_intake_status(person):
        changed.append("work_status_at_intake")
    if not person.phone and not person.email:
        raise ValidationError(
            {"phone": ValidationError(_required_contact_message(), code="contact_required")}
        )
    person.full_clean()
    _check_district(person)
    person.last_activity_at = timezone.now()
    person.save()
    if languages is not None:
        before = set(person.languages.values_list("code", flat=True))
        person.languages.set(list(languages))  # type: ignore[arg-type]  # codes are the pks
        if before != set(person.languages.values_list("code", flat=True)):
            changed.append("languages")
    if changed:
        audit.log(actor, "people.person.changed", person, fields=changed)
    return person


ProfileT = TypeVar("ProfileT", Participant, LanguageFriend, Volunteer)


def _profile_set(
    model: type[ProfileT], *, person: Person, actor: audit.Actor, values: dict[str, Any]
) -> ProfileT:
    profile, created = model.objects.get_or_create(person=person)
    for field, value in values.items():
        setattr(profile, field, value)
    profile.full_clean()
    profile.save()
    verb = "created" if created else "changed"
    audit.log(
        actor,
        f"people.{model._meta.model_name}.{verb}",
        profile,
        partnership=person.partnership,
        fields=sorted(values),
    )
    return profile


@transaction.atomic
def participant_set(*, person: Person, actor: audit.Actor, **values: Any) -> Participant:
    """Make the person a participant (or change that profile)."""
    return _profile_set(Participant, person=person, actor=actor, values=values)


@transaction.atomic
def language_friend_set(*, person: Person, actor: audit.Actor, **values: Any) -> LanguageFriend:
    """Make the person a language friend (or change that profile)."""
    return _profile_set(LanguageFriend, person=person, actor=actor, values=values)


@transaction.atomic
def volunteer_set(*, person: Person, actor: audit.Actor, **values: Any) -> Volunteer:
    """Make the person a volunteer (or change that profile, e.g. link their user account)."""
    return _profile_set(Volunteer, person=person, actor=actor, values=values)


# Role profiles by the name the forms and filters use: (model, service that sets it).
def _role_setters() -> dict[str, tuple[type[Participant | LanguageFriend | Volunteer], Any]]:
    return {
        "participant": (Participant, participant_set),
        "language_friend": (LanguageFriend, language_friend_set),
        "volunteer": (Volunteer, volunteer_set),
    }


@transaction.atomic
def person_roles_set(
    *,
    person: Person,
    actor: audit.Actor,
    participant: dict[str, Any] | None,
    language_friend: dict[str, Any] | None,
    volunteer: dict[str, Any] | None,
    deactivate_others: bool = True,
) -> list[str]:
    """Give the person each role whose values are given (a dict, maybe empty) and, unless
    `deactivate_others` is false, deactivate the active roles given as None. A profile is
    written only where a value differs, so an unchanged form leaves no audit event. Profiles
    are deactivated, never deleted: later records (pairs, duties) point to them. A
    participant who starts wishing for a language friend waits from today. Returns the names
    of the roles that changed."""
    wanted = {
        "participant": participant,
        "language_friend": language_friend,
        "volunteer": volunteer,
    }
    changed = []
    for role, (model, setter) in _role_setters().items():
        values = wanted[role]
        profile = model.objects.filter(person=person).first()
        if values is None:
            if profile is not None and profile.is_active and deactivate_others:
                setter(person=person, actor=actor, is_active=False)
                changed.append(role)
            continue
        values = {**values, "is_active": True}
        if (
            role == "participant"
            and values.get("wants_language_friend")
            and getattr(profile, "waiting_since", None) is None
            and not getattr(profile, "wants_language_friend", False)
        ):
            values["waiting_since"] = timezone.localdate()
        differs = {
            field: value
            for field, value in values.items()
            if profile is None or getattr(profile, field) != value
        }
        if profile is None or differs:
            setter(person=person, actor=actor, **differs)
            changed.append(role)
    return changed
