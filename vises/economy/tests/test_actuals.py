"""Actuals: cost entries per budget line, volunteer hours valued at the year's rate, the year
page (budget against actual, both shares, the Red Cross's minimum) and the manager's
approval, after which the year is locked.

"Röda Korset bidrar med ändamålsenliga lokaler, ideella volontärer som deltar vid
aktiviteter, marknadsföring och kringkostnader till ett värde av minst 556 000 kronor."
(seeds/001_4c89f7ac864d56f0.txt, "Ekonomi")
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from vises.cafes.models import Cafe
from vises.cafes.tests.factories import CafeFactory, CafeVolunteerFactory
from vises.common.models import AuditEvent
from vises.companies.tests.factories import CompanyFactory
from vises.economy import selectors, services
from vises.economy.models import CostEntry, HourlyRate, YearApproval
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory, agreement_for


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def agreement(partnership):
    return agreement_for(partnership, extensions=2)


def cost(partnership, **fields):
    values = {
        "category": "lokaler",
        "spent_on": date(2024, 3, 1),
        "amount": "1000",
        "description": "Hyra mars",
        "actor": "system:test",
    }
    values.update(fields)
    return services.cost_entry_create(partnership=partnership, **values)


def text_of(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("\xa0", " ")


def test_a_cost_is_recorded_on_its_line_and_audited(partnership, agreement):
    entry = cost(partnership, amount="1 250,50")

    assert entry.amount == Decimal("1250.50")
    actuals = selectors.year_actuals(partnership=partnership, year=2024)
    assert [line.actual for line in actuals.lines] == [
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("1250.50"),
        Decimal("0.00"),
        Decimal("0.00"),
    ]
    assert AuditEvent.objects.filter(
        action="economy.costentry.created", object_id=str(entry.pk)
    ).exists()


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"amount": "-5"}, {"amount": ["Beloppet måste vara större än noll."]}),
        ({"amount": "0"}, {"amount": ["Beloppet måste vara större än noll."]}),
        ({"amount": "tusen"}, {"amount": ["Ange beloppet som ett tal, t.ex. 1250,50."]}),
        ({"amount": "NaN"}, {"amount": ["Beloppet måste vara större än noll."]}),
        (
            {"spent_on": date(2028, 1, 1)},
            {
                "spent_on": [
                    "2028-01-01 ligger utanför överenskommelsens perioder; "
                    "den gäller 2022-01-01 till 2027-12-31."
                ]
            },
        ),
        ({"category": "resor"}, {"category": ["Välj en av överenskommelsens budgetposter."]}),
    ],
)
def test_bad_input_is_refused_in_swedish_and_nothing_changes(
    partnership, agreement, fields, errors
):
    with pytest.raises(ValidationError) as refused:
        cost(partnership, **fields)

    assert refused.value.message_dict == errors
    assert CostEntry.objects.count() == 0


def test_an_attachment_is_kept_and_served_to_staff(partnership, agreement, client_for):
    entry = cost(
        partnership,
        attachment=SimpleUploadedFile("kvitto.pdf", b"%PDF-1.4 kvitto", "application/pdf"),
    )

    response = client_for(Role.MUNICIPAL).get(
        f"/p/{partnership.slug}/economy/costs/{entry.pk}/attachment/"
    )

    assert response.status_code == 200
    assert response.content == b"%PDF-1.4 kvitto"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


def test_volunteer_hours_are_valued_at_the_years_rate(partnership, agreement):
    company = CompanyFactory.create(partnership=partnership)
    held = CafeFactory.create(
        company=company,
        status=Cafe.Status.HELD,
        starts_at=datetime(2024, 5, 14, 12, 0, tzinfo=UTC),
        ends_at=datetime(2024, 5, 14, 13, 30, tzinfo=UTC),
    )
    CafeVolunteerFactory.create(cafe=held, hours=Decimal("2.50"))
    CafeVolunteerFactory.create(cafe=held, hours=Decimal("3.25"))
    cost(partnership, category="volontärer", amount="100")

    before = selectors.year_actuals(partnership=partnership, year=2024)
    services.hourly_rate_set(partnership=partnership, year=2024, rate="180,50", actor="system:test")
    after = selectors.year_actuals(partnership=partnership, year=2024)

    assert before.hours == Decimal("5.75")
    assert before.lines[1].actual == Decimal("100")
    assert after.hours_value == Decimal("1037.88")  # 5.75 × 180.50 = 1037.875, half-up
    assert after.lines[1].actual == Decimal("1137.88")
    assert HourlyRate.objects.get(year=2024).rate == Decimal("180.50")


def test_the_shares_and_the_minimum(partnership, agreement):
    cost(partnership, category="projektledare", amount="624240.00")
    cost(partnership, category="lokaler", amount="173746.80")
    cost(partnership, category="volontärer", amount="300000")

    actuals = selectors.year_actuals(partnership=partnership, year=2024)

    assert actuals.municipality_budget == Decimal("624240.00")
    assert actuals.municipality_actual == Decimal("624240.00")
    assert actuals.organisation_minimum == Decimal("578462.40")
    assert actuals.organisation_actual == Decimal("473746.80")
    assert actuals.organisation_shortfall == Decimal("104715.60")
    assert actuals.budget_total == Decimal("1202702.40")


def test_an_approved_year_is_locked(partnership, agreement):
    cost(partnership)
    services.year_approve(partnership=partnership, year=2024, actor="system:test")

    with pytest.raises(ValidationError) as new_cost:
        cost(partnership, spent_on=date(2024, 12, 1))
    with pytest.raises(ValidationError) as new_rate:
        services.hourly_rate_set(
            partnership=partnership, year=2024, rate="150", actor="system:test"
        )
    with pytest.raises(ValidationError) as twice:
        services.year_approve(partnership=partnership, year=2024, actor="system:test")
    cost(partnership, spent_on=date(2025, 1, 2))  # the next year is still open

    locked = ["2024 är godkänt och låst; inget kan läggas till eller ändras."]
    assert new_cost.value.messages == locked
    assert new_rate.value.messages == locked
    assert twice.value.messages == locked
    assert CostEntry.objects.filter(spent_on__year=2024).count() == 1
    assert AuditEvent.objects.filter(action="economy.year.approved").count() == 1


def test_a_year_outside_the_agreement_cannot_be_approved(partnership, agreement):
    with pytest.raises(ValidationError) as refused:
        services.year_approve(partnership=partnership, year=2028, actor="system:test")

    assert refused.value.messages == ["Överenskommelsen gäller inte 2028; den gäller 2022–2027."]
    assert YearApproval.objects.count() == 0


# The year page ---------------------------------------------------------------------------------


def year_url(partnership, year: int = 2024, tail: str = "") -> str:
    return f"/p/{partnership.slug}/economy/{year}/{tail}"


def test_the_year_page_shows_budget_against_actual_and_the_warning(
    partnership, agreement, client_for
):
    cost(partnership, category="lokaler", amount="173746.80")

    response = client_for(Role.MUNICIPAL).get(year_url(partnership))

    assert response.status_code == 200
    text = text_of(response)
    assert "lokaler 173 746,80 173 746,80 0,00" in text
    assert "projektledare 624 240,00 0,00 -624 240,00" in text
    assert "Kommunens andel 624 240,00 0,00" in text
    assert "Organisationens andel 578 462,40 173 746,80" in text
    assert (
        "Organisationens bidrag, 173 746,80 kr, är lägre än årets minimum på 578 462,40 kr "
        "(404 715,60 kr saknas)." in text
    )
    assert "Registrera kostnaden" not in text  # the municipal officer only reads


def test_no_warning_when_the_minimum_is_met(partnership, agreement, client_for):
    cost(partnership, category="volontärer", amount="578462.40")

    text = text_of(client_for(Role.COORDINATOR).get(year_url(partnership)))

    assert "är lägre än årets minimum" not in text
    assert "Registrera kostnaden" in text
    assert "Godkänn 2024" not in text  # only the manager approves


def test_the_coordinator_enters_a_cost_through_the_form(partnership, agreement, client_for):
    client = client_for(Role.COORDINATOR)

    ok = client.post(
        year_url(partnership, tail="costs/"),
        {"category": "lokaler", "spent_on": "2024-04-01", "amount": "2500", "description": "Hyra"},
    )
    outside = client.post(
        year_url(partnership, tail="costs/"),
        {"category": "lokaler", "spent_on": "2021-12-31", "amount": "1", "description": "x"},
    )

    assert ok.status_code == 302
    assert outside.status_code == 400
    assert "2021-12-31 ligger utanför överenskommelsens perioder" in text_of(outside)
    assert CostEntry.objects.count() == 1


def test_the_manager_approves_and_the_page_is_locked(partnership, agreement, client_for):
    manager = client_for(Role.MANAGER)
    assert "Godkänn 2024" in text_of(manager.get(year_url(partnership)))
    coordinator = client_for(Role.COORDINATOR)

    refused = coordinator.post(year_url(partnership, tail="approve/"))
    approved = manager.post(year_url(partnership, tail="approve/"))
    page = text_of(manager.get(year_url(partnership)))
    late = coordinator.post(
        year_url(partnership, tail="costs/"),
        {"category": "lokaler", "spent_on": "2024-04-01", "amount": "2500", "description": "Hyra"},
    )

    assert (refused.status_code, approved.status_code) == (403, 302)
    assert "året är låst" in page
    assert "Godkänn 2024" not in page and "Registrera kostnaden" not in page
    assert late.status_code == 400
    assert "2024 är godkänt och låst; inget kan läggas till eller ändras." in text_of(late)
    assert CostEntry.objects.count() == 0


def test_the_years_page_lists_the_covered_years(partnership, agreement, client_for):
    services.year_approve(partnership=partnership, year=2022, actor="system:test")

    text = text_of(client_for(Role.MANAGER).get(f"/p/{partnership.slug}/economy/"))

    assert "2022 1 156 000,00 Godkänt" in text
    assert "2027 1 276 317,41 Öppet" in text


def test_a_year_outside_the_agreement_is_not_found(partnership, agreement, client_for):
    assert client_for(Role.MANAGER).get(year_url(partnership, 2028)).status_code == 404


def test_the_year_page_costs_the_same_queries_with_more_entries(partnership, agreement):
    client = Client()
    client.force_login(MembershipFactory.create(partnership=partnership, role=Role.MANAGER).user)
    cost(partnership)
    client.get(year_url(partnership))

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(year_url(partnership)).status_code == 200
        return len(captured.captured_queries)

    before = count()
    for day in range(2, 12):
        cost(partnership, spent_on=date(2024, 3, day), category="oh-kostnader")

    assert count() == before
