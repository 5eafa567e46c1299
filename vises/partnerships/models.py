"""Organisations, partnerships and who holds which role in them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from vises.common.models import TimeStampedModel
from vises.common.validators import validate_org_number
from vises.partnerships.access import STAFF_ROLES, Role, role_has


class Organisation(TimeStampedModel):
    """A party: a municipality, a non-profit organisation, or a company."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        NONPROFIT = "nonprofit", _("Non-profit organisation")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        validators=[validate_org_number],
        help_text=_("Ten digits, e.g. 212000-0449. Empty for a sole trader."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~models.Q(org_number=""),
                name="organisation_org_number_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Partnership(TimeStampedModel):
    """One idea-based public partnership (IOP); every record belongs to one."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=50, unique=True)
    public_authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships_as_authority",
        verbose_name=_("public authority"),
    )
    authority_body = models.CharField(
        _("acting through"), max_length=200, blank=True, help_text=_("e.g. the committee")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships_as_organisation",
        verbose_name=_("non-profit organisation"),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("months without activity before a person is anonymised"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A user's role in one partnership (DESIGN §2)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("partnership"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership"], name="membership_user_partnership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.partnership} ({self.get_role_display()})"

    @property
    def needs_second_factor(self) -> bool:
        """Staff roles log in with a second factor; the others with an e-mailed code."""
        return self.role in STAFF_ROLES

    def allows(self, perm: str) -> bool:
        """Whether the member's role holds the named permission (vises.partnerships.access)."""
        return role_has(self.role, perm)


class District(models.Model):
    """A part of the municipality, as data per partnership (areas differ by municipality)."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="districts",
        verbose_name=_("partnership"),
    )
    name = models.CharField(_("name"), max_length=100)
    is_other = models.BooleanField(_("means 'other'"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["partnership", "is_other", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="district_partnership_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Agreement(TimeStampedModel):
    """The signed agreement of a partnership: who signed, its initial period, how often it
    may be extended, and whether it was terminated.

    "Överenskommelsen gäller från och med den 1 januari 2022 till och med den 31 december 2023
    med möjlighet till förlängning ytterligare två (2) gånger två (2) år, om parterna är ense
    därom." (seeds/001_4c89f7ac864d56f0.txt, "Giltighet"). The parties are the partnership's
    public authority and organisation. Periods are read through vises.partnerships.agreements.
    """

    partnership = models.OneToOneField(
        Partnership,
        on_delete=models.CASCADE,
        related_name="agreement",
        verbose_name=_("partnership"),
    )
    title = models.CharField(_("title"), max_length=200)
    signed_on = models.DateField(_("signed on"))
    authority_signatory = models.CharField(
        _("signed for the public authority by"),
        max_length=200,
        help_text=_("Name and title, e.g. Helena Paulsson, avdelningschef"),
    )
    organisation_signatory = models.CharField(
        _("signed for the organisation by"),
        max_length=200,
        help_text=_("Name and title, e.g. Kerstin Aldstedt, ordförande"),
    )
    starts_on = models.DateField(_("first day"))
    initial_ends_on = models.DateField(_("last day of the initial period"))
    extension_options = models.PositiveSmallIntegerField(
        _("extensions allowed"), default=2, validators=[MaxValueValidator(10)]
    )
    extension_years = models.PositiveSmallIntegerField(
        _("years per extension"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    terminated_on = models.DateField(
        _("terminated on"),
        null=True,
        blank=True,
        help_text=_("The last day the agreement was in force."),
    )
    termination_reason = models.TextField(_("reason for the termination"), blank=True)
    settlement_note = models.TextField(_("settlement"), blank=True)
    invoice_address = models.TextField(
        _("invoice address"),
        blank=True,
        help_text=_(
            "Where the yearly invoice is sent, one line each: the recipient, the street or "
            "box, the postcode and town (e.g. Linköpings kommun / Scanningscentralen 150Z / "
            "581 81 Linköping)."
        ),
    )
    invoice_reference = models.CharField(
        _("the buyer's reference"),
        max_length=100,
        blank=True,
        help_text=_("What the invoice quotes as the buyer's reference; empty: the title."),
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(initial_ends_on__gte=models.F("starts_on")),
                name="agreement_initial_period_not_reversed",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.starts_on and self.initial_ends_on and self.initial_ends_on < self.starts_on:
            raise ValidationError(
                {"initial_ends_on": _("The initial period cannot end before it starts.")}
            )


class AgreementExtension(models.Model):
    """One extension the parties agreed on ("om parterna är ense därom"): number n follows
    the initial period (or extension n − 1) for `extension_years` years."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="extensions",
        verbose_name=_("agreement"),
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    decided_on = models.DateField(_("decided on"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement extension")
        verbose_name_plural = _("agreement extensions")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="agreement_extension_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} – {self.number}"
