"""The coordinator's café pages and the invitation page in a real browser: 360 px wide,
accessible (axe, WCAG 2.1 AA), no CSP or console errors; a café planned through the form and
a participant invited, who accepts through their link."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from vises.cafes.links.registrations import registration_token
from vises.cafes.models import Cafe, Registration
from vises.cafes.tests.factories import CafeFactory, CafeVolunteerFactory, RegistrationFactory
from vises.companies.tests.factories import CompanyFactory
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory
from vises.people.tests.factories import ParticipantFactory, VolunteerFactory
from vises.tests.browser.support import check, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_plans_a_cafe_and_invites_a_participant(
    live_server, phone, tmp_path: Path
) -> None:
    company = CompanyFactory.create(name="Saab AB")
    partnership = company.partnership
    coordinator = MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR)
    other = CafeFactory.create(company=company, status=Cafe.Status.FULL, capacity=1)
    RegistrationFactory.create(cafe=other)
    RegistrationFactory.create(cafe=other, status=Registration.Status.WAITLISTED)
    CafeVolunteerFactory.create(cafe=other)
    VolunteerFactory.create(person__partnership=partnership)
    amal = ParticipantFactory.create(
        person__partnership=partnership, person__first_name="Amal", wants_language_friend=True
    ).person
    log_in(phone, live_server, coordinator.user)
    base = f"{live_server.url}/p/{partnership.slug}/cafes/"

    phone.goto(base)
    check(phone)
    phone.screenshot(path=str(tmp_path / "list.png"), full_page=True)

    phone.goto(f"{base}new/")
    check(phone)
    phone.screenshot(path=str(tmp_path / "form.png"), full_page=True)
    starts = (timezone.localtime() + timedelta(days=14)).replace(hour=10, minute=0)
    phone.select_option("#id_company", str(company.pk))
    phone.fill("#id_starts_at", starts.strftime("%Y-%m-%dT%H:%M"))
    phone.fill("#id_ends_at", (starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    phone.fill("#id_place", "Personalrummet")
    phone.locator("main form[method=post] button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/cafes/\d+/$"))
    cafe = Cafe.objects.exclude(pk=other.pk).get()
    assert (cafe.status, cafe.starts_at) == (
        Cafe.Status.PLANNED,
        starts.replace(second=0, microsecond=0),
    )
    check(phone)

    phone.locator("form[action$='/open/'] button").click()
    phone.wait_for_url(f"{base}{cafe.pk}/")
    cafe.refresh_from_db()
    assert cafe.status == Cafe.Status.OPEN

    phone.goto(f"{base}{cafe.pk}/invite/?waiting_for_friend=on")
    check(phone)
    phone.screenshot(path=str(tmp_path / "invite.png"), full_page=True)
    phone.get_by_label("Amal").check()
    phone.locator("main form[method=post] button[type=submit]").click()
    phone.wait_for_load_state()
    invitation = Registration.objects.get(cafe=cafe, person=amal)
    assert invitation.status == Registration.Status.INVITED

    phone.goto(f"{base}{other.pk}/")
    check(phone)
    phone.screenshot(path=str(tmp_path / "detail.png"), full_page=True)

    # Amal answers through the link in her message.
    phone.context.clear_cookies()
    phone.goto(f"{live_server.url}/invitations/{registration_token(invitation)}/")
    check(phone)
    phone.screenshot(path=str(tmp_path / "invitation.png"), full_page=True)
    phone.locator("form[action$='/accept/'] button").click()
    phone.wait_for_load_state()
    invitation.refresh_from_db()
    assert invitation.status == Registration.Status.CONFIRMED
    check(phone)
