"""The company pages in a real browser at 360 px: the coordinator's registry and company page,
the public "host a café" form, and the company contact's portal. Accessible (axe, WCAG 2.1 AA),
no sideways scrolling, no CSP or console errors, and no participant data in the portal."""

from __future__ import annotations

import pytest

from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.companies.models import Company, CompanyContact
from vises.companies.tests.factories import CompanyContactFactory, CompanyFactory
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory
from vises.tests.browser.support import check, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_coordinator_reads_the_registry_and_a_company_page(live_server, phone) -> None:
    company = CompanyFactory.create(name="Östgöta Verkstad AB", next_step="Ring om datum")
    CompanyContactFactory.create(company=company, first_name="Per")
    CafeFactory.create(company=company)
    coordinator = MembershipFactory.create(partnership=company.partnership, role=Role.COORDINATOR)
    log_in(phone, live_server, coordinator.user)

    phone.goto(f"{live_server.url}/p/{company.partnership.slug}/companies/")
    assert phone.get_by_role("link", name="Östgöta Verkstad AB").count() == 1
    check(phone)

    phone.get_by_role("link", name="Östgöta Verkstad AB").click()
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text() == "Östgöta Verkstad AB"
    check(phone)


def test_a_company_registers_its_interest_on_a_phone(live_server, phone) -> None:
    partnership = MembershipFactory.create(role=Role.COORDINATOR).partnership

    phone.goto(f"{live_server.url}/host/{partnership.slug}/")
    check(phone)
    phone.get_by_label("Företagets namn").fill("Rydsvägens Livs AB")
    phone.get_by_label("Ditt förnamn").fill("Sara")
    phone.get_by_label("Din e-post").fill("sara@rydslivs.example.org")
    phone.locator("form button[type=submit]").last.click()
    phone.wait_for_load_state()

    check(phone)
    lead = Company.objects.get(name="Rydsvägens Livs AB")
    assert lead.stage == Company.Stage.LEAD
    assert CompanyContact.objects.filter(company=lead, first_name="Sara").count() == 1


def test_the_company_portal_shows_practical_details_and_no_participant(live_server, phone) -> None:
    company = CompanyFactory.create(name="Berga Omsorg AB")
    cafe = CafeFactory.create(company=company, place="Matsalen")
    RegistrationFactory.create(cafe=cafe, person__first_name="Hiwet", person__last_name="Kidane")
    contact = MembershipFactory.create(partnership=company.partnership, role=Role.COMPANY)
    CompanyContactFactory.create(company=company, user=contact.user)
    log_in(phone, live_server, contact.user)

    phone.goto(f"{live_server.url}/p/{company.partnership.slug}/company/")

    html = phone.content()
    assert "Berga Omsorg AB" in html
    assert "Hiwet" not in html and "Kidane" not in html
    check(phone)
