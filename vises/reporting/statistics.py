"""The statistics of one partnership over a period: the one service every dashboard, report,
export and the API reads (issue 12, point 2; docs/statistics.md says what each table counts).

`statistics(partnership=…, start=…, end=…)` gives a `Report` of exact counts. Every count of
persons is split by gender, with "uppgift saknas" (the gender not given, or "prefer not to
say") a category of its own that is never dropped. `published(report, suppressed=…)` gives the
tables as they may be shown: exact for coordinators and managers on their own screens,
suppressed (vises.common.suppression) for the municipal role and for every export.

The period is a range of local calendar days, both ends included. The service only reads
(slim rows in a fixed number of queries, whatever the amount of data) and writes nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.cafes.checkin.selectors import volunteer_hours
from vises.cafes.models import Cafe, CafeVolunteer, Registration
from vises.common.suppression import Count, SuppressedTable, Table, suppress_table
from vises.matching.models import Pair, RecruitmentTarget
from vises.matching.selectors.targets import target_groups, targets_in
from vises.partnerships.models import Partnership
from vises.people.ages import AGE_BANDS, age_band
from vises.people.ages import UNKNOWN as UNKNOWN_AGE
from vises.people.models import LanguageFriend, Person

# The category of a dimension nobody filled in (and the gender "prefer not to say"):
# labelled "uppgift saknas", never dropped.
UNKNOWN = "unknown"
GENDERS = (Person.Gender.WOMAN.value, Person.Gender.MAN.value, Person.Gender.OTHER.value, UNKNOWN)
AGE_ROWS = tuple((label,) for _low, _high, label in AGE_BANDS) + ((UNKNOWN,),)
HELD = (Cafe.Status.HELD, Cafe.Status.FOLLOWED_UP)
# Pairs' duration bands in months: (label, from, up to but not including).
DURATION_BANDS = (("0-3", 0, 3), ("3-6", 3, 6), ("6-12", 6, 12), ("12+", 12, None))
DAYS_PER_MONTH = 365.25 / 12

# Columns of the tables that count something other than persons.
CAFES = "cafes"
NEW, RETURNING = "new", "returning"


@dataclass(frozen=True)
class Stat:
    """One named table: rows keyed by a tuple of `row_dims` values, columns by `col_dim`
    (gender for every count of persons). `persons` False: the cells count cafés or
    companies, not persons, and are published as they are (no small-cell suppression)."""

    name: str
    row_dims: tuple[str, ...]
    col_dim: str
    table: Table
    persons: bool = True
    # The Swedish names of coded values (a language's ISO code, a SUN level) for headings.
    names: Mapping[Hashable, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    """Exact counts. `sums` holds numbers that are not counts (volunteer hours)."""

    partnership: str  # the partnership's slug
    start: date
    end: date
    stats: dict[str, Stat]
    sums: dict[str, Decimal] = field(default_factory=dict)
    # The recruitment targets of the period's year, {(dimension, group): friends}; none when
    # the period spans more than one calendar year (a target is set per year).
    targets: dict[tuple[str, str], int] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Table:
        return self.stats[name].table


@dataclass(frozen=True)
class PublishedStat:
    name: str
    row_dims: tuple[str, ...]
    col_dim: str
    table: SuppressedTable
    persons: bool
    names: Mapping[Hashable, str] = field(default_factory=dict)

    def records(self) -> list[dict[str, Any]]:
        """One dict per cell: the dimension values by name, count (None when hidden) and
        suppressed."""
        rows = []
        for (row, col), count in ((k, self.table.cells[k]) for k in _keys(self.table)):
            record: dict[str, Any] = dict(zip(self.row_dims, row, strict=True))
            record[self.col_dim] = col
            record["count"] = count.value
            record["suppressed"] = count.suppressed
            rows.append(record)
        return rows


@dataclass(frozen=True)
class Published:
    partnership: str
    start: date
    end: date
    suppressed: bool
    stats: dict[str, PublishedStat]
    sums: dict[str, Decimal]
    targets: dict[tuple[str, str], int] = field(default_factory=dict)

    def against_targets(self) -> list[TargetLine]:
        return against_targets(
            {name: stat.table for name, stat in self.stats.items()}, self.targets
        )


def _keys(table: SuppressedTable) -> Iterable[tuple[Any, Any]]:
    return ((row, col) for row in table.rows for col in table.cols)


def exact(table: Table) -> SuppressedTable:
    """The table with every count shown (for coordinators and managers)."""

    def total(cells: Iterable[int]) -> Count:
        return Count(value=sum(cells))

    return SuppressedTable(
        rows=list(table.rows),
        cols=list(table.cols),
        cells={(r, c): Count(value=table.count(r, c)) for r in table.rows for c in table.cols},
        row_totals={r: total(table.count(r, c) for c in table.cols) for r in table.rows}
        if table.row_totals
        else None,
        col_totals={c: total(table.count(r, c) for r in table.rows) for c in table.cols}
        if table.col_totals
        else None,
        grand_total=total(table.cells.values()) if table.grand_total else None,
    )


def published(report: Report, *, suppressed: bool) -> Published:
    """The report as it may be shown: `suppressed` True for the municipal role and every
    export, report and API answer (person counts of 1–4 and what would reveal them hidden);
    False for coordinators and managers on their own screens. Tables that count cafés or
    companies are never suppressed."""
    stats = {
        name: PublishedStat(
            name=stat.name,
            row_dims=stat.row_dims,
            col_dim=stat.col_dim,
            table=suppress_table(stat.table) if suppressed and stat.persons else exact(stat.table),
            persons=stat.persons,
            names=stat.names,
        )
        for name, stat in report.stats.items()
    }
    return Published(
        partnership=report.partnership,
        start=report.start,
        end=report.end,
        suppressed=suppressed,
        stats=stats,
        sums=dict(report.sums),
        targets=dict(report.targets),
    )


def label(dimension: str, value: Hashable, names: Mapping[Hashable, str] | None = None) -> str:
    """A value's text for a table heading: "uppgift saknas" for the unknown category; a coded
    value by its name in `names` (the table's) when it has one."""
    if value == UNKNOWN:
        return _("information missing")
    if names and value in names:
        return names[value]
    if dimension == "count_of" and value == CAFES:
        return _("Cafés")
    if dimension == "host":
        return {NEW: _("New"), RETURNING: _("Returning")}.get(str(value), str(value))
    choices: dict[str, Any] = {
        "gender": Person.Gender,
        "years_in_sweden": Person.YearsInSweden,
        "work_status": Person.WorkStatus,
        "work_status_at_intake": Person.WorkStatus,
        "referral_source": Person.ReferralSource,
        "end_reason": Pair.EndReason,
    }
    if dimension in choices:
        return str(dict(choices[dimension].choices).get(value, value))
    return str(value)


# The period ------------------------------------------------------------------------------


def check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationError(_("The period ends before it starts."), code="period_order")


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _in(moment: datetime | None, start: date, end: date) -> bool:
    day = _day(moment)
    return day is not None and start <= day <= end


# Building tables -------------------------------------------------------------------------


def _gender(value: str | None) -> str:
    return value if value in GENDERS else UNKNOWN


def _or_unknown(value: Any) -> Any:
    return UNKNOWN if value in (None, "") else value


def _age(birth_year: int | None, end: date) -> str:
    band = age_band(birth_year, end)
    return UNKNOWN if band == UNKNOWN_AGE else band


def _gender_table(
    counts: Mapping[tuple[Any, ...], int], rows: Sequence[tuple[Any, ...]] | None = None
) -> Table:
    """Counts keyed by (row values…, gender) as rows × the four gender columns. `rows` fixes
    the rows of a closed dimension (every age band, also one with nobody); otherwise the rows
    found, sorted with "unknown" last."""
    if rows is None:
        found = {key[:-1] for key in counts}
        rows = sorted(found, key=lambda row: tuple((v == UNKNOWN, str(v)) for v in row))
    cells = {(key[:-1], key[-1]): n for key, n in counts.items() if n}
    return Table(rows=list(rows), cols=list(GENDERS), cells=cells)


def _choice_rows(choices: Any) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [(str(value),) for value in choices.values]
    return [*rows, (UNKNOWN,)]


def _stat(
    name: str,
    row_dims: tuple[str, ...],
    table: Table,
    names: Mapping[Hashable, str] | None = None,
) -> Stat:
    """A table of persons by gender."""
    return Stat(name=name, row_dims=row_dims, col_dim="gender", table=table, names=names or {})


# The tables ------------------------------------------------------------------------------


def statistics(*, partnership: Partnership, start: date, end: date) -> Report:
    """Every table of the partnership for the days `start` to `end` (both included).

    Raises ValidationError ("Perioden slutar innan den börjar.") when `end` is before `start`.
    Eight queries, whatever the amount of data.
    """
    check_period(start, end)
    stats: list[Stat] = []
    stats += _cafes(partnership, start, end)
    attendees = _attendees(partnership, start, end)
    stats += _participants(attendees, end)
    stats += _friends(partnership, start, end)
    stats += _pairs(partnership, start, end)
    return Report(
        partnership=partnership.slug,
        start=start,
        end=end,
        stats={stat.name: stat for stat in stats},
        sums={"volunteer_hours": _volunteer_hours(partnership, start, end)},
        targets=targets_in(partnership=partnership, year=start.year)
        if start.year == end.year
        else {},
    )


def _held(partnership: Partnership, start: date, end: date) -> Any:
    return Cafe.objects.filter(
        partnership=partnership, status__in=HELD, starts_at__date__range=(start, end)
    )


def _cafes(partnership: Partnership, start: date, end: date) -> list[Stat]:
    """Cafés held (status held or followed up, by the day they started), by the host
    company's district; the host companies by SNI section, new or returning (returning: it
    hosted a café held before the period began). Two queries."""
    cafes = list(
        _held(partnership, start, end).values_list(
            "company_id", "company__district__name", "company__industry_id"
        )
    )
    by_district = Counter((_or_unknown(district),) for _c, district, _i in cafes)
    companies = {company: industry for company, _d, industry in cafes}
    before = set(
        Cafe.objects.filter(
            partnership=partnership,
            status__in=HELD,
            starts_at__date__lt=start,
            company_id__in=list(companies),
        ).values_list("company_id", flat=True)
    )
    by_sni = Counter(
        (_or_unknown(industry), RETURNING if company in before else NEW)
        for company, industry in companies.items()
    )
    district_rows = sorted(by_district, key=lambda row: (row[0] == UNKNOWN, str(row[0])))
    sni_rows = sorted({k[:1] for k in by_sni}, key=lambda row: (row[0] == UNKNOWN, str(row[0])))
    return [
        Stat(
            name="cafes_held",
            row_dims=("district",),
            col_dim="count_of",
            table=Table(
                rows=district_rows,
                cols=[CAFES],
                cells={(row, CAFES): n for row, n in by_district.items()},
            ),
            persons=False,
        ),
        Stat(
            name="companies_by_sni",
            row_dims=("sni_section",),
            col_dim="host",
            table=Table(
                rows=sni_rows,
                cols=[NEW, RETURNING],
                cells={((sni,), kind): n for (sni, kind), n in by_sni.items()},
            ),
            persons=False,
        ),
    ]


@dataclass(frozen=True)
class _Attendance:
    person: int
    gender: str
    birth_year: int | None
    district: str
    years_in_sweden: str
    work_status: str
    work_status_at_intake: str
    referral_source: str


def _attendees(partnership: Partnership, start: date, end: date) -> list[_Attendance]:
    """Every attendance (a registration checked in as attended) at a café of the period,
    slim, in one query."""
    rows = Registration.objects.filter(
        cafe__partnership=partnership,
        cafe__starts_at__date__range=(start, end),
        attendance=Registration.Attendance.ATTENDED,
    ).values_list(
        "person_id",
        "person__gender",
        "person__birth_year",
        "person__district__name",
        "person__years_in_sweden",
        "person__work_status",
        "person__work_status_at_intake",
        "person__referral_source",
    )
    return [
        _Attendance(
            person=person,
            gender=_gender(gender),
            birth_year=birth_year,
            district=_or_unknown(district),
            years_in_sweden=_or_unknown(years),
            work_status=_or_unknown(work),
            work_status_at_intake=_or_unknown(intake),
            referral_source=_or_unknown(referral),
        )
        for person, gender, birth_year, district, years, work, intake, referral in rows
    ]


def _participants(attendances: list[_Attendance], end: date) -> list[Stat]:
    """Unique persons who attended a café of the period (age at the period's end), their
    attendances, their status towards work or studies and how they found us.

    Outcomes ("närma sig arbete eller studier"): the status towards work or studies the
    register holds now (the latest, updated at the follow-ups) beside the one recorded first
    (at intake), for the same persons."""
    people = list({a.person: a for a in attendances}.values())

    def count(*dims: str) -> Counter[tuple[Any, ...]]:
        return Counter(tuple(getattr(a, d) for d in dims) for a in people)

    by_age = Counter((_age(a.birth_year, end), a.gender) for a in people)
    return [
        _stat("participants_by_age", ("age_band",), _gender_table(by_age, AGE_ROWS)),
        _stat(
            "attendances",
            (),
            _gender_table(Counter((a.gender,) for a in attendances), [()]),
        ),
        _stat(
            "participants_by_district", ("district",), _gender_table(count("district", "gender"))
        ),
        _stat(
            "participants_by_years_in_sweden",
            ("years_in_sweden",),
            _gender_table(count("years_in_sweden", "gender"), _choice_rows(Person.YearsInSweden)),
        ),
        _stat(
            "outcomes_at_intake",
            ("work_status_at_intake",),
            _gender_table(
                count("work_status_at_intake", "gender"), _choice_rows(Person.WorkStatus)
            ),
        ),
        _stat(
            "outcomes",
            ("work_status",),
            _gender_table(count("work_status", "gender"), _choice_rows(Person.WorkStatus)),
        ),
        _stat(
            "referral_sources",
            ("referral_source",),
            _gender_table(count("referral_source", "gender"), _choice_rows(Person.ReferralSource)),
        ),
    ]


def _friends(partnership: Partnership, start: date, end: date) -> list[Stat]:
    """Language friends recruited in the period (their profile made then): by age band,
    language (once per language they speak; "unknown" for none given) and education level.
    Two queries."""
    friends = list(
        LanguageFriend.objects.filter(
            person__partnership=partnership, created_at__date__range=(start, end)
        ).values_list(
            "person_id",
            "person__gender",
            "person__birth_year",
            "person__education_level_id",
            "person__education_level__name_sv",
        )
    )
    ids = [person for person, *_rest in friends]
    spoken: dict[int, set[str]] = defaultdict(set)
    language_names: dict[Hashable, str] = {}
    for person, code, name in Person.languages.through.objects.filter(
        person_id__in=ids
    ).values_list("person_id", "language_id", "language__name_sv"):
        spoken[person].add(code)
        language_names[code] = name
    education_names: dict[Hashable, str] = {
        code: name for _p, _g, _b, code, name in friends if code is not None
    }
    by_age: Counter[tuple[Any, ...]] = Counter()
    by_language: Counter[tuple[Any, ...]] = Counter()
    by_education: Counter[tuple[Any, ...]] = Counter()
    for person, gender, birth_year, education, _name in friends:
        gender = _gender(gender)
        by_age[(_age(birth_year, end), gender)] += 1
        by_education[(_or_unknown(education), gender)] += 1
        for code in spoken.get(person) or {UNKNOWN}:
            by_language[(code, gender)] += 1
    return [
        _stat("friends_by_age", ("age_band",), _gender_table(by_age, AGE_ROWS)),
        _stat("friends_by_language", ("language",), _gender_table(by_language), language_names),
        _stat(
            "friends_by_education",
            ("education_level",),
            _gender_table(by_education),
            education_names,
        ),
    ]


def _duration_band(started: datetime, ended: datetime) -> str:
    months = (ended - started).days / DAYS_PER_MONTH
    for name, low, high in DURATION_BANDS:
        if months >= low and (high is None or months < high):
            return name
    return DURATION_BANDS[0][0]  # ended before it started: a data slip, counted as short


def _pairs(partnership: Partnership, start: date, end: date) -> list[Stat]:
    """Pairs (ever confirmed) by the participant's gender: started (confirmed) in the
    period; active at its end (confirmed by then and not ended by then); ended in the
    period, by end reason and by duration band (months from confirmed to ended). A proposal
    never confirmed is not a pair here. One query."""
    rows = Pair.objects.filter(
        partnership=partnership, confirmed_at__isnull=False, confirmed_at__date__lte=end
    ).values_list("confirmed_at", "ended_at", "end_reason", "participant__gender")
    started: Counter[tuple[Any, ...]] = Counter()
    active: Counter[tuple[Any, ...]] = Counter()
    ended: Counter[tuple[Any, ...]] = Counter()
    duration: Counter[tuple[Any, ...]] = Counter()
    for confirmed_at, ended_at, reason, gender in rows:
        gender = _gender(gender)
        if _in(confirmed_at, start, end):
            started[(gender,)] += 1
        ended_on = _day(ended_at)
        if ended_on is None or ended_on > end:
            active[(gender,)] += 1
        elif ended_on >= start and ended_at is not None and confirmed_at is not None:
            ended[(_or_unknown(reason), gender)] += 1
            duration[(_duration_band(confirmed_at, ended_at), gender)] += 1
    return [
        _stat("pairs_started", (), _gender_table(started, [()])),
        _stat("pairs_active", (), _gender_table(active, [()])),
        _stat("pairs_ended", ("end_reason",), _gender_table(ended, _choice_rows(Pair.EndReason))),
        _stat(
            "pairs_duration",
            ("months",),
            _gender_table(duration, [(name,) for name, _low, _high in DURATION_BANDS]),
        ),
    ]


def _volunteer_hours(partnership: Partnership, start: date, end: date) -> Decimal:
    """Volunteers' hours at the cafés held in the period: those logged, or the café's length
    plus preparation when none are (vises.cafes.checkin.selectors.volunteer_hours). A sum,
    not a count of persons: never suppressed. One query."""
    assignments = CafeVolunteer.objects.filter(
        cafe__partnership=partnership,
        cafe__status__in=HELD,
        cafe__starts_at__date__range=(start, end),
    ).select_related("cafe")
    return sum((volunteer_hours(a) for a in assignments), Decimal("0.00"))


# Recruitment against targets ---------------------------------------------------------------

# Where the friends recruited of each dimension's groups are counted: the table and whether a
# group is one of its rows (its row total) or one of its columns (the column total).
TARGET_TABLES = {
    RecruitmentTarget.Dimension.LANGUAGE: ("friends_by_language", "row"),
    RecruitmentTarget.Dimension.AGE: ("friends_by_age", "row"),
    RecruitmentTarget.Dimension.EDUCATION: ("friends_by_education", "row"),
    RecruitmentTarget.Dimension.GENDER: ("friends_by_age", "col"),
}


@dataclass(frozen=True)
class TargetLine:
    """One target beside the language friends of its group recruited in the period, as the
    table of that group shows them (hidden there, hidden here)."""

    dimension: str
    group: str
    label: str
    target: int
    reached: Count

    @property
    def dimension_label(self) -> str:
        return str(RecruitmentTarget.Dimension(self.dimension).label)

    @property
    def to_go(self) -> int | None:
        """How many more are needed (0 when reached); None when the count is hidden."""
        if self.reached.value is None:
            return None
        return max(self.target - self.reached.value, 0)


def against_targets(
    tables: Mapping[str, SuppressedTable], targets: Mapping[tuple[str, str], int]
) -> list[TargetLine]:
    """Each target beside its count from the published `tables` (exact or suppressed, the
    same ones the page or report shows), in the order language, age, gender, education, and
    within each in the order of its groups (languages by name, bands by age)."""
    order = list(RecruitmentTarget.Dimension.values)
    # The groups' names in their order, one query per dimension used.
    used = dict.fromkeys(dimension for dimension, _group in targets)
    labels = {dimension: dict(target_groups(dimension)) for dimension in used}

    def place(key: tuple[str, str]) -> tuple[int, int, str]:
        dimension, group = key
        groups = list(labels[dimension])
        return (
            order.index(dimension),
            groups.index(group) if group in groups else len(groups),
            group,
        )

    lines = []
    for (dimension, group), target in sorted(targets.items(), key=lambda item: place(item[0])):
        name, axis = TARGET_TABLES[RecruitmentTarget.Dimension(dimension)]
        table = tables[name]
        if axis == "row":
            totals = table.row_totals or {}
            reached = totals.get((group,), Count(value=0))
        else:
            totals = table.col_totals or {}
            reached = totals.get(group, Count(value=0))
        lines.append(
            TargetLine(
                dimension=dimension,
                group=group,
                label=labels[dimension].get(group, group),
                target=target,
                reached=reached,
            )
        )
    return lines
