"""`vises erase-person (ID | --phone E164 | --email ADDR)`: erase one person at once, without
asking (scripts and CI have no terminal; DESIGN §9). Audited as "people.person.erased"."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from vises.people.management.commands._person_lookup import add_person_arguments, find_person
from vises.people.services.privacy import person_erase

ACTOR = "system:cli"


class Command(BaseCommand):
    help = "Erase one person's data now (keeps only anonymous statistics). Does not ask."

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_person_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        person = find_person(options)
        person_erase(person=person, actor=ACTOR)
        self.stdout.write(_("Erased person %(id)s.") % {"id": person.pk})
