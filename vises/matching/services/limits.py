"""A person's own limits for a pair (languages they will not use, districts they cannot get
to): the engine's hard constraints, set by the coordinator."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from vises.common import audit
from vises.matching.models import Limits
from vises.partnerships.models import District
from vises.people.models import Language, Person


@transaction.atomic
def limits_set(
    *,
    person: Person,
    refuses_languages: Iterable[Language],
    unreachable_districts: Iterable[District],
    actor: audit.Actor,
) -> Limits:
    """Replace the person's limits; the audit event names the fields that changed, never
    their values. Districts of another partnership are refused (ValueError)."""
    languages = list(refuses_languages)
    districts = list(unreachable_districts)
    if any(district.partnership_id != person.partnership_id for district in districts):
        raise ValueError("a district of another partnership")
    limits, _created = Limits.objects.get_or_create(person=person)
    before_languages = set(limits.refuses_languages.values_list("pk", flat=True))
    before_districts = set(limits.unreachable_districts.values_list("pk", flat=True))
    changed = []
    if before_languages != {language.pk for language in languages}:
        limits.refuses_languages.set(languages)
        changed.append("refuses_languages")
    if before_districts != {district.pk for district in districts}:
        limits.unreachable_districts.set(districts)
        changed.append("unreachable_districts")
    if changed:
        audit.log(
            actor,
            "matching.limits.changed",
            limits,
            partnership=person.partnership,
            fields=changed,
        )
    return limits
