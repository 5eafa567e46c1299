"""Public sign-up: a first name, a phone or e-mail, a language and consent; nothing more.

Nobody may learn from a sign-up whether a phone number or e-mail address is registered, or
where its owner will be (docs/security.md): the same contact again for the same café gets
exactly what a new sign-up would get at the café's current seat state (the status, a
reference that looks new, the waitlist position), nothing changes in the register, and the
contact's real owner is told their true status with their link. So a double tap or a retry
never doubles a person or a seat either.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
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
from vises.people.models import ConsentChannel, ConsentPurpose, Person
from vises.people.selectors import person_by_contact
from vises.people.services.consent import consent_give
from vises.people.services.persons import person_create
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
    *, first_name: str, phone: str, email: str, language: str, consent: bool
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
    if consent is not True:
        errors["consent"] = _("You need to agree so that we may keep your details.")
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})
    cleaned["language"] = language
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
    source: str = Registration.Source.WEB,
) -> SignupResult:
    """Sign someone up for a café from the public page or the API.

    Raises Cafe.DoesNotExist (unknown café), ValidationError (fields), CafeClosed,
    TooManySignups.
    """
    fields = clean_signup(
        first_name=first_name, phone=phone, email=email, language=language, consent=consent
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
            referral_source=Person.ReferralSource.SELF,
        )
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
