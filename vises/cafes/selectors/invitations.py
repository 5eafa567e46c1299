"""Who the coordinator may invite to a café: participants of the register, with filters."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from vises.cafes.models import Cafe, Registration
from vises.cafes.services.registrations import ACTIVE_STATUSES
from vises.partnerships.models import District
from vises.people.models import ConsentPurpose, ConsentRecord, Language, Person

# A page of candidates: the coordinator narrows with the filters rather than scrolling.
CANDIDATE_LIMIT = 200


def invitation_candidates(
    *,
    cafe: Cafe,
    language: Language | str | None = None,
    district: District | int | None = None,
    never_attended: bool = False,
    waiting_for_friend: bool = False,
) -> QuerySet[Person]:
    """Active participants of the café's partnership who are not registered for it yet
    (confirmed, waitlisted or invited), matching every filter given, in name order.

    `never_attended`: never checked in as attended at any café. `waiting_for_friend`: wishes
    for a language friend (pairs come later, so the wish alone). Each person carries
    `has_attended` and `may_get_messages` (an active consent for messages), the district
    and the participant profile joined and the spoken languages prefetched: the number of
    queries does not grow with the number of rows.
    """
    attended = Registration.objects.filter(
        person=OuterRef("pk"), attendance=Registration.Attendance.ATTENDED
    )
    registered_here = Registration.objects.filter(
        person=OuterRef("pk"), cafe=cafe, status__in=ACTIVE_STATUSES
    )
    messages_consent = ConsentRecord.objects.filter(
        person=OuterRef("pk"), purpose=ConsentPurpose.MESSAGES, withdrawn_at__isnull=True
    )
    people = (
        Person.objects.filter(
            partnership_id=cafe.partnership_id,
            anonymised_at__isnull=True,
            participant__is_active=True,
        )
        .annotate(
            has_attended=Exists(attended),
            registered_here=Exists(registered_here),
            may_get_messages=Exists(messages_consent),
        )
        .filter(registered_here=False)
        .select_related("district", "participant")
        .prefetch_related(Prefetch("languages", queryset=Language.objects.order_by("name_sv")))
        .order_by("first_name", "last_name", "pk")
    )
    if language:
        code = language.code if isinstance(language, Language) else language
        people = people.filter(languages__code=code)
    if district:
        people = people.filter(district=district)
    if never_attended:
        people = people.filter(has_attended=False)
    if waiting_for_friend:
        people = people.filter(participant__wants_language_friend=True)
    return people
