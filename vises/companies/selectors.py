"""Reads for the company pages and the company portal; query counts do not grow with rows."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, F, QuerySet

from vises.companies.models import Company, CompanyContact
from vises.partnerships.models import Partnership


def companies_for_staff(
    *,
    partnership: Partnership,
    stage: str = "",
    industry: str = "",
    district_id: int | None = None,
) -> QuerySet[Company]:
    """The partnership's companies, those with a next-step date first (earliest first)."""
    companies = Company.objects.filter(partnership=partnership).select_related(
        "industry", "district"
    )
    if stage:
        companies = companies.filter(stage=stage)
    if industry:
        companies = companies.filter(industry_id=industry)
    if district_id is not None:
        companies = companies.filter(district_id=district_id)
    return companies.annotate(cafe_count=Count("cafes")).order_by(
        F("next_step_date").asc(nulls_last=True), "name", "pk"
    )


def company_for_staff(*, partnership: Partnership, pk: int) -> Company:
    """Raises Company.DoesNotExist for another partnership's company."""
    return Company.objects.select_related("industry", "district", "partnership").get(
        partnership=partnership, pk=pk
    )


def company_contacts(*, company: Company) -> QuerySet[CompanyContact]:
    return CompanyContact.objects.filter(company=company).order_by("first_name", "pk")


def contact_company(
    *, user: AbstractBaseUser | AnonymousUser, partnership: Partnership
) -> Company | None:
    """The company the logged-in company contact works for, in this partnership."""
    if not user.is_authenticated:
        return None
    contact = (
        CompanyContact.objects.select_related("company")
        .filter(user_id=user.pk, company__partnership=partnership)
        .first()
    )
    return contact.company if contact is not None else None
