"""Reads of the annual report that the pages, the command and the task need."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vises.partnerships.access import Role
from vises.partnerships.models import Partnership
from vises.reporting.annual import annual_content
from vises.reporting.models import AnnualReport, ReportFile, SignOff


def versions(*, partnership: Partnership, year: int) -> QuerySet[AnnualReport]:
    """Every version of the year's report, newest first, with their sign-offs and signers
    (two queries)."""
    return (
        AnnualReport.objects.filter(partnership=partnership, year=year)
        .order_by("-version")
        .prefetch_related(
            Prefetch("signoffs", queryset=SignOff.objects.select_related("user").order_by("pk"))
        )
    )


def current_version(*, partnership: Partnership, year: int) -> AnnualReport | None:
    return (
        AnnualReport.objects.filter(partnership=partnership, year=year).order_by("-version").first()
    )


def current_versions(*, partnership: Partnership, years: list[int]) -> dict[int, AnnualReport]:
    """The newest version of each year's report (one query)."""
    current: dict[int, AnnualReport] = {}
    for report in AnnualReport.objects.filter(partnership=partnership, year__in=years).defer(
        "content"
    ):
        if report.year not in current or report.version > current[report.year].version:
            current[report.year] = report
    return current


def signer_name(signoff: SignOff) -> str:
    user: Any = signoff.user
    return str(user.get_full_name() or user.get_username())


def version_info(report: AnnualReport | None) -> dict[str, Any]:
    """The version as the report prints it: number, status and who signed when."""
    with translation.override(settings.LANGUAGE_CODE):
        if report is None:
            return {
                "number": 1,
                "status": AnnualReport.Status.DRAFT.value,
                "text": _("Version 1, draft."),
                "signoffs": [],
            }
        signoffs = []
        for signoff in report.signoffs.all():
            at = timezone.localtime(signoff.signed_at).strftime("%Y-%m-%d %H:%M")
            role = str(Role(signoff.role).label)
            name = signer_name(signoff)
            signoffs.append(
                {
                    "role": signoff.role,
                    "name": name,
                    "at": at,
                    "text": _("%(role)s: signed by %(name)s on %(at)s.")
                    % {"role": role, "name": name, "at": at},
                }
            )
        if report.status == AnnualReport.Status.SIGNED:
            text = _("Version %(version)d, signed.")
        elif report.frozen:
            text = _("Version %(version)d, awaiting the second signature.")
        else:
            text = _("Version %(version)d, draft.")
        return {
            "number": report.version,
            "status": report.status,
            "text": text % {"version": report.version},
            "signoffs": signoffs,
        }


def version_content(report: AnnualReport) -> dict[str, Any]:
    """The content of one version: frozen as it was first signed, else today's numbers with
    its narratives; the sign-offs always as they stand."""
    if report.content is not None:
        return {**report.content, "version": version_info(report)}
    texts = dict(report.narratives.values_list("key", "text"))
    return annual_content(
        partnership=report.partnership,
        year=report.year,
        narratives=texts,
        version=version_info(report),
    )


def report_content(*, partnership: Partnership, year: int) -> dict[str, Any]:
    """The content of the year's current version (a draft of today's numbers when nothing
    is written or signed yet)."""
    report = current_version(partnership=partnership, year=year)
    if report is None:
        return annual_content(partnership=partnership, year=year, version=version_info(None))
    return version_content(report)


def report_file(*, partnership: Partnership, file_id: int) -> ReportFile | None:
    """A file of one of the partnership's reports, without its bytes (None: not ours)."""
    return (
        ReportFile.objects.filter(pk=file_id, report__partnership=partnership)
        .select_related("report")
        .defer("data")
        .first()
    )


def report_file_data(*, partnership: Partnership, file_id: int) -> ReportFile | None:
    return (
        ReportFile.objects.filter(
            pk=file_id, report__partnership=partnership, status=ReportFile.Status.READY
        )
        .select_related("report")
        .first()
    )
