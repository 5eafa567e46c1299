"""`vises demo`: the real Vi Ses! partnership plus synthetic operations data (DESIGN §9).

Each app registers its step (vises.common.demo); this command runs them in order. Refuses to
run without VISES_DEV=1, so no demo user ever reaches production.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vises.common.demo import DemoRun, steps


class Command(BaseCommand):
    help = "Load the demo partnership and one demo user per role (development only)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--size", choices=["small", "large"], default="small")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when a partnership exists"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.VISES_DEV:
            raise CommandError(
                _("vises demo only runs with VISES_DEV=1: demo users must never reach production.")
            )
        registered = steps()
        if options["if_empty"] and any(step.has_data and step.has_data() for step in registered):
            self.stdout.write(_("The database already holds data; no demo data loaded."))
        else:
            run = DemoRun(size=options["size"], seed=options["seed"])
            for step in registered:
                step.load(run)
            for line in run.report:
                self.stdout.write(line)
        self.stdout.write(
            _("Demo logins (password: %(password)s):") % {"password": settings.VISES_DEMO_PASSWORD}
        )
        for step in registered:
            for line in step.logins() if step.logins else []:
                self.stdout.write(line)
