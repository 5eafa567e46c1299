"""After the café: a participant's three smiley answers, and an employee's offer to become
a language friend (a lead tied to the café and its company).

Both come through signed links, so the actor is `link:<purpose>`, never a person.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.cafes.models import Cafe, CafeFeedback, LanguageFriendLead, Registration
from vises.common import audit
from vises.people.models import (
    ConsentChannel,
    ConsentPurpose,
    ConsentText,
    LanguageFriend,
    Participant,
    Person,
)
from vises.people.selectors import person_by_contact
from vises.people.services.consent import consent_give
from vises.people.services.persons import language_friend_set, participant_set, person_create
from vises.people.validation import contact_clean

FEEDBACK_ACTOR = "link:cafe_feedback"
FRIEND_ACTOR = "link:cafe_friend"
FRIEND_CAPACITY_MAX = 3


class NotAttended(Exception):
    """Feedback is asked of those who came; this registration did not."""


def _wish_for_friend(*, person: Person, wants: bool, was_answered_yes: bool) -> None:
    """Carry the answer "want a language friend?" over to the participant profile.

    Yes makes the person a participant waiting for a friend (from today, unless they
    already wait) and, where the partnership has a text for it, records the matching
    consent given through the link. No withdraws only a wish this same form made: a wish
    the person gave elsewhere stands.
    """
    participant = Participant.objects.filter(person=person).first()
    if wants:
        if participant is not None and participant.wants_language_friend:
            return
        values: dict[str, object] = {"wants_language_friend": True, "is_active": True}
        if participant is None or participant.waiting_since is None:
            values["waiting_since"] = timezone.localdate()
        participant_set(person=person, actor=FEEDBACK_ACTOR, **values)
        # Without a text to agree to, the coordinator collects the consent when they call.
        with contextlib.suppress(ConsentText.DoesNotExist):
            consent_give(
                person=person,
                purpose=ConsentPurpose.MATCHING,
                channel=ConsentChannel.LINK,
                actor=FEEDBACK_ACTOR,
            )
    elif was_answered_yes and participant is not None and participant.wants_language_friend:
        participant_set(
            person=person, actor=FEEDBACK_ACTOR, wants_language_friend=False, waiting_since=None
        )


@transaction.atomic
def feedback_answer(
    *,
    registration: Registration,
    workplace: int,
    study_paths: int,
    wants_language_friend: bool,
    now: datetime | None = None,
) -> CafeFeedback:
    """Store (or replace) the registration's answers; a wish for a language friend sets
    Participant.wants_language_friend. Raises NotAttended for someone who did not come,
    ValidationError for an answer outside 1–3."""
    registration = Registration.objects.select_related("person", "cafe").get(pk=registration.pk)
    if registration.attendance != Registration.Attendance.ATTENDED:
        raise NotAttended(registration.pk)
    feedback = CafeFeedback.objects.select_for_update().filter(registration=registration).first()
    was_answered_yes = feedback is not None and feedback.wants_language_friend
    verb = "changed" if feedback is not None else "answered"
    feedback = feedback or CafeFeedback(registration=registration)
    feedback.workplace = workplace
    feedback.study_paths = study_paths
    feedback.wants_language_friend = wants_language_friend
    feedback.answered_at = now or timezone.now()
    feedback.full_clean()
    feedback.save()
    audit.log(
        FEEDBACK_ACTOR,
        f"cafes.cafefeedback.{verb}",
        feedback,
        partnership=registration.cafe.partnership,
        fields=["study_paths", "wants_language_friend", "workplace"],
    )
    _wish_for_friend(
        person=registration.person,
        wants=wants_language_friend,
        was_answered_yes=was_answered_yes,
    )
    return feedback


@dataclass(frozen=True)
class FriendSignup:
    first_name: str
    last_name: str
    phone: str
    email: str
    language: str
    gender: str
    capacity: int


def clean_friend_signup(
    *,
    first_name: str,
    last_name: str = "",
    phone: str = "",
    email: str = "",
    language: str = "",
    gender: str = "",
    capacity: int | str = 1,
    consent: bool,
) -> FriendSignup:
    """Validated, normalised fields of the employees' form; ValidationError per field."""
    errors: dict[str, ValidationError] = {}
    first_name = (first_name or "").strip()
    last_name = (last_name or "").strip()
    if not first_name:
        errors["first_name"] = ValidationError(_("Write your first name."), code="required")
    elif len(first_name) > 100:
        errors["first_name"] = ValidationError(_("The first name is too long."), code="max_length")
    if len(last_name) > 100:
        errors["last_name"] = ValidationError(_("The last name is too long."), code="max_length")
    contact = {"phone": "", "email": ""}
    try:
        cleaned = contact_clean(phone=phone, email=email)
    except ValidationError as error:
        errors.update({name: ValidationError(found) for name, found in error.error_dict.items()})
    else:
        contact = {"phone": cleaned.phone, "email": cleaned.email}
    if not contact["phone"] and not contact["email"] and not {"phone", "email"} & set(errors):
        errors["email"] = ValidationError(
            _("Give an e-mail address or a phone number, so we can reach you."),
            code="contact_required",
        )
    language = language or settings.LANGUAGE_CODE
    if language not in {code for code, _name in settings.LANGUAGES}:
        errors["language"] = ValidationError(
            _("Choose one of the languages in the list."), code="invalid_choice"
        )
    gender = gender or Person.Gender.UNDISCLOSED
    if gender not in Person.Gender.values:
        errors["gender"] = ValidationError(_("Choose one in the list."), code="invalid_choice")
    try:
        places = int(capacity)
    except (TypeError, ValueError):
        places = 0
    if not 1 <= places <= FRIEND_CAPACITY_MAX:
        errors["capacity"] = ValidationError(
            _("Choose 1, 2 or 3 participants."), code="invalid_choice"
        )
    if consent is not True:
        errors["consent"] = ValidationError(
            _("You need to agree so that we may keep your details."), code="consent_required"
        )
    if errors:
        raise ValidationError(errors)
    return FriendSignup(
        first_name=first_name,
        last_name=last_name,
        phone=contact["phone"],
        email=contact["email"],
        language=language,
        gender=gender,
        capacity=places,
    )


@transaction.atomic
def friend_lead_create(
    *,
    cafe: Cafe,
    first_name: str,
    last_name: str = "",
    phone: str = "",
    email: str = "",
    language: str = "",
    gender: str = "",
    capacity: int | str = 1,
    consent: bool,
) -> tuple[LanguageFriendLead, bool]:
    """An employee offers to become a language friend after the café.

    Makes (or finds, by e-mail or phone) the person, records the register consent given on
    the form, gives them a language-friend profile (an existing one is left as it is, only
    reactivated), and ties a lead to the café and its company. Sending the form twice gives
    the same lead back: returns (lead, created). Raises ValidationError per field.
    """
    signup = clean_friend_signup(
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        email=email,
        language=language,
        gender=gender,
        capacity=capacity,
        consent=consent,
    )
    cafe = Cafe.objects.select_related("partnership", "company").get(pk=cafe.pk)
    person = person_by_contact(partnership=cafe.partnership, phone=signup.phone, email=signup.email)
    if person is None:
        person = person_create(
            partnership=cafe.partnership,
            actor=FRIEND_ACTOR,
            first_name=signup.first_name,
            last_name=signup.last_name,
            phone=signup.phone,
            email=signup.email,
            language=signup.language,
            gender=signup.gender,
            referral_source=Person.ReferralSource.CAFE,
        )
    try:
        consent_give(
            person=person,
            purpose=ConsentPurpose.REGISTER,
            channel=ConsentChannel.WEB,
            actor=FRIEND_ACTOR,
        )
    except ConsentText.DoesNotExist as error:
        # Nothing is kept without the text the person agrees to (the transaction rolls back).
        raise ValidationError(
            _("We cannot take sign-ups right now. Please try again later."),
            code="no_consent_text",
        ) from error
    profile = LanguageFriend.objects.filter(person=person).first()
    if profile is None:
        language_friend_set(person=person, actor=FRIEND_ACTOR, capacity=signup.capacity)
    elif not profile.is_active:
        language_friend_set(person=person, actor=FRIEND_ACTOR, is_active=True)
    lead, created = LanguageFriendLead.objects.get_or_create(
        person=person, cafe=cafe, defaults={"company": cafe.company}
    )
    if created:
        audit.log(
            FRIEND_ACTOR,
            "cafes.languagefriendlead.created",
            lead,
            partnership=cafe.partnership,
            fields=["cafe", "company", "person"],
        )
    return lead, created
