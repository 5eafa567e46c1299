"""The partnership's recruitment targets for language friends, and the groups a target may
name (vises.matching.models.RecruitmentTarget)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from vises.matching.models import RecruitmentTarget
from vises.partnerships.models import Partnership
from vises.people.ages import AGE_BANDS
from vises.people.models import EducationLevel, Language, Person

Dimension = RecruitmentTarget.Dimension


def target_groups(dimension: str) -> list[tuple[str, str]]:
    """The (code, Swedish name) of every group a target of `dimension` may name: languages by
    ISO 639 code, the statistics' age bands, the genders one may state, the SUN levels."""
    if dimension == Dimension.LANGUAGE:
        return list(Language.objects.order_by("name_sv").values_list("code", "name_sv"))
    if dimension == Dimension.AGE:
        return [(label, _("%(band)s years") % {"band": label}) for _low, _high, label in AGE_BANDS]
    if dimension == Dimension.GENDER:
        stated = (Person.Gender.WOMAN, Person.Gender.MAN, Person.Gender.OTHER)
        return [(str(gender.value), str(gender.label)) for gender in stated]
    if dimension == Dimension.EDUCATION:
        return list(EducationLevel.objects.order_by("code").values_list("code", "name_sv"))
    return []


def group_label(dimension: str, code: str) -> str:
    return dict(target_groups(dimension)).get(code, code)


def targets_in(*, partnership: Partnership, year: int) -> dict[tuple[str, str], int]:
    """{(dimension, group): friends} of the partnership's targets for `year`. One query."""
    return {
        (dimension, group): friends
        for dimension, group, friends in RecruitmentTarget.objects.filter(
            partnership=partnership, year=year
        ).values_list("dimension", "group", "friends")
    }
