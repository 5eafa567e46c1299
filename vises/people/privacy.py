"""What the people register stores about a person, field by field, and how each is handled.

Read by vises.common.privacy (the meta-test, `vises privacy-record`, docs/privacy.md) and by
the privacy service (export, erasure, anonymisation). A new field of a person is declared here
or the meta-test fails with its name.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from vises.accounts.services import user_delete
from vises.common.privacy import (
    EXPORT_STATISTIC,
    PersonSection,
    classify,
    not_personal,
    personal,
    register_section,
)
from vises.partnerships.access import STAFF_ROLES
from vises.people.models import (
    Concern,
    ConsentRecord,
    Delivery,
    LanguageFriend,
    Participant,
    Person,
    Referral,
    Volunteer,
)
from vises.people.referral_models import REFERRER_EMAIL_DAYS

classify(
    "people.Person",
    {
        "first_name": personal(),
        "last_name": personal(),
        "phone": personal(),
        "email": personal(),
        "occupation": personal(),
        "interests": personal(),
        "availability": personal(),
        "language": personal(EXPORT_STATISTIC),
        "gender": personal(EXPORT_STATISTIC),
        "swedish_level": personal(EXPORT_STATISTIC),
        "years_in_sweden": personal(EXPORT_STATISTIC),
        "work_status": personal(EXPORT_STATISTIC),
        "work_status_at_intake": personal(EXPORT_STATISTIC),
        "referral_source": personal(EXPORT_STATISTIC),
        # Not text, declared so the record of processing lists every category (DESIGN §6).
        "phone_is_shared": personal(),
        "signed_up_by": personal(),
        "birth_year": personal(EXPORT_STATISTIC),
        "resident_in_municipality": personal(EXPORT_STATISTIC),
        "district": personal(EXPORT_STATISTIC),
        "languages": personal(EXPORT_STATISTIC),
        "education_level": personal(EXPORT_STATISTIC),
        # When a "STOP" reply came from their number (a fact about the person).
        "sms_stopped_at": personal(),
    },
)
classify(
    "people.Participant",
    {
        "wants_language_friend": personal(EXPORT_STATISTIC),
        "wants_friend_same_gender": personal(EXPORT_STATISTIC),
        "waiting_since": personal(EXPORT_STATISTIC),
    },
)
classify(
    "people.LanguageFriend",
    {"capacity": personal(EXPORT_STATISTIC), "wants_same_gender": personal(EXPORT_STATISTIC)},
)
classify("people.Volunteer", {"user": personal()})
classify(
    "people.ConsentRecord",
    {
        "purpose": personal(),
        "language": personal(),
        "channel": personal(),
        "withdrawn_channel": personal(),
        "given_at": personal(),
        "withdrawn_at": personal(),
        "collected_by": personal(),
    },
)
classify(
    "people.ConsentText",
    {
        "purpose": not_personal("the published wording, the same for everyone"),
        "language": not_personal("the published wording, the same for everyone"),
        "text": not_personal("the published wording, the same for everyone"),
    },
)
for _label, _names in (
    ("people.Language", ("code", "name_sv", "name_en", "name_local")),
    ("people.EducationLevel", ("code", "name_sv", "name_en")),
):
    classify(_label, {name: not_personal("reference data") for name in _names})


# Related records of a person. The person's own fields are exported by the privacy service.


def _staff_name(user: Any) -> str | None:
    """Who collected or entered data: the staff member's name (a recipient, not the person)."""
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _participant_export(person: Person) -> dict[str, Any] | None:
    profile = Participant.objects.filter(person=person).first()
    if profile is None:
        return None
    return {
        "wants_language_friend": profile.wants_language_friend,
        "wants_friend_same_gender": profile.wants_friend_same_gender,
        "waiting_since": _iso(profile.waiting_since),
        "is_active": profile.is_active,
        "created_at": _iso(profile.created_at),
    }


def _language_friend_export(person: Person) -> dict[str, Any] | None:
    profile = LanguageFriend.objects.filter(person=person).first()
    if profile is None:
        return None
    return {
        "capacity": profile.capacity,
        "wants_same_gender": profile.wants_same_gender,
        "is_active": profile.is_active,
        "created_at": _iso(profile.created_at),
    }


def _user_account_export(user: Any) -> dict[str, Any]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession

    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "second_factors": [
            {"type": authenticator.type, "created_at": _iso(authenticator.created_at)}
            for authenticator in Authenticator.objects.filter(user=user).order_by("pk")
        ],
        "sessions": [
            {
                "ip": session.ip,
                "user_agent": session.user_agent,
                "created_at": _iso(session.created_at),
                "last_seen_at": _iso(session.last_seen_at),
                "data": session.data,
            }
            for session in UserSession.objects.filter(user=user).order_by("pk")
        ],
    }


def _volunteer_export(person: Person) -> dict[str, Any] | None:
    profile = Volunteer.objects.filter(person=person).select_related("user").first()
    if profile is None:
        return None
    return {
        "is_active": profile.is_active,
        "created_at": _iso(profile.created_at),
        "user_account": _user_account_export(profile.user) if profile.user else None,
    }


def _consents_export(person: Person) -> list[dict[str, Any]]:
    records = (
        ConsentRecord.objects.filter(person=person)
        .select_related("text", "collected_by")
        .order_by("given_at", "pk")
    )
    return [
        {
            "purpose": record.purpose,
            "text_version": record.text.version,
            "text_language": record.text.language,
            "text": record.text.text,
            "language": record.language,
            "channel": record.channel,
            "given_at": _iso(record.given_at),
            "collected_by": _staff_name(record.collected_by),
            "withdrawn_at": _iso(record.withdrawn_at),
            "withdrawn_channel": record.withdrawn_channel,
        }
        for record in records
    ]


def _participant_strip(person: Person) -> None:
    # The profile stays, so counts of participants do not change; matching stops.
    Participant.objects.filter(person=person).update(is_active=False)


def _language_friend_strip(person: Person) -> None:
    LanguageFriend.objects.filter(person=person).update(is_active=False)


def _volunteer_strip(person: Person) -> None:
    """The volunteer's own login account goes with them; a staff account is only unlinked."""
    profile = Volunteer.objects.filter(person=person).select_related("user").first()
    if profile is None:
        return
    user = profile.user
    Volunteer.objects.filter(pk=profile.pk).update(is_active=False, user=None)
    if user is None:
        return
    if user.memberships.filter(role__in=STAFF_ROLES).exists():
        return
    user_delete(user=user)


def _consents_strip(person: Person) -> None:
    # Consent records prove a lawful basis while we process; after erasure we process nothing.
    ConsentRecord.objects.filter(person=person).delete()


register_section(
    PersonSection(
        "participant", _participant_export, _participant_strip, _("Participant"), Participant
    )
)
register_section(
    PersonSection(
        "language_friend",
        _language_friend_export,
        _language_friend_strip,
        _("Language friend"),
        LanguageFriend,
    )
)
register_section(
    PersonSection("volunteer", _volunteer_export, _volunteer_strip, _("Volunteer"), Volunteer)
)
register_section(
    PersonSection("consents", _consents_export, _consents_strip, _("Consents"), ConsentRecord)
)


# Concerns reported through the person's own link (services/concerns.py): the text may name
# people, so it goes with the person; the coordinator was told only that one came in.
classify("people.Concern", {"text": personal()})


def _concerns_export(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "text": concern.text,
            "created_at": _iso(concern.created_at),
            "handled_at": _iso(concern.handled_at),
        }
        for concern in Concern.objects.filter(person=person).order_by("created_at", "pk")
    ]


def _concerns_strip(person: Person) -> None:
    Concern.objects.filter(person=person).delete()


register_section(
    PersonSection(
        "concerns", _concerns_export, _concerns_strip, _("Concerns you reported"), Concern
    )
)


# The outbox's record of messages (vises/people/outbox/): which message, by which channel,
# how it went and when; never the text or the address. Exported with the person, deleted on
# erasure and anonymisation (nothing is counted from it).
_DELIVERY = "which message went out by which channel and when: no content, no contact details"
classify(
    "people.Delivery",
    {name: not_personal(_DELIVERY) for name in ("message", "basis", "channel", "status")},
)
# The SMS provider's id of a message and what it reported: no content, no number.
_PROVIDER = "the SMS provider's reference and delivery report of one message: no content"
classify(
    "people.Delivery",
    {name: not_personal(_PROVIDER) for name in ("provider_id", "provider_status", "status_at")},
)


def _deliveries_export(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "message": delivery.message,
            "channel": delivery.channel,
            "status": delivery.status,
            "at": _iso(delivery.at),
            "delivery": delivery.provider_status,
            "delivery_reported_at": _iso(delivery.status_at),
        }
        for delivery in Delivery.objects.filter(person=person).order_by("at", "pk")
    ]


def _deliveries_strip(person: Person) -> None:
    Delivery.objects.filter(person=person).delete()


register_section(
    PersonSection(
        "messages_sent",
        _deliveries_export,
        _deliveries_strip,
        _("Messages we sent you"),
        Delivery,
    )
)


# Referrals from municipal staff (services/referrals.py): who referred the person (a role and
# a unit, never the referrer's name) and what the person wants go with the person. The
# referrer's work e-mail is the referrer's own data, for the coordinator to call back: blanked
# after REFERRER_EMAIL_DAYS by the daily retention job, and gone with the referral when the
# person is erased or anonymised. The referral source on Person is what statistics count.
classify(
    "people.Referral",
    {
        "referrer_role": personal(),
        "referrer_unit": personal(),
        "wants": personal(),
        "referrer_email": personal(
            "the referring staff member's work e-mail, not the person's: shown to the "
            f"coordinator only, blanked after {REFERRER_EMAIL_DAYS} days, deleted with the "
            "person's referral"
        ),
    },
)


def _referrals_export(person: Person) -> list[dict[str, Any]]:
    from vises.people.services.referrals import referral_export

    return [
        referral_export(referral)
        for referral in Referral.objects.filter(person=person).order_by("created_at", "pk")
    ]


def _referrals_strip(person: Person) -> None:
    Referral.objects.filter(person=person).delete()


register_section(
    PersonSection("referrals", _referrals_export, _referrals_strip, _("Who referred you"), Referral)
)
