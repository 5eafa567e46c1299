"""`vises demo`: the real Vi Ses! partnership plus synthetic operations data (DESIGN §9).

Refuses to run without VISES_DEV=1, so no demo user ever reaches production.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vises.cafes import demo as cafes_demo
from vises.companies import demo as companies_demo
from vises.partnerships import demo as partnerships_demo
from vises.partnerships.demo import DEMO_USERS
from vises.partnerships.models import Partnership
from vises.people import demo as people_demo


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
        if options["if_empty"] and Partnership.objects.exists():
            self.stdout.write(_("The database already holds data; no demo data loaded."))
        else:
            partnership = partnerships_demo.load(size=options["size"], seed=options["seed"])
            people = people_demo.load(
                partnership=partnership, size=options["size"], seed=options["seed"]
            )
            companies_demo.load(partnership=partnership, size=options["size"], seed=options["seed"])
            cafes_demo.load(partnership=partnership, size=options["size"], seed=options["seed"])
            self.stdout.write(_("Demo data loaded for %(name)s.") % {"name": partnership.name})
            if people.persons:
                self.stdout.write(
                    _("%(count)s demo persons added to the register.") % {"count": people.persons}
                )
        self.stdout.write(
            _("Demo logins (password: %(password)s):") % {"password": settings.VISES_DEMO_PASSWORD}
        )
        for username, role, _first, _last in DEMO_USERS:
            self.stdout.write(f"  {username:<18} {role}")
