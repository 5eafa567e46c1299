"""`vises export-person (ID | --phone E164 | --email ADDR)`: everything stored about one
person as JSON on standard output (DESIGN §9). Audited as "people.person.exported"."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

from vises.people.management.commands._person_lookup import add_person_arguments, find_person
from vises.people.services.privacy import person_export

ACTOR = "system:cli"


class Command(BaseCommand):
    help = "Print everything stored about one person as JSON."

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_person_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        person = find_person(options)
        data = person_export(person=person, actor=ACTOR)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder))
