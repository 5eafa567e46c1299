"""`vises budget --year YYYY [--partnership SLUG] [--json]`: the agreement's budget for one
calendar year (DESIGN §9).

`--json` prints `{"year", "total", "municipality", "organisation", "lines": [{"category",
"payer", "kind", "amount"}]}` with amounts as strings with two decimals; without it a table.
Exit codes: 0 done; 1 refused (one line on stderr): no partnership or agreement, several
partnerships and no `--partnership`, a year outside every period of the agreement; 2 wrong
usage (argparse).
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vises.economy.budget import budget_for_year
from vises.partnerships import agreements
from vises.partnerships.models import Partnership


def find_partnership(slug: str | None) -> Partnership:
    """The partnership named, or the only one; CommandError otherwise."""
    if slug:
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            raise CommandError(_("No partnership is called %(slug)s.") % {"slug": slug})
        return partnership
    slugs = list(Partnership.objects.order_by("slug").values_list("slug", flat=True))
    if not slugs:
        raise CommandError(_("No partnership is registered."))
    if len(slugs) > 1:
        raise CommandError(
            _("Several partnerships exist (%(slugs)s); name one with --partnership.")
            % {"slugs": ", ".join(slugs)}
        )
    return Partnership.objects.get(slug=slugs[0])


class Command(BaseCommand):
    help = "Print the agreement's budget for one calendar year."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="the calendar year, e.g. 2024")
        parser.add_argument("--partnership", metavar="SLUG", help="needed when there are several")
        parser.add_argument("--json", action="store_true", help="print JSON (DESIGN §9)")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = find_partnership(options["partnership"])
        agreement = agreements.agreement_of(partnership=partnership)
        if agreement is None:
            raise CommandError(
                _("The partnership %(slug)s has no agreement recorded.")
                % {"slug": partnership.slug}
            )
        year = options["year"]
        years = agreements.covered_years(agreement)
        if year not in years:
            raise CommandError(
                _("The agreement does not cover %(year)d; it covers %(years)s.")
                % {"year": year, "years": agreements.years_text(years)}
            )
        budget = budget_for_year(year)
        if options["json"]:
            self.stdout.write(json.dumps(budget.as_json(), ensure_ascii=False))
            return
        width = max(len(line.category) for line in budget.lines)
        self.stdout.write(_("Budget %(year)d") % {"year": year})
        for line in budget.lines:
            self.stdout.write(
                f"  {line.category:<{width}}  {line.payer:<12}  {line.amount:>12,.2f}"
            )
        self.stdout.write(
            f"  {_('municipality'):<{width}}  {'':<12}  {budget.municipality:>12,.2f}"
        )
        self.stdout.write(
            f"  {_('organisation'):<{width}}  {'':<12}  {budget.organisation:>12,.2f}"
        )
        self.stdout.write(f"  {_('total'):<{width}}  {'':<12}  {budget.total:>12,.2f}")
