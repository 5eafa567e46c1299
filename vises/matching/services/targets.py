"""Setting the yearly recruitment targets for language friends (one service: set, where 0
removes). Every change is audited (`matching.recruitmenttarget.set` / `.removed`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vises.common import audit
from vises.matching.models import RecruitmentTarget
from vises.matching.selectors.targets import target_groups
from vises.partnerships.models import Partnership

YEARS = range(2000, 2101)


@transaction.atomic
def target_set(
    *,
    partnership: Partnership,
    year: int,
    dimension: str,
    group: str,
    friends: int,
    actor: audit.Actor,
) -> RecruitmentTarget | None:
    """Set how many language friends of `group` (in `dimension`) the partnership means to
    recruit in `year`; 0 removes the target. Returns the target, or None when removed.

    Raises ValidationError (keyed by field) for a year outside 2000–2100, an unknown
    dimension or group, or a negative number; nothing is changed then."""
    errors: dict[str, str] = {}
    if year not in YEARS:
        errors["year"] = _("Give a year from 2000 to 2100.")
    if dimension not in RecruitmentTarget.Dimension.values:
        errors["dimension"] = _("Choose language, age, gender or education.")
    elif group not in dict(target_groups(dimension)):
        errors["group"] = _("Choose one of the groups in the list.")
    if friends < 0:
        errors["friends"] = _("The number of language friends cannot be negative.")
    if errors:
        raise ValidationError(errors)
    existing = (
        RecruitmentTarget.objects.select_for_update()
        .filter(partnership=partnership, year=year, dimension=dimension, group=group)
        .first()
    )
    if friends == 0:
        if existing is not None:
            audit.log(
                actor, "matching.recruitmenttarget.removed", existing, partnership=partnership
            )
            existing.delete()
        return None
    if existing is None:
        existing = RecruitmentTarget(
            partnership=partnership, year=year, dimension=dimension, group=group
        )
    elif existing.friends == friends:
        return existing
    existing.friends = friends
    existing.save()
    audit.log(
        actor,
        "matching.recruitmenttarget.set",
        existing,
        partnership=partnership,
        fields=["friends"],
    )
    return existing
