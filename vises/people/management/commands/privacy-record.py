"""`vises privacy-record`: the tables of personal data for the record of processing
(docs/privacy.md), printed from the field classification, so the document cannot drift."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils import translation

from vises.common.privacy import Classification, declared_fields

HEADER = "<!-- printed by `vises privacy-record`: edit the declarations, not this table -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(rows: list[tuple[str, str, Classification]]) -> list[str]:
    lines = ["| Record | Field | Handling |", "|---|---|---|"]
    for label, name, item in rows:
        model = apps.get_model(label)
        field = model._meta.get_field(name)
        verbose = str(getattr(field, "verbose_name", name))
        lines.append(
            f"| {_cell(str(model._meta.verbose_name))} (`{label}`) "
            f"| {_cell(verbose)} (`{name}`) | {_cell(item.handling)} |"
        )
    return lines


def _record_order(label: str) -> tuple[bool, bool, str]:
    """The person first, then the rest of the register, then everything else."""
    return (label != "people.Person", not label.startswith("people."), label)


def privacy_record() -> str:
    """The markdown tables, in English."""
    declared = declared_fields()
    rows = [
        (label, name, item)
        for label in sorted(declared, key=_record_order)
        for name, item in declared[label].items()
        if item.personal
    ]
    register = [row for row in rows if row[2].register_data]
    other = [row for row in rows if not row[2].register_data]
    with translation.override("en"):
        lines = [
            HEADER,
            "",
            "#### Data about people in the register",
            "",
            *_table(register),
            "",
            "#### Other personal data (staff accounts, company contacts, security records)",
            "",
            *_table(other),
        ]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Print the tables of personal data for docs/privacy.md from the field classification."
    requires_system_checks: list[str] = []  # reads declarations only, no database

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(privacy_record(), ending="")
