"""The agreement page (/p/<slug>/agreement/): the whole history for coordinator, manager and
municipal officer, the budget per covered year, the manager's forms, and the start page's
reminder six months before the last period ends."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from vises.partnerships import panels
from vises.partnerships.access import Role
from vises.partnerships.models import Agreement, AgreementExtension
from vises.partnerships.services import agreement_terminate
from vises.partnerships.tests.factories import MembershipFactory, agreement_for


def text_of(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("\xa0", " ")


@pytest.fixture
def vi_ses(partnership) -> Agreement:
    authority, organisation = partnership.public_authority, partnership.organisation
    authority.name, authority.org_number = "Linköpings kommun", "212000-0449"
    organisation.name, organisation.org_number = "Linköpings södra rödakorskrets", "822002-1318"
    authority.save()
    organisation.save()
    return agreement_for(partnership, extensions=2)


def url(partnership, tail: str = "") -> str:
    return f"/p/{partnership.slug}/agreement/{tail}"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER, Role.MUNICIPAL])
def test_staff_see_the_whole_history_and_the_budget(client_for, partnership, vi_ses, role):
    response = client_for(role).get(url(partnership))

    assert response.status_code == 200
    text = text_of(response)
    assert "Linköpings kommun, org.nr 212000-0449 (genom arbetsmarknadsnämnden)" in text
    assert "Linköpings södra rödakorskrets, org.nr 822002-1318" in text
    assert "undertecknad 15 december 2021" in text
    assert "för Linköpings kommun Helena Paulsson, avdelningschef" in text
    assert "för Linköpings södra rödakorskrets Kerstin Aldstedt, ordförande" in text
    assert "Första perioden 1 januari 2022 31 december 2023 vid undertecknandet" in text
    assert "Förlängning 1 1 januari 2024 31 december 2025 17 oktober 2023" in text
    assert "Förlängning 2 1 januari 2026 31 december 2027 21 oktober 2025" in text
    assert "Gäller till och med 31 december 2027. Ingen förlängning återstår." in text
    assert "Budget per år" in text
    assert "Post 2022 2023 2024 2025 2026 2027" in text
    assert (
        "projektledare (kommunen, kontant) 600 000,00 612 000,00 624 240,00 636 724,80 "
        "649 459,30 662 448,48" in text
    )
    assert "Kommunens andel 600 000,00 612 000,00 624 240,00" in text
    assert "Organisationens andel 556 000,00 567 120,00 578 462,40" in text
    assert "Totalt 1 156 000,00 1 179 120,00 1 202 702,40 1 226 756,46" in text
    forms = "Registrera en hävning" in text
    assert forms is (role == Role.MANAGER)
    assert "Registrera en förlängning" not in text  # none remains


def test_the_manager_sees_both_forms_while_extensions_remain(client_for, partnership):
    agreement_for(partnership, extensions=1)

    text = text_of(client_for(Role.MANAGER).get(url(partnership)))

    assert "1 förlängning på 2 år återstår." in text
    assert "Registrera en förlängning" in text
    assert "Registrera en hävning" in text


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.COMPANY, Role.ADMIN])
def test_other_roles_are_refused(client_for, partnership, vi_ses, role):
    assert client_for(role).get(url(partnership)).status_code == 403


def test_a_partnership_without_agreement_says_so(client_for, partnership):
    response = client_for(Role.COORDINATOR).get(url(partnership))

    assert response.status_code == 200
    assert "Ingen överenskommelse är registrerad för partnerskapet." in text_of(response)


def test_the_manager_records_an_extension(client_for, partnership):
    agreement = agreement_for(partnership, extensions=1)
    client = client_for(Role.MANAGER)

    response = client.post(url(partnership, "extend/"), {"decided_on": "2025-10-21", "note": ""})

    assert response.status_code == 302
    assert agreement.extensions.count() == 2
    page = text_of(client.get(url(partnership)))
    assert "Överenskommelsen är förlängd till och med 2027-12-31." in page


def test_a_third_extension_by_form_is_refused_with_the_message(client_for, partnership, vi_ses):
    response = client_for(Role.MANAGER).post(
        url(partnership, "extend/"), {"decided_on": "2027-09-01"}
    )

    assert response.status_code == 400
    assert (
        "Överenskommelsen medger högst 2 förlängningar och alla är utnyttjade: "
        "den upphör 2027-12-31." in text_of(response)
    )
    assert AgreementExtension.objects.filter(agreement=vi_ses).count() == 2


def test_the_coordinator_may_not_record_an_extension_or_termination(client_for, partnership):
    agreement = agreement_for(partnership, extensions=1)
    client = client_for(Role.COORDINATOR)

    extend = client.post(url(partnership, "extend/"), {"decided_on": "2025-10-21"})
    terminate = client.post(
        url(partnership, "terminate/"), {"terminated_on": "2024-06-30", "termination_reason": "x"}
    )

    assert (extend.status_code, terminate.status_code) == (403, 403)
    assert agreement.extensions.count() == 1
    assert Agreement.objects.get(pk=agreement.pk).terminated_on is None


def test_the_manager_records_a_termination(client_for, partnership):
    agreement = agreement_for(partnership, extensions=1)
    client = client_for(Role.MANAGER)

    response = client.post(
        url(partnership, "terminate/"),
        {
            "terminated_on": "2024-06-30",
            "termination_reason": "Röda Korset kom på obestånd.",
            "settlement_note": "Faktiskt uppkomna kostnader till och med 30 juni ersätts.",
        },
    )

    assert response.status_code == 302
    text = text_of(client.get(url(partnership)))
    assert "Hävd: gällde till och med 30 juni 2024." in text
    assert "sista giltiga dag 30 juni 2024" in text
    assert "skäl Röda Korset kom på obestånd." in text
    assert "Faktiskt uppkomna kostnader till och med 30 juni ersätts." in text
    assert "Förlängning 1 1 januari 2024 30 juni 2024" in text
    assert "Post 2022 2023 2024 " in text and "2025" not in text.split("Post", 1)[1][:30]
    assert "Registrera en" not in text
    assert Agreement.objects.get(pk=agreement.pk).terminated_on == date(2024, 6, 30)


def test_the_page_costs_the_same_queries_with_more_history(partnership):
    client = Client()
    client.force_login(MembershipFactory.create(partnership=partnership, role=Role.MANAGER).user)
    agreement = agreement_for(partnership)
    client.get(url(partnership))  # the session's first request sets its login time

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(partnership)).status_code == 200
        return len(captured.captured_queries)

    before = count()
    from vises.partnerships.services import agreement_extend

    agreement_extend(agreement=agreement, decided_on=date(2023, 10, 17), actor="system:test")
    agreement_extend(agreement=agreement, decided_on=date(2025, 10, 21), actor="system:test")
    agreement_terminate(
        agreement=agreement, terminated_on=date(2027, 3, 1), reason="x", actor="system:test"
    )

    # A terminated agreement also shows the economy's settlement panel: two queries (the
    # costs up to the termination, the year's invoices), whatever the history.
    assert count() == before + 2
    assert before <= 10


# The start page's reminder ---------------------------------------------------------------------


def start_text(client: Client, partnership) -> str:
    response = client.get(f"/p/{partnership.slug}/")
    assert response.status_code == 200
    return text_of(response)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER])
def test_the_reminder_shows_from_six_months_before_the_end(
    client_for, partnership, vi_ses, monkeypatch, role
):
    client = client_for(role)
    warning = "Överenskommelsen upphör 31 december 2027. Båda förlängningarna är utnyttjade"

    monkeypatch.setattr(panels, "today", lambda: date(2027, 6, 30))
    before = start_text(client, partnership)
    monkeypatch.setattr(panels, "today", lambda: date(2027, 7, 1))
    within = start_text(client, partnership)

    assert warning not in before
    assert warning in within


def test_the_reminder_asks_for_a_decision_while_extensions_remain(
    client_for, partnership, monkeypatch
):
    agreement_for(partnership, extensions=1)
    monkeypatch.setattr(panels, "today", lambda: date(2025, 7, 1))

    text = start_text(client_for(Role.COORDINATOR), partnership)

    assert (
        "Överenskommelsen upphör 31 december 2025. Parterna behöver besluta om förlängning "
        "(med 2 år; 1 förlängning återstår)." in text
    )


def test_the_municipal_officer_gets_no_reminder(client_for, partnership, vi_ses, monkeypatch):
    monkeypatch.setattr(panels, "today", lambda: date(2027, 7, 1))

    assert "Överenskommelsen upphör" not in start_text(client_for(Role.MUNICIPAL), partnership)
