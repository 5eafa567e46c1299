"""`vises audit verify` recomputes every chain; `vises audit record-heads` writes the heads out."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vises.common import audit


class Command(BaseCommand):
    help = "Verify the audit log's hash chains, or record their heads outside the database."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="Recompute each chain; name the first broken event.")
        verify.add_argument("--heads-file", type=Path, default=None)
        record = sub.add_parser("record-heads", help="Append each chain's head to the heads file.")
        record.add_argument("--heads-file", type=Path, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "record-heads":
            count = audit.record_heads(options["heads_file"])
            self.stdout.write(_("Recorded the heads of %(count)d chains.") % {"count": count})
            return
        reports = audit.verify_chains(options["heads_file"])
        broken = [report for report in reports if not report.ok]
        for report in reports:
            if report.ok:
                self.stdout.write(
                    _("%(chain)s: %(events)d events, intact")
                    % {"chain": report.chain, "events": report.events}
                )
        if broken:
            raise CommandError(
                "; ".join(
                    _("%(chain)s is broken: %(reason)s")
                    % {"chain": report.chain, "reason": report.reason}
                    for report in broken
                )
            )
        self.stdout.write(
            _("The audit log is intact (%(count)d chains).") % {"count": len(reports)}
        )
