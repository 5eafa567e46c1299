"""`vises report --year YYYY --format docx|pdf|xlsx -o PATH [--partnership SLUG]`: the annual
report of one calendar year as a file (issue 12, point 5; docs/statistics.md).

The file holds the year's current version: a signed version exactly as it was signed, else the
draft with today's numbers. Every table of persons is suppressed as for the municipal role.
Exit codes (DESIGN §9): 0 written; 1 refused (one line on stderr): no partnership or several and
no `--partnership`, an unknown one, a year out of range, a path that cannot be written; 2 wrong
usage (argparse: a missing option, an unknown format).
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vises.economy.management.commands.budget import find_partnership
from vises.reporting import documents
from vises.reporting.annual import FIRST_YEAR, LAST_YEAR
from vises.reporting.selectors import report_content


class Command(BaseCommand):
    help = "Write the annual report of one calendar year as DOCX, PDF or XLSX."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="the calendar year, e.g. 2025")
        parser.add_argument("--format", required=True, choices=documents.FORMATS, dest="fmt")
        parser.add_argument("-o", "--output", required=True, metavar="PATH", help="the file")
        parser.add_argument("--partnership", metavar="SLUG", help="needed when there are several")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(
                _("The year must be between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        partnership = find_partnership(options["partnership"])
        target = Path(options["output"])
        if not target.parent.is_dir():
            raise CommandError(
                _("The folder %(folder)s does not exist.") % {"folder": target.parent}
            )
        data = documents.render(report_content(partnership=partnership, year=year), options["fmt"])
        try:
            target.write_bytes(data)
        except OSError as error:
            raise CommandError(
                _("The file %(path)s cannot be written: %(reason)s")
                % {"path": target, "reason": error.strerror}
            ) from None
        self.stdout.write(str(target))
