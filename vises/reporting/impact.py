"""A host company's impact statement (issue 12, point 7): per company and calendar year, one
page for the company's sustainability reporting — cafés hosted, participants met, employees
who became language friends, their pairs active in the year. It holds no personal data:
counts only, the counts of persons suppressed as in every export (1–4 shown as "<5"; the
figures are not added up, so there is no total that could give a hidden one away).

What each figure counts (docs/statistics.md, "Impact statement"):

* cafés hosted: the company's cafés held (status held or followed up) that started in the year;
* participants met: unique persons checked in as attended at those cafés;
* employees who became language friends: persons who offered at one of the company's cafés of
  the year to become a language friend (a language-friend lead) and have a language-friend
  profile;
* pairs active: pairs (ever confirmed) whose language friend came through the company's
  cafés, confirmed by the year's end and not ended before it began.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.cafes.models import Cafe, LanguageFriendLead, Registration
from vises.common.pdf import pdf_render
from vises.common.suppression import Count, Table, suppress_table
from vises.companies.models import Company
from vises.matching.models import Pair

HELD = (Cafe.Status.HELD, Cafe.Status.FOLLOWED_UP)
FIRST_YEAR, LAST_YEAR = 2000, 2100
PERSONS = ("participants", "friends", "pairs")


@dataclass(frozen=True)
class Figure:
    label: str
    count: Count


@dataclass(frozen=True)
class ImpactStatement:
    company: str
    partnership: str
    year: int
    cafes: int
    figures: list[Figure]

    @property
    def empty(self) -> bool:
        return self.cafes == 0 and all(f.count.value == 0 for f in self.figures)


def impact_years(*, company: Company, today: date | None = None) -> list[int]:
    """The years a statement can be had for, newest first: every year the company hosted a
    café that was held, and the current year. One query."""
    today = today or timezone.localdate()
    starts = Cafe.objects.filter(company=company, status__in=HELD).values_list(
        "starts_at", flat=True
    )
    years = {timezone.localtime(moment).year for moment in starts} | {today.year}
    return sorted(years, reverse=True)


def impact_statement(*, company: Company, year: int) -> ImpactStatement:
    """The company's figures for the calendar year, suppressed. Four queries (five when the
    company's partnership is not read yet)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    in_year = Q(starts_at__date__range=(start, end))
    cafes = Cafe.objects.filter(in_year, company=company, status__in=HELD).count()
    participants = (
        Registration.objects.filter(
            cafe__company=company,
            cafe__status__in=HELD,
            cafe__starts_at__date__range=(start, end),
            attendance=Registration.Attendance.ATTENDED,
        )
        .values("person_id")
        .distinct()
        .count()
    )
    friends = (
        LanguageFriendLead.objects.filter(
            company=company,
            cafe__starts_at__date__range=(start, end),
            person__language_friend__isnull=False,
        )
        .values("person_id")
        .distinct()
        .count()
    )
    pairs = (
        Pair.objects.filter(
            friend__friend_leads__company=company,
            confirmed_at__isnull=False,
            confirmed_at__date__lte=end,
        )
        .filter(Q(ended_at__isnull=True) | Q(ended_at__date__gte=start))
        .values("pk")
        .distinct()
        .count()
    )
    counts = {"participants": participants, "friends": friends, "pairs": pairs}
    # One table, no totals: each count stands alone, and 1–4 is shown as "<5".
    published = suppress_table(
        Table(
            rows=[()],
            cols=list(PERSONS),
            cells={((), name): counts[name] for name in PERSONS},
            row_totals=False,
            col_totals=False,
            grand_total=False,
        )
    )
    labels = {
        "participants": _("Participants met"),
        "friends": _("Employees who became language friends"),
        "pairs": _("Language-friend pairs active"),
    }
    return ImpactStatement(
        company=company.name,
        partnership=company.partnership.name,
        year=year,
        cafes=cafes,
        figures=[Figure(labels[name], published.cells[((), name)]) for name in PERSONS],
    )


def impact_pdf(statement: ImpactStatement) -> bytes:
    return pdf_render("reporting/impact_pdf.html", {"statement": statement})


def impact_filename(statement: ImpactStatement) -> str:
    return f"vi-ses-{statement.year}.pdf"
