"""Background tasks of the companies app. Arguments are ids only (DESIGN §6)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_noop
from django_tasks import task

from vises.companies.models import Company
from vises.people.outbox.links import absolute_url
from vises.people.outbox.staff import Notice, staff_notice_deliver

COMPANY_INTEREST = Notice(
    "staff_company_interest", gettext_noop("Vi Ses!: a company would like to host a café")
)


@task()
def coordinators_notify_interest(company_id: int) -> int:
    """E-mail the coordinators that a company would like to host a café, with the link to
    the company page; the subject names nobody. Returns the number of recipients."""
    company = Company.objects.select_related("partnership").filter(pk=company_id).first()
    if company is None:
        return 0
    path = reverse("companies_detail", kwargs={"slug": company.partnership.slug, "pk": company.pk})
    return staff_notice_deliver(
        partnership=company.partnership,
        notice=COMPANY_INTEREST,
        context={"url": absolute_url(path)},
    )
