"""The coordinator's company pages: who may open them, what they show, and their cost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vises.cafes.models import LanguageFriendLead, Registration
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.common.models import AuditEvent
from vises.companies.models import Company, CompanyContact
from vises.companies.tests.factories import CompanyContactFactory, CompanyFactory
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory
from vises.people.tests.factories import PersonFactory


def client_of(partnership, role: str = Role.COORDINATOR) -> Client:
    client = Client()
    client.force_login(MembershipFactory.create(partnership=partnership, role=role).user)
    return client


@pytest.fixture
def company(partnership) -> Company:
    return CompanyFactory.create(partnership=partnership, name="Bageriet AB")


def pages(company: Company) -> list[str]:
    base = f"/p/{company.partnership.slug}/companies/"
    return [base, f"{base}new/", f"{base}{company.pk}/", f"{base}{company.pk}/edit/"]


STATUS_BY_ROLE = [
    (Role.COORDINATOR, 200),
    (Role.MANAGER, 200),
    (Role.MUNICIPAL, 403),
    (Role.VOLUNTEER, 403),
    (Role.COMPANY, 403),
    (Role.ADMIN, 403),
]


@pytest.mark.parametrize(("role", "status"), STATUS_BY_ROLE)
def test_company_pages_by_role(company, role, status):
    client = client_of(company.partnership, role)

    assert [client.get(url).status_code for url in pages(company)] == [status] * 4


def test_anonymous_is_sent_to_log_in(company):
    answers = [Client().get(url) for url in pages(company)]

    assert [(a.status_code, a["Location"].split("?")[0]) for a in answers] == [
        (302, "/accounts/login/")
    ] * 4


def test_another_partnerships_company_is_not_found(company):
    other = PartnershipFactory.create()
    client = client_of(other)
    base = f"/p/{other.slug}/companies/{company.pk}/"

    assert [client.get(url).status_code for url in (base, f"{base}edit/")] == [404, 404]
    assert client.post(f"{base}stage/", {"stage": "declined"}).status_code == 404


def test_the_list_filters_by_stage_and_puts_next_steps_first(partnership):
    today = timezone.localdate()
    CompanyFactory.create(partnership=partnership, name="A utan datum", stage="lead")
    CompanyFactory.create(
        partnership=partnership,
        name="B sen",
        stage="lead",
        next_step="Ring",
        next_step_date=today + timedelta(days=5),
    )
    CompanyFactory.create(
        partnership=partnership,
        name="C försenad",
        stage="lead",
        next_step="Mejla",
        next_step_date=today - timedelta(days=2),
    )
    CompanyFactory.create(partnership=partnership, name="D avböjt", stage="declined")
    client = client_of(partnership)

    response = client.get(f"/p/{partnership.slug}/companies/", {"stage": "lead"})

    names = [company.name for company in response.context["companies"]]
    assert names == ["C försenad", "B sen", "A utan datum"]
    assert response.content.decode().count("försenat sedan") == 1
    assert 'class="status status--warn"' in response.content.decode()


def test_the_list_filters_by_industry_and_district(partnership):
    from vises.partnerships.models import District

    district = District.objects.create(partnership=partnership, name="Ryd")
    CompanyFactory.create(partnership=partnership, name="Vald", industry_id="C", district=district)
    CompanyFactory.create(partnership=partnership, name="Annan bransch", industry_id="G")
    client = client_of(partnership)

    by_industry = client.get(f"/p/{partnership.slug}/companies/", {"industry": "C"})
    by_district = client.get(f"/p/{partnership.slug}/companies/", {"district": district.pk})

    assert [c.name for c in by_industry.context["companies"]] == ["Vald"]
    assert [c.name for c in by_district.context["companies"]] == ["Vald"]


def list_queries(client: Client, partnership) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/p/{partnership.slug}/companies/")
    assert response.status_code == 200
    return len(queries)


def test_the_list_costs_the_same_for_2_and_30_companies(partnership):
    from vises.partnerships.models import District

    client = client_of(partnership)
    district = District.objects.create(partnership=partnership, name="Ryd")

    def add(count: int) -> None:
        for number in range(count):
            company = CompanyFactory.create(
                partnership=partnership, industry_id="CG"[number % 2], district=district
            )
            CafeFactory.create(company=company)

    add(2)
    two = list_queries(client, partnership)
    add(28)

    thirty = list_queries(client, partnership)

    assert Company.objects.count() == 30
    assert thirty == two


def test_create_and_edit_through_the_forms(partnership):
    client = client_of(partnership)
    base = f"/p/{partnership.slug}/companies/"

    created = client.post(
        f"{base}new/", {"name": "Verkstaden AB", "org_number": "5560160680", "industry": "C"}
    )
    company = Company.objects.get()
    edited = client.post(
        f"{base}{company.pk}/edit/",
        {"name": "Verkstaden i Linköping AB", "org_number": "556016-0680", "industry": "C"},
    )

    company.refresh_from_db()
    assert (created.status_code, created["Location"]) == (302, f"{base}{company.pk}/")
    assert edited.status_code == 302
    assert (company.name, company.org_number, company.stage) == (
        "Verkstaden i Linköping AB",
        "556016-0680",
        "lead",
    )


def test_the_form_shows_a_personal_identity_number_as_a_field_error(partnership):
    client = client_of(partnership)

    response = client.post(
        f"/p/{partnership.slug}/companies/new/", {"name": "Frisören", "org_number": "8112289874"}
    )

    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["org_number"]] == [
        "personal_identity_number"
    ]
    assert Company.objects.count() == 0


def test_stage_buttons_move_the_company(company):
    client = client_of(company.partnership)
    url = f"/p/{company.partnership.slug}/companies/{company.pk}/stage/"

    moved = client.post(url, {"stage": "hosted"})
    refused = client.post(url, {"stage": "lead"})

    company.refresh_from_db()
    assert (moved.status_code, refused.status_code) == (302, 302)
    assert company.stage == "hosted"
    assert client.get(url).status_code == 405


def test_the_company_page_shows_cafes_attendance_and_friends(company):
    past = CafeFactory.create(
        company=company,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=1),
        status="held",
    )
    RegistrationFactory.create(cafe=past, attendance=Registration.Attendance.ATTENDED)
    RegistrationFactory.create(cafe=past, attendance=Registration.Attendance.NO_SHOW)
    RegistrationFactory.create(cafe=past, status=Registration.Status.CANCELLED)
    employee = PersonFactory.create(partnership=company.partnership, first_name="Kerstin")
    LanguageFriendLead.objects.create(person=employee, cafe=past, company=company)
    coordinator = client_of(company.partnership)
    manager = client_of(company.partnership, Role.MANAGER)

    response = coordinator.get(f"/p/{company.partnership.slug}/companies/{company.pk}/")
    manager_page = manager.get(f"/p/{company.partnership.slug}/companies/{company.pk}/")

    cafe = response.context["cafes"][0]
    assert (cafe.confirmed, cafe.attended) == (2, 1)
    html = response.content.decode()
    assert "1 anställd har anmält sig som språkvän." in html
    assert "Kerstin" in html
    assert manager_page.status_code == 200
    assert AuditEvent.objects.filter(action="cafes.languagefriendlead.listed").count() == 2


def test_contacts_are_added_edited_removed_and_given_a_login(company):
    client = client_of(company.partnership)
    base = f"/p/{company.partnership.slug}/companies/{company.pk}/contacts/"

    added = client.post(
        f"{base}new/", {"first_name": "Eva", "email": "eva@bageriet.se", "phone": "0701234567"}
    )
    contact = CompanyContact.objects.get()
    edited = client.post(
        f"{base}{contact.pk}/edit/",
        {"first_name": "Eva", "last_name": "Ek", "email": "eva@bageriet.se", "phone": ""},
    )
    login = client.post(f"{base}{contact.pk}/login/")
    contact.refresh_from_db()
    removed = client.post(f"{base}{contact.pk}/remove/")

    assert [added.status_code, edited.status_code, login.status_code, removed.status_code] == [
        302
    ] * 4
    assert contact.user is not None
    assert contact.last_name == "Ek"
    assert CompanyContact.objects.count() == 0


def test_a_bad_phone_is_shown_on_the_contact_form(company):
    client = client_of(company.partnership)

    response = client.post(
        f"/p/{company.partnership.slug}/companies/{company.pk}/contacts/new/",
        {"first_name": "Eva", "phone": "12"},
    )

    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["phone"]] == ["invalid_phone"]


def test_the_navigation_shows_companies_to_operations_only(partnership):
    coordinator = client_of(partnership).get(f"/p/{partnership.slug}/")
    municipal = client_of(partnership, Role.MUNICIPAL).get(f"/p/{partnership.slug}/")

    link = f'href="/p/{partnership.slug}/companies/"'
    assert link in coordinator.content.decode()
    assert link not in municipal.content.decode()


def test_a_contact_factory_contact_is_listed(company):
    CompanyContactFactory.create(company=company, first_name="Greta")

    response = client_of(company.partnership).get(
        f"/p/{company.partnership.slug}/companies/{company.pk}/"
    )

    assert "Greta" in response.content.decode()
