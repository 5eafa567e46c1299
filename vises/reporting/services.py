"""Writes of the annual report: the narrative sections, the sign-offs, the files to be made.

A version with a sign-off is frozen; changing a narrative then makes a new draft version that
copies the narratives. The operations manager and the municipal officer each sign a version
once; when both have, the version is signed.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.common import audit
from vises.common.text import plain_text
from vises.partnerships.access import Role
from vises.partnerships.models import Partnership
from vises.people.services.naming import no_participant_named
from vises.reporting.annual import NARRATIVE_KEYS, annual_content
from vises.reporting.documents import FORMATS
from vises.reporting.models import (
    SIGNING_ROLES,
    AnnualReport,
    NarrativeSection,
    ReportFile,
    SignOff,
)

MAX_NARRATIVE = 20_000


def _lock(partnership: Partnership) -> None:
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()


def _latest(partnership: Partnership, year: int) -> AnnualReport | None:
    return (
        AnnualReport.objects.filter(partnership=partnership, year=year).order_by("-version").first()
    )


def _new_version(
    partnership: Partnership, year: int, previous: AnnualReport | None
) -> AnnualReport:
    report = AnnualReport(
        partnership=partnership, year=year, version=(previous.version + 1) if previous else 1
    )
    report.full_clean()
    report.save()
    if previous is not None:
        NarrativeSection.objects.bulk_create(
            NarrativeSection(report=report, key=section.key, text=section.text)
            for section in previous.narratives.all()
        )
    return report


@transaction.atomic
def narrative_update(
    *, partnership: Partnership, year: int, key: str, text: str, actor: audit.Actor
) -> AnnualReport:
    """Store a narrative section of the year's current version as plain text (plain_text) and
    return the version written. A frozen (signed) version is not changed: a new draft version
    is made with its narratives, and the change goes there. Raises ValidationError for an
    unknown section, a text over 20 000 characters, or one naming a participant of the
    register (the report goes to the municipality)."""
    if key not in NARRATIVE_KEYS:
        raise ValidationError(_("There is no such section."), code="unknown_section")
    text = plain_text(text)
    if len(text) > MAX_NARRATIVE:
        raise ValidationError(
            _("A section holds at most %(limit)d characters.") % {"limit": MAX_NARRATIVE},
            code="too_long",
        )
    no_participant_named(partnership=partnership, texts={key: text})
    _lock(partnership)
    report = _latest(partnership, year)
    if report is None or report.frozen:
        if report is not None:
            stored = report.narratives.filter(key=key).values_list("text", flat=True).first()
            if (stored or "") == text:
                return report  # nothing changes: the signed version stays the current one
        report = _new_version(partnership, year, report)
        audit.log(actor, "reporting.annualreport.created", report, fields=["version"])
    section, _created = NarrativeSection.objects.get_or_create(report=report, key=key)
    if section.text != text:
        section.text = text
        section.full_clean()
        section.save()
        audit.log(actor, "reporting.narrativesection.updated", section, fields=["text"])
    return report


@transaction.atomic
def report_sign(
    *,
    partnership: Partnership,
    year: int,
    version: int,
    role: str,
    user: User,
    actor: audit.Actor,
) -> SignOff:
    """`user`, holding `role` in the partnership, signs `version` of the year's report (the
    current one; version 1 is made when nothing is written yet). The first sign-off freezes
    the content; when the manager and the municipal officer have both signed, the version is
    signed. Raises ValidationError: a role that does not sign, a version that is not the
    current one, the role has already signed this version."""
    if role not in SIGNING_ROLES:
        raise ValidationError(
            _("Only the operations manager and the municipal officer sign the annual report."),
            code="wrong_role",
        )
    _lock(partnership)
    report = _latest(partnership, year)
    current = report.version if report is not None else 1
    if version != current:
        raise ValidationError(
            _("Version %(version)d is not the current one; version %(current)d is.")
            % {"version": version, "current": current},
            code="not_current",
        )
    if report is None:
        report = _new_version(partnership, year, None)
        audit.log(actor, "reporting.annualreport.created", report, fields=["version"])
    if report.signoffs.filter(role=role).exists():
        raise ValidationError(
            _("%(role)s has already signed version %(version)d.")
            % {"role": Role(role).label, "version": report.version},
            code="already_signed",
        )
    if not report.frozen:
        texts = dict(report.narratives.values_list("key", "text"))
        report.content = annual_content(partnership=partnership, year=year, narratives=texts)
        report.frozen_at = timezone.now()
    signoff = SignOff(report=report, role=role, user=user)
    signoff.full_clean()
    signoff.save()
    if set(report.signoffs.values_list("role", flat=True)) == set(SIGNING_ROLES):
        report.status = AnnualReport.Status.SIGNED
    report.save()
    audit.log(actor, "reporting.annualreport.signed", report, fields=["role"])
    return signoff


@transaction.atomic
def report_file_request(
    *, partnership: Partnership, year: int, fmt: str, actor: audit.Actor
) -> ReportFile:
    """Ask for a file of the year's current version (made now when nothing is written yet);
    it is made in the background (vises.reporting.tasks.report_file_make) after commit.
    Raises ValidationError for an unknown format."""
    if fmt not in FORMATS:
        raise ValidationError(_("There is no such format."), code="unknown_format")
    _lock(partnership)
    report = _latest(partnership, year) or _new_version(partnership, year, None)
    file = ReportFile(
        report=report,
        format=fmt,
        requested_by=actor if isinstance(actor, User) else None,
    )
    file.full_clean()
    file.save()
    audit.log(actor, "reporting.reportfile.requested", file, fields=["format"])
    from vises.reporting.tasks import report_file_make

    transaction.on_commit(lambda: report_file_make.enqueue(file.pk))
    return file


def report_file_make(*, file_id: int) -> str:
    """Make the file (the task's work): its status becomes ready with the bytes, or failed."""
    from vises.reporting.documents import render
    from vises.reporting.selectors import version_content

    file = ReportFile.objects.select_related("report__partnership").filter(pk=file_id).first()
    if file is None or file.status != ReportFile.Status.PENDING:
        return "nothing to do"
    try:
        data = render(version_content(file.report), file.format)
    except Exception:
        ReportFile.objects.filter(pk=file.pk).update(
            status=ReportFile.Status.FAILED, finished_at=timezone.now()
        )
        raise
    ReportFile.objects.filter(pk=file.pk).update(
        status=ReportFile.Status.READY, data=data, finished_at=timezone.now()
    )
    return "ready"
