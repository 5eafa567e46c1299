"""Recruitment targets for language friends (issue 12, point 2: "language friends recruited by
gender, age band, language and education against targets").

The agreement wants "en jämn tillströmning av språkvänner både avseende språk, ålder, kön och
utbildningsnivå" (seeds/001); a partnership sets a yearly target per group, and the statistics
set the friends recruited beside it.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vises.common.models import AuditEvent
from vises.matching.models import RecruitmentTarget
from vises.matching.selectors.balance import balance_gaps, balance_rows
from vises.matching.services.targets import target_set
from vises.partnerships.access import Role
from vises.reporting.dashboards import dashboard
from vises.reporting.statistics import published, statistics
from vises.reporting.tests.test_dashboard import Tables
from vises.reporting.tests.test_statistics import at, friend

pytestmark = pytest.mark.django_db

LANGUAGE, AGE, GENDER, EDUCATION = RecruitmentTarget.Dimension


@pytest.fixture
def staff(member):
    return member(Role.COORDINATOR).user


@pytest.fixture
def recruited(partnership):
    """2025: two friends who speak Tigrinya (a woman born 1990, 35 at the year's end; a man
    born 1992, 33), one woman who speaks Arabic (born 1960); 2024: one more Tigrinya
    speaker."""
    friend(partnership, at(2025, 2, 1), person__gender="woman", person__birth_year=1990)
    friend(partnership, at(2025, 3, 1), person__gender="man", person__birth_year=1992)
    friend(partnership, at(2025, 4, 1), person__gender="woman", person__birth_year=1960)
    friend(partnership, at(2024, 4, 1), person__gender="woman", person__birth_year=1990)
    people = list(partnership.persons.order_by("pk"))
    for person in people[:2] + people[3:]:
        person.languages.add("ti")
    people[2].languages.add("ar")
    return partnership


def _set(partnership, staff, dimension, group, friends, year=2025):
    return target_set(
        partnership=partnership,
        year=year,
        dimension=dimension,
        group=group,
        friends=friends,
        actor=staff,
    )


def _targets(partnership):
    return list(
        RecruitmentTarget.objects.filter(partnership=partnership)
        .order_by("year", "dimension", "group")
        .values_list("year", "dimension", "group", "friends")
    )


def test_a_target_is_set_changed_and_removed_with_zero_and_each_change_is_audited(
    partnership, staff
):
    _set(partnership, staff, LANGUAGE, "ti", 5)
    _set(partnership, staff, LANGUAGE, "ti", 6)
    _set(partnership, staff, LANGUAGE, "ti", 6)  # the same number: nothing to record
    _set(partnership, staff, GENDER, "man", 4)
    assert _targets(partnership) == [(2025, "gender", "man", 4), (2025, "language", "ti", 6)]

    assert _set(partnership, staff, LANGUAGE, "ti", 0) is None
    assert _set(partnership, staff, AGE, "25–34", 0) is None  # none to remove: nothing happens

    assert _targets(partnership) == [(2025, "gender", "man", 4)]
    assert list(
        AuditEvent.objects.filter(action__startswith="matching.recruitmenttarget")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "matching.recruitmenttarget.set",
        "matching.recruitmenttarget.set",
        "matching.recruitmenttarget.set",
        "matching.recruitmenttarget.removed",
    ]


@pytest.mark.parametrize(
    ("year", "dimension", "group", "friends", "field", "message"),
    [
        (1999, LANGUAGE, "ti", 5, "year", "Ange ett år från 2000 till 2100."),
        (2025, "religion", "x", 5, "dimension", "Välj språk, ålder, kön eller utbildning."),
        (2025, LANGUAGE, "xx", 5, "group", "Välj en av grupperna i listan."),
        (2025, GENDER, "unknown", 5, "group", "Välj en av grupperna i listan."),
        (2025, LANGUAGE, "ti", -1, "friends", "Antalet språkvänner kan inte vara negativt."),
    ],
)
def test_bad_input_is_refused_in_swedish_and_nothing_changes(
    partnership, staff, year, dimension, group, friends, field, message
):
    _set(partnership, staff, LANGUAGE, "ti", 5)

    with pytest.raises(ValidationError) as refused:
        _set(partnership, staff, dimension, group, friends, year=year)

    assert refused.value.message_dict == {field: [message]}
    assert _targets(partnership) == [(2025, "language", "ti", 5)]


def test_the_year_s_targets_stand_beside_the_friends_recruited_in_it(recruited, staff):
    for dimension, group, friends in [
        (LANGUAGE, "ti", 5),
        (LANGUAGE, "so", 2),
        (AGE, "25–34", 2),
        (GENDER, "woman", 3),
        (EDUCATION, "6", 1),
    ]:
        _set(recruited, staff, dimension, group, friends)
    _set(recruited, staff, LANGUAGE, "ar", 9, year=2024)  # another year: not in 2025's

    report = statistics(partnership=recruited, start=date(2025, 1, 1), end=date(2025, 12, 31))
    lines = published(report, suppressed=False).against_targets()

    assert [
        (line.dimension_label, line.label, line.target, line.reached.value, line.to_go)
        for line in lines
    ] == [
        ("Språk", "somaliska", 2, 0, 2),
        ("Språk", "tigrinja", 5, 2, 3),
        ("Ålder", "25–34 år", 2, 1, 1),
        ("Kön", "Kvinna", 3, 2, 1),
        ("Utbildning", "Eftergymnasial utbildning 3 år eller längre", 1, 0, 1),
    ]


def test_the_municipal_role_sees_the_recruited_suppressed_as_in_the_table_and_no_rest(
    recruited, staff
):
    _set(recruited, staff, LANGUAGE, "ti", 5)
    report = statistics(partnership=recruited, start=date(2025, 1, 1), end=date(2025, 12, 31))
    publication = published(report, suppressed=True)

    (line,) = publication.against_targets()
    row_total = publication.stats["friends_by_language"].table.row_totals[("ti",)]
    assert (line.reached, line.to_go) == (row_total, None)
    assert line.reached.value is None  # 2 recruited: shown as "<5"


def test_a_period_over_two_years_has_no_targets(recruited, staff):
    _set(recruited, staff, LANGUAGE, "ti", 5)

    report = statistics(partnership=recruited, start=date(2024, 7, 1), end=date(2025, 6, 30))

    assert report.targets == {}


def _page(client, partnership, year=2025):
    return client.get(f"/p/{partnership.slug}/statistics/targets/?year={year}")


def _post(client, partnership, dimension, group, friends, year=2025):
    return client.post(
        f"/p/{partnership.slug}/statistics/targets/set/",
        {
            "dimension": dimension,
            f"{dimension}-year": year,
            f"{dimension}-dimension": dimension,
            f"{dimension}-group": group,
            f"{dimension}-friends": friends,
        },
    )


def test_the_coordinator_sets_a_target_on_the_page_and_sees_it_beside_the_recruited(
    recruited, client_for
):
    client = client_for(Role.COORDINATOR)

    response = _post(client, recruited, LANGUAGE, "ti", 5)

    assert response.status_code == 302
    assert response["Location"] == f"/p/{recruited.slug}/statistics/targets/?year=2025"
    page = _page(client, recruited)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Målet är sparat." in html
    table = Tables(html).tables["Mål 2025 och rekryterade språkvänner"]
    assert table[1] == ["Språk: tigrinja", "5", "2", "3", "Ta bort målet för tigrinja"]
    # One form per dimension to set another.
    for heading in ("Ett mål efter språk", "Ett mål efter ålder", "Ett mål efter kön"):
        assert heading in html


def test_a_refused_target_shows_the_page_again_with_the_message_and_keeps_the_others(
    recruited, client_for
):
    client = client_for(Role.COORDINATOR)
    _post(client, recruited, LANGUAGE, "ti", 5)

    response = _post(client, recruited, GENDER, "woman", -2)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Kontrollera att detta värde är större än eller lika med 0." in html
    assert 'value="-2"' in html  # what was typed is kept
    assert _targets(recruited) == [(2025, "language", "ti", 5)]


def test_removing_a_target_on_the_page(recruited, client_for):
    client = client_for(Role.COORDINATOR)
    _post(client, recruited, LANGUAGE, "ti", 5)

    assert _post(client, recruited, LANGUAGE, "ti", 0).status_code == 302

    assert _targets(recruited) == []
    html = _page(client, recruited).content.decode()
    assert "Målet är borttaget." in html
    assert "Inga mål är satta för 2025." in html


def test_the_municipal_officer_reads_the_targets_suppressed_and_cannot_set_them(
    recruited, client_for, staff
):
    _set(recruited, staff, LANGUAGE, "ti", 5)
    client = client_for(Role.MUNICIPAL)

    page = _page(client, recruited)

    assert page.status_code == 200
    html = page.content.decode()
    table = Tables(html).tables["Mål 2025 och rekryterade språkvänner"]
    # As the table of friends by language shows the row of Tigrinya (2 recruited: hidden).
    shown = Tables(
        client.get(
            f"/p/{recruited.slug}/statistics/?start=2025-01-01&end=2025-12-31"
        ).content.decode()
    ).tables["Rekryterade språkvänner, efter språk, 2025"]
    (tigrinya,) = [row for row in shown if row[0] == "tigrinja"]
    assert tigrinya[-1] in ("<5", "..")
    assert table[1] == ["Språk: tigrinja", "5", tigrinya[-1], "–"]
    assert "Ett mål efter språk" not in html
    assert _post(client, recruited, LANGUAGE, "ti", 9).status_code == 403
    assert _targets(recruited) == [(2025, "language", "ti", 5)]


def test_the_dashboard_shows_the_targets_of_its_year(recruited, client_for, staff):
    _set(recruited, staff, GENDER, "man", 4)
    client = client_for(Role.COORDINATOR)

    html = client.get(
        f"/p/{recruited.slug}/statistics/?start=2025-01-01&end=2025-12-31"
    ).content.decode()

    assert "Språkvänner rekryterade mot målen" in html
    table = Tables(html).tables["Mål 2025 och rekryterade språkvänner"]
    assert table[1] == ["Kön: Man", "4", "1", "3"]


def test_the_targets_page_reads_the_same_number_of_queries_for_4_and_15_targets(
    recruited, client_for, staff
):
    client = client_for(Role.COORDINATOR)
    # One of each dimension from the start: the groups' names are read once per dimension.
    _set(recruited, staff, LANGUAGE, "ti", 5)
    _set(recruited, staff, AGE, "65–", 1)
    _set(recruited, staff, GENDER, "man", 1)
    _set(recruited, staff, EDUCATION, "5", 1)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert _page(client, recruited).status_code == 200
        return len(captured)

    few = queries()
    for code in ("ar", "so", "fa", "uk", "sv", "en"):
        _set(recruited, staff, LANGUAGE, code, 3)
    for band in ("–24", "25–34", "35–44"):
        _set(recruited, staff, AGE, band, 2)
    _set(recruited, staff, GENDER, "other", 1)
    _set(recruited, staff, EDUCATION, "6", 1)
    friend(recruited, at(2025, 6, 1), person__gender="other")

    assert queries() == few


def test_the_balance_of_a_run_shows_each_target_and_says_when_the_pool_has_none_of_a_group():
    report = {
        "language": {"ti": {"waiting": 3, "proposed": 0, "friends": 0, "places": 0}},
        "gender": {"woman": {"waiting": 3, "proposed": 0, "friends": 2, "places": 2}},
        "totals": {"waiting": 3, "proposed": 0, "friends": 2, "places": 2},
    }
    targets = {("language", "ti"): 4, ("language", "so"): 1, ("gender", "woman"): 2}

    rows = balance_rows(report, targets=targets)

    assert [(row.group, row.waiting, row.friends, row.target) for row in rows["language"]] == [
        ("tigrinja", 3, 0, 4),
        ("somaliska", 0, 0, 1),
    ]
    assert [(row.group, row.target) for row in rows["gender"]] == [("Kvinna", 2)]
    gaps = balance_gaps(report, targets, 2026)
    assert gaps[:2] == [
        "Målet för 2026 är 1 språkvän i gruppen somaliska; det finns ingen i poolen",
        "Målet för 2026 är 4 språkvänner i gruppen tigrinja; det finns ingen i poolen",
    ]
    assert not any("Kvinna" in gap for gap in gaps)  # two women are in the pool


def test_dashboard_and_targets_page_hide_the_same_counts(recruited, staff):
    """Both read the same suppressed tables (with the previous year), so a municipal reader
    cannot put the two pages together to recover what one of them hides."""
    _set(recruited, staff, LANGUAGE, "ti", 5)
    _set(recruited, staff, LANGUAGE, "ar", 2)

    board = dashboard(
        partnership=recruited, start=date(2025, 1, 1), end=date(2025, 12, 31), suppressed=True
    )
    totals = board.table("friends_by_language").current.table.row_totals

    assert [(line.group, line.reached) for line in board.targets] == [
        ("ar", totals[("ar",)]),
        ("ti", totals[("ti",)]),
    ]
