"""The invoice pages per role: the coordinator (and the municipality's official) sees the
list, the invoice and its documents; only the manager (Perm.APPROVE_ECONOMY) makes, issues,
marks paid and credits. Refusals show in Swedish and change nothing; the list costs the same
number of queries for few and for many invoices; the start page reminds of the year's
invoice from 1 January until it is issued."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vises.economy import panels, services
from vises.economy.models import Invoice
from vises.economy.tests.invoice_fixtures import vises_agreement
from vises.partnerships.access import Role

ACTOR = "system:test"


@pytest.fixture
def agreement(partnership):
    return vises_agreement(partnership)


def url(partnership, tail: str = "") -> str:
    return f"/p/{partnership.slug}/economy/invoices/{tail}"


def issued(partnership, year):
    draft = services.invoice_draft(partnership=partnership, year=year, actor=ACTOR)
    return services.invoice_issue(invoice=draft, actor=ACTOR, issued_on=date(year, 1, 10))


def test_the_manager_makes_issues_marks_paid_and_credits(partnership, agreement, client_for):
    client = client_for(Role.MANAGER)

    response = client.post(url(partnership, "create/"), {"year": "2024"})
    draft = Invoice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(partnership, f"{draft.pk}/")
    assert "Ställ ut" in client.get(response["Location"]).content.decode()

    client.post(url(partnership, f"{draft.pk}/issue/"))
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.ISSUED and draft.number.endswith("-0001")

    client.post(url(partnership, f"{draft.pk}/paid/"), {"paid_on": draft.issued_on.isoformat()})
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.PAID

    response = client.post(url(partnership, f"{draft.pk}/credit/"))
    note = Invoice.objects.get(kind=Invoice.Kind.CREDIT_NOTE)
    assert response["Location"] == url(partnership, f"{note.pk}/")
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.CREDITED


def test_invoicing_a_year_twice_shows_the_swedish_refusal(partnership, agreement, client_for):
    issued(partnership, 2024)
    client = client_for(Role.MANAGER)

    response = client.post(url(partnership, "create/"), {"year": "2024"})

    assert response.status_code == 400
    assert "2024 är redan fakturerat" in response.content.decode()
    assert Invoice.objects.count() == 1


def test_crediting_a_draft_shows_the_swedish_refusal(partnership, agreement, client_for):
    draft = services.invoice_draft(partnership=partnership, year=2024, actor=ACTOR)
    client = client_for(Role.MANAGER)

    response = client.post(url(partnership, f"{draft.pk}/credit/"), follow=True)

    assert "Ett utkast kan inte krediteras" in response.content.decode()
    assert Invoice.objects.count() == 1


def test_the_coordinator_sees_but_cannot_change(partnership, agreement, client_for):
    invoice = issued(partnership, 2024)
    client = client_for(Role.COORDINATOR)

    listing = client.get(url(partnership))
    page = client.get(url(partnership, f"{invoice.pk}/"))
    pdf = client.get(url(partnership, f"{invoice.pk}/pdf/"))
    xml = client.get(url(partnership, f"{invoice.pk}/xml/"))

    assert listing.status_code == 200 and invoice.number in listing.content.decode()
    assert "Gör årets faktura" not in listing.content.decode()
    assert page.status_code == 200 and "Kreditera fakturan" not in page.content.decode()
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert xml["Content-Type"] == "application/xml"
    assert b"urn:fdc:peppol.eu:2017:poacc:billing:3.0" in xml.content
    assert client.post(url(partnership, f"{invoice.pk}/credit/")).status_code == 403
    assert client.post(url(partnership, "create/"), {"year": "2025"}).status_code == 403
    assert Invoice.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATOR, 200),
        (Role.MANAGER, 200),
        (Role.MUNICIPAL, 200),
        (Role.VOLUNTEER, 403),
        (Role.COMPANY, 403),
        (Role.ADMIN, 403),
    ],
)
def test_who_sees_the_invoice_list(partnership, agreement, client_for, role, status):
    assert client_for(role).get(url(partnership)).status_code == status


def test_a_draft_has_no_documents(partnership, agreement, client_for):
    draft = services.invoice_draft(partnership=partnership, year=2024, actor=ACTOR)
    client = client_for(Role.MANAGER)

    assert client.get(url(partnership, f"{draft.pk}/pdf/")).status_code == 404
    assert client.get(url(partnership, f"{draft.pk}/xml/")).status_code == 404


def test_the_list_costs_the_same_queries_for_few_and_many_invoices(
    partnership, agreement, client_for
):
    client = client_for(Role.MANAGER)
    first = issued(partnership, 2022)
    client.get(url(partnership))  # the session's first request: not what we measure

    with CaptureQueriesContext(connection) as few:
        assert client.get(url(partnership)).status_code == 200
    services.invoice_credit(invoice=first, actor=ACTOR)
    issued(partnership, 2022)
    for year in (2023, 2024, 2025):
        issued(partnership, year)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url(partnership)).status_code == 200

    assert len(many.captured_queries) == len(few.captured_queries), "\n".join(
        query["sql"] for query in many.captured_queries
    )


def test_the_start_page_reminds_of_the_years_invoice_until_it_is_issued(
    partnership, agreement, client_for, monkeypatch
):
    monkeypatch.setattr(panels, "today", lambda: date(2025, 1, 2))
    client = client_for(Role.COORDINATOR)
    start = f"/p/{partnership.slug}/"

    response = client.get(start)
    names = [panel.name for panel in response.context["panels"]]
    assert "economy.year_invoice_due" in names
    assert "Fakturan för 2025 (636 724,80 kr till kommunen) är inte utställd ännu." in (
        response.content.decode().replace("\xa0", " ")
    )

    issued(partnership, 2025)
    names = [panel.name for panel in client.get(start).context["panels"]]
    assert "economy.year_invoice_due" not in names
