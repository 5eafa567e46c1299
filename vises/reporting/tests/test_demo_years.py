"""`vises demo` fills five years of activity (issue 12, point 10): every table, chart and report
has content in each of the last five calendar years, and the steering group has a year with two
meetings and a year with one."""

from __future__ import annotations

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from vises.cafes.models import Cafe
from vises.matching.models import Pair
from vises.partnerships.models import Partnership
from vises.reporting.statistics import statistics
from vises.steering.models import SteeringMeeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings) -> Partnership:
    settings.VISES_DEV = True
    settings.VISES_DEMO_PASSWORD = "a-demo-password-for-tests"
    with translation.override("en"):
        call_command("demo", stdout=StringIO())
    return Partnership.objects.get()


def totals(partnership: Partnership, year: int) -> dict[str, int]:
    report = statistics(partnership=partnership, start=date(year, 1, 1), end=date(year, 12, 31))
    names = ("cafes_held", "attendances", "friends_by_age", "pairs_started", "pairs_ended")
    return {name: sum(report[name].cells.values()) for name in names}


def test_each_of_the_last_five_years_has_cafes_attendances_friends_and_pairs(demo):
    this_year = timezone.localdate().year

    for year in range(this_year - 4, this_year + 1):
        counted = totals(demo, year)
        assert counted["cafes_held"] >= 4, (year, counted)
        assert counted["attendances"] >= 20, (year, counted)
        assert counted["friends_by_age"] >= 1, (year, counted)
        assert counted["pairs_started"] >= 1, (year, counted)
    for year in range(this_year - 4, this_year):
        assert Cafe.objects.filter(starts_at__year=year).count() == 6


def test_a_year_with_two_steering_meetings_and_a_year_with_one(demo):
    this_year = timezone.localdate().year
    per_year = Counter(
        timezone.localtime(moment).year
        for moment in SteeringMeeting.objects.values_list("starts_at", flat=True)
    )

    assert per_year[this_year - 2] == 2
    assert per_year[this_year - 1] == 1


def test_the_history_is_loaded_once(demo, settings):
    cafes, pairs = Cafe.objects.count(), Pair.objects.count()

    with translation.override("en"):
        call_command("demo", stdout=StringIO())

    assert (Cafe.objects.count(), Pair.objects.count()) == (cafes, pairs)
