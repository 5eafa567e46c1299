"""Host companies, their contacts and their pipeline towards hosting a café.

"Röda Korset kommer att arrangera pop-upcaféer på en rad olika företag"
(seeds/001_4c89f7ac864d56f0.txt).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vises.common.models import TimeStampedModel
from vises.common.validators import validate_org_number
from vises.partnerships.models import District, Partnership


class IndustrySection(models.Model):
    """A section (A–U) of the Swedish Standard Industrial Classification SNI 2007."""

    code = models.CharField(_("SNI section"), max_length=1, primary_key=True)
    name_sv = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_sv}"


class Company(TimeStampedModel):
    class SizeBand(models.TextChoices):
        MICRO = "1-9", _("1–9 employees")
        SMALL = "10-49", _("10–49 employees")
        MEDIUM = "50-249", _("50–249 employees")
        LARGE = "250+", _("250 or more employees")

    class Stage(models.TextChoices):
        LEAD = "lead", _("Lead")
        CONTACTED = "contacted", _("Contacted")
        AGREED = "agreed", _("Agreed to host")
        HOSTED = "hosted", _("Has hosted")
        RETURNING = "returning", _("Returning host")
        DECLINED = "declined", _("Declined")

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        related_name="companies",
        verbose_name=_("partnership"),
    )
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        validators=[validate_org_number],
        help_text=_("Empty for a sole trader: their number is a personal identity number."),
    )
    industry = models.ForeignKey(
        IndustrySection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("industry (SNI 2007)"),
    )
    size_band = models.CharField(_("size"), max_length=8, choices=SizeBand.choices, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("district")
    )
    address = models.CharField(_("visiting address"), max_length=200, blank=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.LEAD)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_date = models.DateField(_("next step date"), null=True, blank=True)
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("e.g. the message the company sent with its interest form"),
    )

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "org_number"],
                condition=~models.Q(org_number=""),
                name="company_partnership_org_number_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CompanyContact(TimeStampedModel):
    """A person at the company the coordinator talks to; may log in with an e-mailed code."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("company")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="company_contact",
        verbose_name=_("user account"),
    )

    class Meta:
        verbose_name = _("company contact")
        verbose_name_plural = _("company contacts")
        ordering = ["company", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
