"""Everything a participant or a language friend reads is translated into every participant
language (issue 9): the messages of the pages, forms, messages and documents they meet
(vises/tests/participant_catalogue.py) are extracted afresh, and each catalogue of ar, fa, so,
ti and uk must translate each of them, with the same placeholders and nothing fuzzy. A new
participant-facing string without its translations turns this red; docs/translations.md says
how to add them and how a native speaker reviews them."""

from __future__ import annotations

import polib
import pytest

from vises.tests.participant_catalogue import (
    LOCALE_DIR,
    PARTICIPANT_LANGUAGES,
    participant_messages,
)
from vises.tests.test_i18n import PLACEHOLDER, _key, _label, _translations


@pytest.fixture(scope="module")
def participant_keys(tmp_path_factory) -> list[tuple[str, str]]:
    catalogue = participant_messages(tmp_path_factory.mktemp("participant"))
    keys = sorted({_key(entry) for entry in catalogue})
    assert len(keys) > 300, "the extraction found too little: check PARTICIPANT_SOURCES"
    return keys


@pytest.mark.parametrize("code", PARTICIPANT_LANGUAGES)
def test_every_participant_message_is_translated(code: str, participant_keys) -> None:
    catalogue = polib.pofile(str(LOCALE_DIR / code / "LC_MESSAGES" / "django.po"))
    entries = {_key(entry): entry for entry in catalogue}
    problems: dict[str, list[str]] = {
        "missing (run `make messages`)": [],
        "untranslated": [],
        "fuzzy": [],
        "placeholders differ": [],
    }
    for key in participant_keys:
        entry = entries.get(key)
        if entry is None:
            problems["missing (run `make messages`)"].append(_label(key))
        elif not all(_translations(entry)):
            problems["untranslated"].append(_label(key))
        elif "fuzzy" in entry.flags:
            problems["fuzzy"].append(_label(key))
        elif any(
            set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(entry.msgid))
            for text in _translations(entry)
        ):
            problems["placeholders differ"].append(_label(key))
    report = "\n".join(
        f"{kind} ({len(items)}):\n" + "\n".join(f"  - {item!r}" for item in items[:40])
        for kind, items in problems.items()
        if items
    )
    if report:
        pytest.fail(f"{code}: participants read untranslated text.\n{report}", pytrace=False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "date"),
    [("so", "Talaado 15 Janaayo 2030"), ("ti", "ሰሉስ 15 ጥሪ 2030"), ("ar", "الثلاثاء 15 يناير 2030")],
)
def test_a_cafes_day_and_month_read_in_the_visitors_language(code: str, date: str) -> None:
    """Django has no Somali or Tigrinya names of days and months: ours (vises/formats/names.py)
    stand in, so the date does not fall back to Swedish."""
    from datetime import UTC, datetime, timedelta

    from django.test import Client

    from vises.cafes.tests.factories import CafeFactory

    starts = datetime(2030, 1, 15, 9, 0, tzinfo=UTC)
    CafeFactory.create(starts_at=starts, ends_at=starts + timedelta(hours=1))

    page = Client(HTTP_ACCEPT_LANGUAGE=code).get("/cafes/").content.decode()

    assert f'<html lang="{code}"' in page
    assert date in page
    assert "januari" not in page and "tisdag" not in page
