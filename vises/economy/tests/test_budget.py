"""The budget per calendar year, exact to the öre.

"För varje nytt kalenderår justeras kostnaderna för pris- och löneutveckling med 2%."
(seeds/001_4c89f7ac864d56f0.txt, "Ekonomi"): each line is its 2022 amount × 1.02^(year −
2022), rounded half-up to the öre; every total is the sum of the rounded lines.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from vises.economy.budget import budget_for_year, organisation_minimum

AGREEMENT_TABLE = [
    ("projektledare", "municipality", "cash", Decimal("600000")),
    ("volontärer", "organisation", "in_kind", Decimal("306000")),
    ("lokaler", "organisation", "in_kind", Decimal("167000")),
    ("oh-kostnader", "organisation", "in_kind", Decimal("37000")),
    ("marknadsföring och aktiviteter", "organisation", "in_kind", Decimal("46000")),
]


def by_the_rule(amount: Decimal, year: int) -> Decimal:
    return (amount * Decimal("1.02") ** (year - 2022)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@pytest.mark.parametrize("year", range(2022, 2028))
def test_every_line_share_and_total_follow_the_rule(year):
    budget = budget_for_year(year)
    expected = [(c, p, k, by_the_rule(a, year)) for c, p, k, a in AGREEMENT_TABLE]

    assert [(ln.category, ln.payer, ln.kind, ln.amount) for ln in budget.lines] == expected
    assert budget.municipality == expected[0][3]
    assert budget.organisation == sum(line[3] for line in expected[1:])
    assert budget.total == sum(line[3] for line in expected)
    assert budget.total == budget.municipality + budget.organisation
    assert organisation_minimum(year) == budget.organisation


def test_2022_is_the_agreements_table():
    budget = budget_for_year(2022)

    assert budget.total == Decimal("1156000.00")  # "beräknas till 1 156 000 kronor per kalenderår"
    assert budget.municipality == Decimal("600000.00")  # "projektledartjänst om 600 000 kronor"
    assert budget.organisation == Decimal("556000.00")  # "till ett värde av minst 556 000 kronor"


def test_2024_literally():
    budget = budget_for_year(2024)

    assert budget.as_json() == {
        "year": 2024,
        "total": "1202702.40",
        "municipality": "624240.00",
        "organisation": "578462.40",
        "lines": [
            {
                "category": "projektledare",
                "payer": "municipality",
                "kind": "cash",
                "amount": "624240.00",
            },
            {
                "category": "volontärer",
                "payer": "organisation",
                "kind": "in_kind",
                "amount": "318362.40",
            },
            {
                "category": "lokaler",
                "payer": "organisation",
                "kind": "in_kind",
                "amount": "173746.80",
            },
            {
                "category": "oh-kostnader",
                "payer": "organisation",
                "kind": "in_kind",
                "amount": "38494.80",
            },
            {
                "category": "marknadsföring och aktiviteter",
                "payer": "organisation",
                "kind": "in_kind",
                "amount": "47858.40",
            },
        ],
    }


def test_the_total_is_the_sum_of_rounded_lines_not_a_rounded_sum():
    # 2025: the lines round to 1 226 756.46; the unrounded total 1 156 000 × 1.02³ is
    # 1 226 756.448 and would round to .45.
    assert budget_for_year(2025).total == Decimal("1226756.46")
    assert by_the_rule(Decimal("1156000"), 2025) == Decimal("1226756.45")


def test_a_year_before_the_agreements_amounts_is_an_error():
    with pytest.raises(ValueError, match="2021"):
        budget_for_year(2021)
