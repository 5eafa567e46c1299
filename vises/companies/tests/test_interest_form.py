"""The public "host a café" form: a lead with its contact, and the coordinators are told."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from vises.companies.models import Company, CompanyContact
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory

ANSWERS = {
    "company_name": "Bageriet i Ryd AB",
    "org_number": "5560160680",
    "first_name": "Eva",
    "email": "eva@bageriet.se",
    "phone": "070-123 45 67",
    "message": "Vi har ett fikarum för tolv.",
}


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.VISES_RATE_LIMITS = True
    from django.core.cache import cache

    cache.clear()


def test_host_goes_straight_to_the_only_partnership(partnership):
    response = Client().get("/host/")

    assert (response.status_code, response["Location"]) == (302, f"/host/{partnership.slug}/")


def test_host_lists_the_partnerships_when_there_are_several(partnership):
    other = PartnershipFactory.create()

    response = Client().get("/host/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/host/{partnership.slug}/"' in html
    assert f'href="/host/{other.slug}/"' in html


def test_the_form_creates_a_lead_with_its_contact_and_tells_the_coordinators(
    partnership, django_capture_on_commit_callbacks
):
    coordinator = MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR).user
    MembershipFactory.create(partnership=partnership, role=Role.MUNICIPAL)
    MembershipFactory.create(role=Role.COORDINATOR)  # another partnership's

    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(f"/host/{partnership.slug}/", ANSWERS)

    company = Company.objects.get()
    contact = CompanyContact.objects.get()
    assert (response.status_code, response["Location"]) == (
        302,
        f"/host/{partnership.slug}/thanks/",
    )
    assert (company.partnership, company.name, company.org_number, company.stage) == (
        partnership,
        "Bageriet i Ryd AB",
        "556016-0680",
        "lead",
    )
    assert company.notes == "Vi har ett fikarum för tolv."
    assert (contact.company, contact.first_name, contact.email, contact.phone) == (
        company,
        "Eva",
        "eva@bageriet.se",
        "+46701234567",
    )
    assert [message.to for message in mail.outbox] == [[coordinator.email]]
    message = mail.outbox[0]
    for personal in ("Eva", "eva@bageriet.se", "Bageriet", "0701234567", "+46701234567"):
        assert personal not in message.subject
    assert f"/p/{partnership.slug}/companies/{company.pk}/" in message.body
    assert Client().get(f"/host/{partnership.slug}/thanks/").status_code == 200


def test_a_contact_way_is_required(partnership):
    answers = {**ANSWERS, "email": "", "phone": ""}

    response = Client().post(f"/host/{partnership.slug}/", answers)

    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["no_contact"]
    assert Company.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("org_number", "811228-9874", "personal_identity_number"),
        ("phone", "12", "invalid_phone"),
        ("email", "not-an-address", "invalid_email"),
    ],
)
def test_bad_answers_are_shown_on_their_fields(partnership, field, value, code):
    response = Client().post(f"/host/{partnership.slug}/", {**ANSWERS, field: value})

    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()[field]] == [code]
    assert (Company.objects.count(), CompanyContact.objects.count()) == (0, 0)
    assert mail.outbox == []


def test_an_already_registered_company_is_told_so(partnership):
    Client().post(f"/host/{partnership.slug}/", ANSWERS)

    response = Client().post(f"/host/{partnership.slug}/", ANSWERS)

    assert response.status_code == 200
    assert (
        "Det finns redan ett företag med det här organisationsnumret." in response.content.decode()
    )
    assert Company.objects.count() == 1


def test_an_unknown_partnership_is_not_found(partnership):
    assert Client().get("/host/no-such-partnership/").status_code == 404


def test_the_form_is_rate_limited(partnership):
    client = Client()
    answers = [
        client.post(
            f"/host/{partnership.slug}/", {**ANSWERS, "org_number": "", "company_name": f"F {n}"}
        ).status_code
        for n in range(11)
    ]

    assert answers == [302] * 10 + [429]
    assert Company.objects.count() == 10


def test_a_name_of_only_direction_marks_is_refused_on_the_name_field(partnership):
    """The register strips bidi controls from names; a name of nothing else is then empty,
    and the service's refusal names its own parameter, the form's field."""
    response = Client().post(
        f"/host/{partnership.slug}/", {**ANSWERS, "company_name": "\u202e\u202c"}
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()["company_name"]] == ["blank"]
    assert form.non_field_errors() == []
    assert Company.objects.count() == 0
