"""Public sign-up: a first name, a phone or e-mail, a language, gender and consent; nothing
more. Gender is one tap (woman, man, other, prefer not to say); no answer (None) counts as
"prefer not to say", and a gender already known is never overwritten from a sign-up (anyone
may type someone else's contact).

Nobody may learn from a sign-up whether a phone number or e-mail address is registered, or
where its owner will be (docs/security.md): the same contact again for the same café gets
exactly what a new sign-up would get at the café's current seat state (the status, a
reference that looks new, the waitlist position), nothing changes in the register, and the
contact's real owner is told their true status with their link. So a double tap or a retry
never doubles a person or a seat either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.cafes.messages import notifications
from vises.cafes.models import Registration, new_reference
from vises.cafes.selectors.cafes import free_seats, waitlist_length
from vises.cafes.services.registrations import (
    ACTIVE_STATUSES,
    check_open_for_signup,
    lock_cafe,
    registration_create,
)
from vises.common.ratelimit import allow
from vises.partnerships.models import District
from vises.people.models import ConsentChannel, ConsentPurpose, Person
from vises.people.selectors import person_by_contact
from vises.people.services.consent import consent_give
from vises.people.services.persons import person_create, person_update
from vises.people.validation import contact_clean

PUBLIC_ACTOR = "link:public_signup"

# A public address may sign up a family or a few friends in a day, not fill a café; one phone
# number or e-mail address a few cafés (and its owner gets at most that many messages saying
# someone used it). Web and API share the counters.
SIGNUPS_PER_ADDRESS = 10
SIGNUPS_PER_CONTACT = 5
SIGNUP_WINDOW_SECONDS = 24 * 60 * 60


class TooManySignups(Exception):
    """The contact was used for too many sign-ups today (the caller answers 429)."""


def signup_address_allowed(*, address: str) -> bool:
    """Count one sign-up attempt from the client address; False past the day's limit."""
    return allow(
        scope="cafes.signup.address",
        key=address,
        limit=SIGNUPS_PER_ADDRESS,
        window_seconds=SIGNUP_WINDOW_SECONDS,
    )


def _contact_allowed(*, phone: str, email: str) -> bool:
    return all(
        allow(
            scope="cafes.signup.contact",
            key=contact,
            limit=SIGNUPS_PER_CONTACT,
            window_seconds=SIGNUP_WINDOW_SECONDS,
        )
        for contact in (phone, email.lower())
        if contact
    )


@dataclass(frozen=True)
class SignupResult:
    """What the person who signed up is told. `registration` is the new registration, or None
    when the contact already had one: then status, reference and position are those a new
    sign-up would have got, and the real registration is left as it was."""

    status: str
    reference: str
    position: int | None  # in the waitlist, 1 first in line
    registration: Registration | None


def clean_signup(
    *,
    first_name: str,
    phone: str,
    email: str,
    language: str,
    consent: bool,
    gender: str | None = None,
) -> dict[str, str]:
    """Validated, normalised sign-up fields; ValidationError with a message per field."""
    errors: dict[str, str] = {}
    first_name = (first_name or "").strip()
    if not first_name:
        errors["first_name"] = _("Write your first name.")
    elif len(first_name) > 100:
        errors["first_name"] = _("The first name is too long.")
    cleaned = {"first_name": first_name, "phone": "", "email": ""}
    try:
        contact = contact_clean(phone=phone, email=email)
    except ValidationError as error:
        errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    else:
        cleaned.update(phone=contact.phone, email=contact.email)
    if not cleaned["phone"] and not cleaned["email"] and "phone" not in errors:
        errors["phone"] = _("Give a phone number or an e-mail address, so we can reach you.")
    codes = {code for code, _name in settings.LANGUAGES}
    if language not in codes:
        errors["language"] = _("Choose one of the languages in the list.")
    if gender is None:
        gender = Person.Gender.UNDISCLOSED
    if gender not in Person.Gender.values:
        errors["gender"] = _("Choose one of the answers.")
    if consent is not True:
        errors["consent"] = _("You need to agree so that we may keep your details.")
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})
    cleaned["language"] = language
    cleaned["gender"] = gender
    return cleaned


@transaction.atomic
def public_signup(
    *,
    cafe_id: int,
    first_name: str,
    phone: str = "",
    email: str = "",
    language: str = "sv",
    consent: bool = False,
    gender: str | None = None,
    source: str = Registration.Source.WEB,
) -> SignupResult:
    """Sign someone up for a café from the public page or the API.

    Raises Cafe.DoesNotExist (unknown café), ValidationError (fields), CafeClosed,
    TooManySignups.
    """
    fields = clean_signup(
        first_name=first_name,
        phone=phone,
        email=email,
        language=language,
        consent=consent,
        gender=gender,
    )
    if not _contact_allowed(phone=fields["phone"], email=fields["email"]):
        raise TooManySignups
    cafe = lock_cafe(cafe_id)
    person = person_by_contact(
        partnership=cafe.partnership, phone=fields["phone"], email=fields["email"]
    )
    if person is not None:
        existing = Registration.objects.filter(
            cafe=cafe, person=person, status__in=ACTIVE_STATUSES
        ).first()
        if existing is not None:
            return _as_if_new(existing)
    if person is None:
        person = person_create(
            partnership=cafe.partnership,
            actor=PUBLIC_ACTOR,
            first_name=fields["first_name"],
            phone=fields["phone"],
            email=fields["email"],
            language=fields["language"],
            gender=fields["gender"],
            referral_source=Person.ReferralSource.SELF,
        )
    elif (
        person.gender == Person.Gender.UNDISCLOSED and fields["gender"] != Person.Gender.UNDISCLOSED
    ):
        # Only an unknown gender is filled in; a known one stays as the register has it.
        person = person_update(person=person, actor=PUBLIC_ACTOR, gender=fields["gender"])
    channel = ConsentChannel.WEB if source == Registration.Source.WEB else ConsentChannel.LINK
    consent_give(
        person=person, purpose=ConsentPurpose.REGISTER, channel=channel, actor=PUBLIC_ACTOR
    )
    registration, _created = registration_create(
        cafe=cafe, person=person, source=source, actor=PUBLIC_ACTOR
    )
    position = None
    if registration.status == Registration.Status.WAITLISTED:
        position = waitlist_length(cafe=cafe)
    return SignupResult(registration.status, registration.reference, position, registration)


def _as_if_new(existing: Registration) -> SignupResult:
    """The answer a new sign-up would get now (the café is locked by the caller); the owner
    of the contact is told the truth after commit."""
    cafe = existing.cafe
    now = timezone.now()
    check_open_for_signup(cafe, now)
    # seats_left's rule (DESIGN §9) with the waitlist counted once: a seat only while nobody
    # waits, else the next place in line.
    waiting = waitlist_length(cafe=cafe)
    if not waiting and free_seats(cafe=cafe, now=now) > 0:
        status, position = Registration.Status.CONFIRMED, None
    else:
        status, position = Registration.Status.WAITLISTED, waiting + 1
    transaction.on_commit(lambda: notifications.signup_repeated(existing.pk))
    return SignupResult(status, new_reference(), position, None)


# The optional questions of the confirmation page ------------------------------------------

ABOUT_YOU_SALT = "vises.cafes.signup.about_you"
ABOUT_YOU_MAX_AGE = 24 * 60 * 60


def about_you_token(reference: str) -> str:
    """A signed token of the reference the confirmation page showed (new or made up)."""
    return signing.dumps(reference, salt=ABOUT_YOU_SALT, compress=False)


@transaction.atomic
def about_you_save(
    *, token: str, cafe_id: int, birth_year: int | None, district: District | None
) -> None:
    """Fill in the birth year and the part of town the person chose to give, through
    person_update (an audit event naming the fields). Only empty fields are filled, and only
    for the sign-up the token came from; a bad, old or made-up token changes nothing and
    answers the same, so the page tells nothing either."""
    try:
        reference = signing.loads(token, salt=ABOUT_YOU_SALT, max_age=ABOUT_YOU_MAX_AGE)
    except signing.BadSignature:
        return
    registration = (
        Registration.objects.filter(reference=reference, cafe_id=cafe_id)
        .select_related("person")
        .first()
    )
    if registration is None:
        return
    person = registration.person
    values: dict[str, Any] = {}
    if birth_year is not None and person.birth_year is None:
        values["birth_year"] = birth_year
    if (
        district is not None
        and person.district_id is None
        and district.partnership_id == person.partnership_id
    ):
        values["district"] = district
    if values:
        person_update(person=person, actor=PUBLIC_ACTOR, **values)
