"""Reads for the company pages and the company portal; query counts do not grow with rows."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from vises.cafes.models import Cafe, LanguageFriendLead, Registration
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


def company_cafes(*, company: Company) -> QuerySet[Cafe]:
    """The company's cafés, each with `confirmed` and `attended` counts (one query)."""
    return (
        Cafe.objects.filter(company=company)
        .annotate(
            confirmed=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED),
            ),
            attended=Count(
                "registrations",
                filter=Q(registrations__attendance=Registration.Attendance.ATTENDED),
            ),
        )
        .order_by("-starts_at", "-pk")
    )


def company_friend_leads(*, company: Company) -> QuerySet[LanguageFriendLead]:
    """Employees of the company's cafés who offered to become language friends."""
    return (
        LanguageFriendLead.objects.filter(cafe__company=company)
        .select_related("person", "cafe")
        .order_by("-created_at", "-pk")
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


def portal_cafes(*, company: Company) -> QuerySet[Cafe]:
    """The company's coming cafés (not cancelled), with `signed_up`: a number, never names."""
    return (
        Cafe.objects.filter(company=company, ends_at__gte=timezone.now())
        .exclude(status=Cafe.Status.CANCELLED)
        .annotate(
            signed_up=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED),
            )
        )
        .order_by("starts_at", "pk")
    )


def portal_cafe(*, company: Company, cafe_id: int) -> Cafe:
    """One café of the company; Cafe.DoesNotExist for any other company's café."""
    return portal_cafes(company=company).get(pk=cafe_id)
