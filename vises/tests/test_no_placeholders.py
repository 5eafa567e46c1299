"""No page promises what does not exist yet: no template text says something "appears here"
later, in English or in Swedish ("här visas … när …")."""

from __future__ import annotations

import re
from pathlib import Path

import polib

import vises

ROOT = Path(vises.__file__).parent
PROMISE_EN = re.compile(r"appears? here|will (appear|be shown)|shown here (when|as)", re.I)
PROMISE_SV = re.compile(r"(visas|dyker upp) här|här visas|kommer att visas", re.I)


def test_no_template_promises_a_later_capability():
    promises = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for match in PROMISE_EN.finditer(path.read_text(encoding="utf-8"))
    ]

    assert promises == []


def test_no_swedish_text_promises_a_later_capability():
    catalogue = polib.pofile(str(ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"))
    promises = [
        entry.msgstr or entry.msgstr_plural.get(0, "")
        for entry in catalogue
        if PROMISE_SV.search(entry.msgstr or "")
        or any(PROMISE_SV.search(text) for text in entry.msgstr_plural.values())
    ]

    assert promises == []
