"""The statistics service against a small hand-counted world (issue 12, point 2)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vises.cafes.models import Cafe, Registration
from vises.cafes.tests.factories import CafeFactory, CafeVolunteerFactory, RegistrationFactory
from vises.common.suppression import Hidden
from vises.companies.models import IndustrySection
from vises.companies.tests.factories import CompanyFactory
from vises.matching.models import Pair
from vises.matching.tests.factories import PairFactory
from vises.people.models import EducationLevel, LanguageFriend, Person
from vises.people.tests.factories import DistrictFactory, LanguageFriendFactory, PersonFactory
from vises.reporting.statistics import UNKNOWN, label, published, statistics

pytestmark = pytest.mark.django_db

START, END = date(2025, 1, 1), date(2025, 12, 31)
W, M, OTHER, U = "woman", "man", "other", UNKNOWN


def at(y: int, m: int, d: int, h: int = 12, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(y, m, d, h, minute))


def cafe(company, starts_at, status=Cafe.Status.HELD):
    return CafeFactory.create(
        company=company, partnership=company.partnership, starts_at=starts_at, status=status
    )


def attended(cafe_, person, attendance=Registration.Attendance.ATTENDED):
    return RegistrationFactory.create(cafe=cafe_, person=person, attendance=attendance)


def friend(partnership, created_at, **person):
    made = LanguageFriendFactory.create(person__partnership=partnership, **person)
    LanguageFriend.objects.filter(pk=made.pk).update(created_at=created_at)
    return made.person


@pytest.fixture
def world(partnership):
    """The hand-counted world; each count in the tests below is worked out from here."""
    centrum = DistrictFactory.create(partnership=partnership, name="Centrum")
    sni_c = IndustrySection.objects.get(code="C")
    sni_j = IndustrySection.objects.get(code="J")
    a = CompanyFactory.create(partnership=partnership, industry=sni_c, district=centrum)
    b = CompanyFactory.create(partnership=partnership, industry=sni_j, district=None)
    before = cafe(a, at(2024, 11, 10))  # makes A a returning host
    first = cafe(a, at(2025, 1, 1, 0, 5))  # the period's first day
    last = cafe(b, at(2025, 12, 31, 18), Cafe.Status.FOLLOWED_UP)  # its last day
    after = cafe(b, at(2026, 1, 1, 10))
    cafe(a, at(2025, 6, 1), Cafe.Status.CANCELLED)

    def person(**fields):
        return PersonFactory.create(partnership=partnership, **fields)

    p1 = person(
        gender=W,
        birth_year=1990,
        district=centrum,
        years_in_sweden="3-5",
        work_status="seeking",
        referral_source="cafe",
    )
    p2 = person(gender=M, birth_year=2003)  # 22 at the period's end
    p3 = person(gender=Person.Gender.UNDISCLOSED, birth_year=None)
    p4 = person(gender=W)
    p5 = person(gender=W)
    attended(first, p1)
    attended(last, p1)
    attended(last, p2)
    attended(first, p3)
    attended(first, p4, Registration.Attendance.NO_SHOW)
    attended(before, p5)
    attended(after, p5)

    education = EducationLevel.objects.order_by("code").first()
    f1 = friend(
        partnership,
        at(2025, 3, 1),
        person__gender=W,
        person__birth_year=1980,
        person__education_level=education,
    )
    f1.languages.add("sv", "ar")
    friend(partnership, at(2025, 12, 31, 23, 30), person__gender=OTHER, person__birth_year=2000)
    friend(partnership, at(2024, 12, 31, 23, 30), person__gender=M)

    PairFactory.create(participant=p1, status=Pair.Status.ACTIVE, confirmed_at=at(2025, 2, 1))
    PairFactory.create(
        participant=p2,
        status=Pair.Status.ENDED,
        confirmed_at=at(2024, 6, 1),
        ended_at=at(2025, 3, 1),
        end_reason=Pair.EndReason.COMPLETED,
    )
    PairFactory.create(
        participant=p3,
        status=Pair.Status.ENDED,
        confirmed_at=at(2025, 4, 1),
        ended_at=at(2026, 2, 1),
        end_reason=Pair.EndReason.MOVED,
    )
    PairFactory.create(
        participant=p4,
        status=Pair.Status.ENDED,
        confirmed_at=at(2024, 1, 1),
        ended_at=at(2024, 12, 1),
        end_reason=Pair.EndReason.LEFT,
    )
    PairFactory.create(
        participant=p5,
        status=Pair.Status.ENDED,
        ended_at=at(2025, 5, 1),
        end_reason=Pair.EndReason.DECLINED,
    )

    CafeVolunteerFactory.create(cafe=first, hours=Decimal("2.50"))
    CafeVolunteerFactory.create(cafe=last, hours=None)  # 1.5 h + 60 min preparation
    CafeVolunteerFactory.create(cafe=before, hours=Decimal("3"))
    CafeVolunteerFactory.create(cafe=after, hours=Decimal("3"))
    return {"education": education.code}


def cells(table) -> dict:
    return {key: n for key, n in table.cells.items() if n}


def test_cafes_and_companies(partnership, world):
    report = statistics(partnership=partnership, start=START, end=END)
    assert cells(report["cafes_held"]) == {(("Centrum",), "cafes"): 1, ((U,), "cafes"): 1}
    assert cells(report["companies_by_sni"]) == {(("C",), "returning"): 1, (("J",), "new"): 1}


def test_participants(partnership, world):
    report = statistics(partnership=partnership, start=START, end=END)
    assert report["participants_by_age"].cols == [W, M, OTHER, U]
    assert cells(report["participants_by_age"]) == {
        (("35–44",), W): 1,
        (("–24",), M): 1,
        ((U,), U): 1,
    }
    assert cells(report["attendances"]) == {((), W): 2, ((), M): 1, ((), U): 1}
    assert cells(report["participants_by_district"]) == {
        (("Centrum",), W): 1,
        ((U,), M): 1,
        ((U,), U): 1,
    }
    assert cells(report["participants_by_years_in_sweden"]) == {
        (("3-5",), W): 1,
        ((U,), M): 1,
        ((U,), U): 1,
    }
    assert cells(report["outcomes"]) == {(("seeking",), W): 1, ((U,), M): 1, ((U,), U): 1}
    # The factory writes no status at intake (the services do): "uppgift saknas" for all three.
    assert cells(report["outcomes_at_intake"]) == {((U,), W): 1, ((U,), M): 1, ((U,), U): 1}
    assert cells(report["referral_sources"]) == {
        (("cafe",), W): 1,
        (("self",), M): 1,
        (("self",), U): 1,
    }


def test_outcomes_compare_the_status_at_intake_with_the_latest(partnership):
    """The agreement's aim that the participants "närma sig arbete eller studier": the same
    persons by the status recorded first and by the one the register holds now."""
    company = CompanyFactory.create(partnership=partnership)
    held = cafe(company, at(2025, 3, 3))
    for intake, now, gender in [
        ("sfi", "studying", W),
        ("sfi", "sfi", W),
        ("seeking", "working", M),
        ("", "working", W),
    ]:
        attended(
            held,
            PersonFactory.create(
                partnership=partnership,
                gender=gender,
                work_status=now,
                work_status_at_intake=intake,
            ),
        )

    report = statistics(partnership=partnership, start=START, end=END)

    assert cells(report["outcomes_at_intake"]) == {
        (("sfi",), W): 2,
        (("seeking",), M): 1,
        ((U,), W): 1,
    }
    assert cells(report["outcomes"]) == {
        (("studying",), W): 1,
        (("sfi",), W): 1,
        (("working",), M): 1,
        (("working",), W): 1,
    }


def test_friends(partnership, world):
    report = statistics(partnership=partnership, start=START, end=END)
    assert cells(report["friends_by_age"]) == {(("45–64",), W): 1, (("25–34",), OTHER): 1}
    assert cells(report["friends_by_language"]) == {
        (("ar",), W): 1,
        (("sv",), W): 1,
        ((U,), OTHER): 1,
    }
    assert cells(report["friends_by_education"]) == {
        ((world["education"],), W): 1,
        ((U,), OTHER): 1,
    }


def test_pairs_and_hours(partnership, world):
    report = statistics(partnership=partnership, start=START, end=END)
    assert cells(report["pairs_started"]) == {((), W): 1, ((), U): 1}
    assert cells(report["pairs_active"]) == {((), W): 1, ((), U): 1}
    assert cells(report["pairs_ended"]) == {(("completed",), M): 1}
    assert cells(report["pairs_duration"]) == {(("6-12",), M): 1}
    assert report.sums["volunteer_hours"] == Decimal("5.00")


def test_the_period_boundaries(partnership, world):
    """A day later at the start and a day earlier at the end drop the boundary cafés and
    the friend recruited late on the last day."""
    report = statistics(partnership=partnership, start=date(2025, 1, 2), end=date(2025, 12, 30))
    assert cells(report["cafes_held"]) == {}
    assert cells(report["attendances"]) == {}
    assert cells(report["friends_by_age"]) == {(("45–64",), W): 1}
    one_day = statistics(partnership=partnership, start=END, end=END)
    assert cells(one_day["cafes_held"]) == {((U,), "cafes"): 1}
    assert cells(one_day["friends_by_age"]) == {(("25–34",), OTHER): 1}


def test_an_empty_period_gives_empty_tables(partnership):
    report = statistics(partnership=partnership, start=START, end=END)
    assert all(not cells(stat.table) for stat in report.stats.values())
    assert report["participants_by_age"].rows[-1] == (U,)
    assert report.sums["volunteer_hours"] == Decimal("0.00")


def test_a_period_ending_before_it_starts_is_refused(partnership):
    with pytest.raises(ValidationError) as refused:
        statistics(partnership=partnership, start=END, end=START)
    assert refused.value.messages == ["Perioden slutar innan den börjar."]


def test_unknown_is_labelled_uppgift_saknas():
    assert label("gender", UNKNOWN) == "uppgift saknas"
    assert label("gender", W) == "Kvinna"


def test_other_partnerships_are_not_counted(partnership, world):
    from vises.partnerships.tests.factories import PartnershipFactory

    other = PartnershipFactory.create()
    report = statistics(partnership=other, start=START, end=END)
    assert all(not cells(stat.table) for stat in report.stats.values())


def _crowd(partnership, n: int) -> None:
    company = CompanyFactory.create(partnership=partnership)
    held = cafe(company, at(2025, 5, 5))
    for i in range(n):
        person = PersonFactory.create(partnership=partnership, gender=[W, M][i % 2])
        attended(held, person)
        friend(partnership, at(2025, 5, 1)).languages.add("sv")
        PairFactory.create(
            participant=person, status=Pair.Status.ACTIVE, confirmed_at=at(2025, 5, 6)
        )
        CafeVolunteerFactory.create(cafe=held, hours=None)


def _queries(partnership) -> int:
    with CaptureQueriesContext(connection) as captured:
        statistics(partnership=partnership, start=START, end=END)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_data(partnership):
    from vises.partnerships.tests.factories import PartnershipFactory

    _crowd(partnership, 2)
    bigger = PartnershipFactory.create()
    _crowd(bigger, 6)
    assert _queries(partnership) == _queries(bigger) == 8


def test_published_suppressed_hides_small_counts(partnership, world):
    report = statistics(partnership=partnership, start=START, end=END)
    hidden = published(report, suppressed=True)
    ages = hidden.stats["participants_by_age"]
    assert ages.table.cells[(("35–44",), W)].value is None
    assert ages.table.cells[(("35–44",), W)].hidden is Hidden.SMALL
    for stat in hidden.stats.values():
        if stat.persons:
            assert all(c.value is None or not 0 < c.value < 5 for c in stat.table.cells.values())
    # cafés and companies are not persons: shown as they are
    assert hidden.stats["cafes_held"].table.cells[(("Centrum",), "cafes")].value == 1
    assert hidden.sums["volunteer_hours"] == Decimal("5.00")
    exact = published(report, suppressed=False)
    assert exact.stats["participants_by_age"].table.cells[(("35–44",), W)].value == 1
    assert exact.stats["attendances"].table.grand_total.value == 4
    assert {"age_band": "35–44", "gender": W, "count": None, "suppressed": True} in (ages.records())
