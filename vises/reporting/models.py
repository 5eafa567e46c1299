"""The annual report's versions, their narrative sections and sign-offs, and the files made
from them (issue 12, point 5; docs/statistics.md, "Annual report").

A version is a draft until someone signs it; the first sign-off freezes its content (the
numbers and the narratives as JSON, so the second signer signs exactly what the first one
did), and a later change to the narratives makes a new version. The version is signed when
both the operations manager and the municipal officer have signed it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vises.partnerships.access import Role
from vises.partnerships.models import Partnership
from vises.reporting.annual import NARRATIVES
from vises.reporting.documents import FORMATS

# Who signs the report: the organisation's manager and the municipality's officer.
SIGNING_ROLES = (Role.MANAGER, Role.MUNICIPAL)


class AnnualReport(models.Model):
    """One version of a partnership's report for one calendar year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SIGNED = "signed", _("signed")

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="annual_reports",
        verbose_name=_("partnership"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Frozen at the first sign-off: vises.reporting.annual.annual_content as it was then.
    content = models.JSONField(_("frozen content"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["partnership", "year", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "version"],
                name="annualreport_partnership_year_version_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partnership_id} {self.year} v{self.version}"

    @property
    def frozen(self) -> bool:
        return self.content is not None


class NarrativeSection(models.Model):
    """A section the coordinator writes, stored as plain text."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="narratives", verbose_name=_("report")
    )
    key = models.CharField(
        _("section"), max_length=20, choices=[(key, title) for key, title in NARRATIVES]
    )
    text = models.TextField(_("text"), blank=True, max_length=20_000)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("narrative section")
        verbose_name_plural = _("narrative sections")
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="narrative_report_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.key}"


class SignOff(models.Model):
    """Who signed which version, in which role, when; once per role and version."""

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="signoffs", verbose_name=_("report")
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=[(role.value, role.label) for role in SIGNING_ROLES],
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "role"], name="signoff_report_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.role}"


class ReportFile(models.Model):
    """A file of a version, made in the background (the page shows its progress)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("being made")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="files", verbose_name=_("report")
    )
    format = models.CharField(
        _("format"), max_length=4, choices=[(fmt, fmt.upper()) for fmt in FORMATS]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    data = models.BinaryField(_("file"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")

    def __str__(self) -> str:
        return f"{self.report} {self.format}"
