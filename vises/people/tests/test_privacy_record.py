"""docs/privacy.md holds the current tables of personal data, so the record cannot drift."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

DOC = Path(settings.PROJECT_DIR) / "docs" / "privacy.md"


def record() -> str:
    out = StringIO()
    call_command("privacy-record", stdout=out)
    return out.getvalue()


def test_the_record_lists_the_register_fields_with_their_handling():
    lines = record().splitlines()

    assert lines[0].startswith("<!-- printed by `vises privacy-record`")
    assert (
        "| person (`people.Person`) | first name (`first_name`) | export+erase+anonymise |" in lines
    )
    assert (
        "| person (`people.Person`) | gender (`gender`) "
        "| export; kept without identity for statistics |" in lines
    )
    assert not any("`common.AuditEvent` | actor" in line for line in lines)  # not personal


def test_docs_privacy_md_holds_the_current_record():
    assert record() in DOC.read_text(encoding="utf-8"), (
        "run `vises privacy-record` and paste its output into docs/privacy.md"
    )
