"""Languages: Swedish is always complete, and the language is chosen without a URL prefix.

The catalogue test extracts the messages afresh from a copy of the source tree, so a string
added to the code or a template without a Swedish translation turns it red. Fix it with
`make messages` and translate the new entries in vises/locale/sv/LC_MESSAGES/django.po.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from datetime import date
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

VISES_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = VISES_DIR / "locale"
SV_CATALOGUE = LOCALE_DIR / "sv" / "LC_MESSAGES" / "django.po"
SOURCE_SUFFIXES = {".py", ".html", ".txt"}  # what makemessages reads for the django domain
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]")

# Swedish words spelt exactly like their English message ids. Keep this list short.
SAME_IN_SWEDISH = {
    "Vi Ses!",
    "Start",
    "Budget %(year)s",
    "dimension",
    "Status",
    "status",
    "Administration",
    "organisation",
    "API",
    "Café",
    "café",
    "Person",
    "person",
    "%(counter)s person",
    "Man",
    "1–3",
    "version",
    "Version",
    "Text",
    "text",
    "Budget",
    "Budget %(year)d",
    "Period",
    "org.nr",
}


def _key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def _label(key: tuple[str, str]) -> str:
    context, msgid = key
    return f"{context}|{msgid}" if context else msgid


def _translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _copy_sources(target: Path) -> None:
    """Copy the Python files and templates of the project, nothing else (no locale folder)."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        return {
            name
            for name in names
            if name in {"locale", "static", "__pycache__"}
            or (not (Path(folder) / name).is_dir() and Path(name).suffix not in SOURCE_SUFFIXES)
        }

    shutil.copytree(VISES_DIR, target, ignore=ignore)


@pytest.fixture
def fresh_sv_catalogue(tmp_path: Path, settings, monkeypatch) -> polib.POFile:
    """The Swedish catalogue as `make messages` would extract it now, written in tmp_path."""
    source = tmp_path / "vises"
    _copy_sources(source)
    (source / "locale").mkdir()
    settings.LOCALE_PATHS = [source / "locale"]
    monkeypatch.chdir(source)
    committed_before = hashlib.sha256(SV_CATALOGUE.read_bytes()).hexdigest()
    call_command("makemessages", locale=["sv"], no_location=True, no_obsolete=True, verbosity=0)
    assert hashlib.sha256(SV_CATALOGUE.read_bytes()).hexdigest() == committed_before
    return polib.pofile(str(source / "locale" / "sv" / "LC_MESSAGES" / "django.po"))


def test_swedish_catalogue_translates_every_message(fresh_sv_catalogue: polib.POFile) -> None:
    committed = {_key(entry): entry for entry in polib.pofile(str(SV_CATALOGUE))}
    assert len(fresh_sv_catalogue) > 0, "makemessages extracted nothing"
    problems: dict[str, list[str]] = {
        "missing from sv/django.po (run `make messages`)": [],
        "untranslated": [],
        "fuzzy": [],
        "same as the English id": [],
        "placeholders differ from the English id": [],
    }
    for fresh in fresh_sv_catalogue:
        key = _key(fresh)
        entry = committed.get(key)
        if entry is None:
            problems["missing from sv/django.po (run `make messages`)"].append(_label(key))
            continue
        translations = _translations(entry)
        if not all(translations):
            problems["untranslated"].append(_label(key))
        elif "fuzzy" in entry.flags:
            problems["fuzzy"].append(_label(key))
        elif translations[0] == entry.msgid and entry.msgid not in SAME_IN_SWEDISH:
            problems["same as the English id"].append(_label(key))
        elif any(
            set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(entry.msgid))
            for text in translations
        ):
            problems["placeholders differ from the English id"].append(_label(key))
    report = "\n".join(
        f"{kind}:\n" + "\n".join(f"  - {msgid!r}" for msgid in msgids)
        for kind, msgids in problems.items()
        if msgids
    )
    if report:
        pytest.fail("Swedish must always be complete.\n" + report, pytrace=False)


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_every_catalogue_has_a_usable_header(code: str) -> None:
    catalogue = polib.pofile(str(LOCALE_DIR / code / "LC_MESSAGES" / "django.po"))
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata["Language"] == code
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=")
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not fuzzy, f"fuzzy entries in {code}/django.po: {fuzzy}"


@pytest.mark.django_db
def test_swedish_is_the_default_language() -> None:
    response = Client().get("/")
    assert '<html lang="sv" dir="ltr"' in response.text
    assert "Hoppa till innehållet" in response.text


@pytest.mark.django_db
def test_the_language_cookie_chooses_the_language() -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/")
    assert settings.LANGUAGE_COOKIE_NAME == "vises_language"
    assert '<html lang="en" dir="ltr"' in response.text
    assert "Skip to content" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["ar", "fa"])
def test_right_to_left_languages_turn_the_page(code: str) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    assert f'<html lang="{code}" dir="rtl"' in client.get("/").text


@pytest.mark.django_db
def test_accept_language_is_honoured_without_a_cookie() -> None:
    response = Client().get("/", headers={"accept-language": "uk,en;q=0.5"})
    assert '<html lang="uk" dir="ltr"' in response.text


@pytest.mark.django_db
def test_set_language_stores_the_choice_in_a_cookie_and_goes_back() -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en"' in client.get("/").text


def test_paths_carry_no_language_prefix() -> None:
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            assert reverse("home") == "/"


def test_somali_and_tigrinya_are_offered_with_their_own_names() -> None:
    codes = [code for code, _name in settings.LANGUAGES]
    assert codes == ["sv", "en", "ar", "fa", "so", "ti", "uk"]
    assert translation.get_language_info("so")["name_local"] == "Soomaali"
    assert translation.get_language_info("ti")["name_local"] == "ትግርኛ"
    assert not translation.get_language_info("so")["bidi"]
    assert not translation.get_language_info("ti")["bidi"]


@pytest.mark.parametrize(("code", "first_day"), [("so", 6), ("ti", 1)])
def test_somali_and_tigrinya_formats_load(code: str, first_day: int) -> None:
    modules = formats.get_format_modules(lang=code)
    assert [module.__name__ for module in modules][:1] == [f"vises.formats.{code}.formats"]
    assert formats.get_format("DATE_FORMAT", lang=code) == "j F Y"
    assert formats.get_format("FIRST_DAY_OF_WEEK", lang=code) == first_day
    with translation.override(code):
        assert formats.date_format(date(2026, 3, 1), "SHORT_DATE_FORMAT") == "01/03/2026"
