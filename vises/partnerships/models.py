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
