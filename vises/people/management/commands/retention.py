"""`vises retention [--apply]`: how many persons are due for anonymisation per partnership
(no names), or anonymise them now. The daily job does the same (vises.people.tasks)."""

from __future__ import annotations

from argparse import ArgumentParser
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.partnerships.models import Partnership
from vises.people.services.privacy import retention_apply, retention_candidates

ACTOR = "system:retention"


class Command(BaseCommand):
    help = "List persons due for anonymisation (counts only), or anonymise them with --apply."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--apply", action="store_true", help="anonymise them now (no question asked)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["apply"]:
            count = retention_apply(now=now, actor=ACTOR)
            self.stdout.write(_("Anonymised %(count)d persons.") % {"count": count})
            return
        due = Counter(retention_candidates(now=now).values_list("partnership_id", flat=True))
        for partnership in Partnership.objects.order_by("slug"):
            self.stdout.write(
                _("%(slug)s: %(count)d due (no activity for %(months)d months)")
                % {
                    "slug": partnership.slug,
                    "count": due.get(partnership.pk, 0),
                    "months": partnership.retention_months,
                }
            )
        self.stdout.write(
            _("%(count)d persons due in all; anonymise them with --apply.")
            % {"count": sum(due.values())}
        )
