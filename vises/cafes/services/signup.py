"""Public sign-up: a first name, a phone or e-mail, a language and consent; nothing more.

The same phone or e-mail again for the same café gives back the first registration, so a
double tap or a retry never doubles a person or a seat.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vises.cafes.models import Registration
from vises.cafes.services.registrations import lock_cafe, registration_create
from vises.people.models import ConsentChannel, ConsentPurpose, Person
from vises.people.selectors import person_by_contact
from vises.people.services.consent import consent_give
from vises.people.services.persons import person_create
from vises.people.validation import contact_clean

PUBLIC_ACTOR = "link:public_signup"


@dataclass(frozen=True)
class SignupResult:
    registration: Registration
    created: bool


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

    Raises Cafe.DoesNotExist (unknown café), ValidationError (fields), CafeClosed.
    """
    fields = clean_signup(
        first_name=first_name, phone=phone, email=email, language=language, consent=consent
    )
    cafe = lock_cafe(cafe_id)
    person = person_by_contact(
        partnership=cafe.partnership, phone=fields["phone"], email=fields["email"]
    )
    if person is not None:
        existing = Registration.objects.filter(cafe=cafe, person=person).first()
        if existing is not None and existing.status in (
            Registration.Status.CONFIRMED,
            Registration.Status.WAITLISTED,
            Registration.Status.INVITED,
        ):
            return SignupResult(existing, created=False)
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
    registration, created = registration_create(
        cafe=cafe, person=person, source=source, actor=PUBLIC_ACTOR
    )
    return SignupResult(registration, created)
