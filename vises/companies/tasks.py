"""Background tasks of the companies app. Arguments are ids only (DESIGN §6)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from vises.companies.models import Company
from vises.partnerships.access import Role
from vises.partnerships.models import Membership


def coordinator_addresses(partnership_id: int) -> list[str]:
    return sorted(
        {
            email
            for email in Membership.objects.filter(
                partnership_id=partnership_id,
                role=Role.COORDINATOR,
                is_active=True,
                user__is_active=True,
            ).values_list("user__email", flat=True)
            if email
        }
    )


@task()
def coordinators_notify_interest(company_id: int) -> int:
    """E-mail the coordinators that a company would like to host a café, with the link to
    the company page; the subject names nobody. Returns the number of recipients."""
    company = Company.objects.select_related("partnership").filter(pk=company_id).first()
    if company is None:
        return 0
    recipients = coordinator_addresses(company.partnership_id)
    if not recipients:
        return 0
    path = reverse("companies_detail", kwargs={"slug": company.partnership.slug, "pk": company.pk})
    url = f"{settings.VISES_BASE_URL}{path}"
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "companies/email/coordinator_interest.txt", {"company": company, "url": url}
        )
        subject = _("Vi Ses!: a company would like to host a café")
        EmailMessage(subject=subject, body=body, to=recipients).send()
    return len(recipients)
