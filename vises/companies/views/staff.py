"""The coordinator's company pages under /p/<slug>/companies/ (Perm.OPERATE): the registry
with its pipeline, one company with its cafés, language friends and contacts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.common import panels
from vises.common.forms import flash_errors
from vises.companies import selectors
from vises.companies import services as company_services
from vises.companies.forms import CompanyFilterForm, CompanyForm, ContactForm
from vises.companies.models import Company, CompanyContact
from vises.partnerships.access import PartnershipRequest, Perm, partnership_view

PAGE_SIZE = 50


def _company_or_404(request: PartnershipRequest, pk: int) -> Company:
    try:
        return selectors.company_for_staff(partnership=request.partnership, pk=pk)
    except Company.DoesNotExist as error:
        raise Http404 from error


def _contact_or_404(company: Company, contact_pk: int) -> CompanyContact:
    contact = CompanyContact.objects.filter(company=company, pk=contact_pk).first()
    if contact is None:
        raise Http404
    return contact


def _to_detail(request: PartnershipRequest, company: Company) -> HttpResponse:
    return redirect("companies_detail", slug=request.partnership.slug, pk=company.pk)


@partnership_view(Perm.OPERATE)
def companies_list(request: PartnershipRequest) -> HttpResponse:
    form = CompanyFilterForm(request.GET or None, partnership=request.partnership)
    filters: dict[str, object] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "stage": data["stage"] or "",
            "industry": data["industry"].pk if data["industry"] else "",
            "district_id": data["district"].pk if data["district"] else None,
        }
    companies = selectors.companies_for_staff(partnership=request.partnership, **filters)  # type: ignore[arg-type]
    page = Paginator(companies, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "companies/list.html",
        {
            "form": form,
            "page": page,
            "companies": page.object_list,
            "today": timezone.localdate(),
            "filtered": any(filters.values()),
        },
    )


def _render_form(
    request: PartnershipRequest, form: CompanyForm, company: Company | None = None
) -> HttpResponse:
    return render(request, "companies/form.html", {"form": form, "company": company})


@partnership_view(Perm.OPERATE)
def companies_create(request: PartnershipRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_form(request, CompanyForm(partnership=request.partnership))
    form = CompanyForm(request.POST, partnership=request.partnership)
    if not form.is_valid():
        return _render_form(request, form)
    try:
        company = company_services.company_create(
            partnership=request.partnership, actor=request.user, **form.company_values()
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_form(request, form)
    messages.success(request, _("The company is registered as a lead."))
    return _to_detail(request, company)


@partnership_view(Perm.OPERATE)
def companies_edit(request: PartnershipRequest, pk: int) -> HttpResponse:
    company = _company_or_404(request, pk)
    if request.method != "POST":
        return _render_form(
            request, CompanyForm(instance=company, partnership=request.partnership), company
        )
    form = CompanyForm(
        request.POST,
        instance=Company(partnership=request.partnership),
        partnership=request.partnership,
    )
    if not form.is_valid():
        return _render_form(request, form, company)
    try:
        company_services.company_update(
            company=company, actor=request.user, **form.company_values()
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_form(request, form, company)
    messages.success(request, _("The changes are saved."))
    return _to_detail(request, company)


@partnership_view(Perm.OPERATE)
def companies_detail(request: PartnershipRequest, pk: int) -> HttpResponse:
    company = _company_or_404(request, pk)
    return render(
        request,
        "companies/detail.html",
        {
            "company": company,
            "panels": panels.for_slot("companies.company", request, company),
            "contacts": selectors.company_contacts(company=company),
            "stage_moves": [
                (stage, Company.Stage(stage).label)
                for stage in company_services.stage_moves(company)
            ],
            "today": timezone.localdate(),
            "contact_form": ContactForm(),
        },
    )


@partnership_view(Perm.OPERATE)
@require_POST
def companies_stage(request: PartnershipRequest, pk: int) -> HttpResponse:
    company = _company_or_404(request, pk)
    try:
        company = company_services.company_stage_set(
            company=company, stage=request.POST.get("stage", ""), actor=request.user
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("The company is now at the stage “%(stage)s”.")
            % {"stage": company.get_stage_display()},
        )
    return _to_detail(request, company)


def _render_contact_form(
    request: PartnershipRequest,
    company: Company,
    form: ContactForm,
    contact: CompanyContact | None = None,
) -> HttpResponse:
    return render(
        request,
        "companies/contact_form.html",
        {"company": company, "form": form, "contact": contact},
    )


@partnership_view(Perm.OPERATE)
def contacts_create(request: PartnershipRequest, pk: int) -> HttpResponse:
    company = _company_or_404(request, pk)
    if request.method != "POST":
        return _render_contact_form(request, company, ContactForm())
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _render_contact_form(request, company, form)
    try:
        company_services.contact_create(
            company=company, actor=request.user, **form.contact_values()
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_contact_form(request, company, form)
    messages.success(request, _("The contact is added."))
    return _to_detail(request, company)


@partnership_view(Perm.OPERATE)
def contacts_edit(request: PartnershipRequest, pk: int, contact_pk: int) -> HttpResponse:
    company = _company_or_404(request, pk)
    contact = _contact_or_404(company, contact_pk)
    if request.method != "POST":
        return _render_contact_form(request, company, ContactForm(instance=contact), contact)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _render_contact_form(request, company, form, contact)
    try:
        company_services.contact_update(
            contact=contact, actor=request.user, **form.contact_values()
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_contact_form(request, company, form, contact)
    messages.success(request, _("The changes are saved."))
    return _to_detail(request, company)


@partnership_view(Perm.OPERATE)
@require_POST
def contacts_remove(request: PartnershipRequest, pk: int, contact_pk: int) -> HttpResponse:
    company = _company_or_404(request, pk)
    contact = _contact_or_404(company, contact_pk)
    company_services.contact_remove(contact=contact, actor=request.user)
    messages.success(request, _("The contact is removed."))
    return _to_detail(request, company)


@partnership_view(Perm.OPERATE)
@require_POST
def contacts_login(request: PartnershipRequest, pk: int, contact_pk: int) -> HttpResponse:
    company = _company_or_404(request, pk)
    contact = _contact_or_404(company, contact_pk)
    try:
        company_services.contact_login_enable(contact=contact, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("%(name)s can now log in with a code sent to %(email)s and see the company's cafés.")
            % {"name": contact, "email": contact.email},
        )
    return _to_detail(request, company)
