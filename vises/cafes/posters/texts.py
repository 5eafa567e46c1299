"""What a poster says, in plain words, as message ids of the catalogues (English ids, read in
each language of the poster through translation.override).

The new ids here are participant-facing: docs/marketing.md says how they reach the
participant languages. Until a language translates all of them, the coordinator's form says
so, because an untranslated message prints in Swedish (Django's fallback to the default language).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop, override

HEADLINE = gettext_noop("Meet people. Practise Swedish. Learn about work.")
WHAT = gettext_noop(
    "A pop-up café is a coffee break at a company. You meet the people who work there "
    "and hear about jobs and studies."
)
FREE = gettext_noop("It is free. You do not need to speak good Swedish.")
GENERAL = gettext_noop("New cafés at different companies all year. Choose one that suits you.")
SCAN = gettext_noop("Scan the code with the camera of your phone, or write the address:")
# Already on the public pages, so already translated there.
CAFE_AT = gettext_noop("Café at %(company)s")
WHEN = gettext_noop("When")
WHERE = gettext_noop("Where")
SIGN_UP = gettext_noop("Sign up")
ALL_CAFES = gettext_noop("All upcoming cafés")

# What a café's poster prints, and what the general poster prints.
CAFE_MESSAGES = (HEADLINE, WHAT, FREE, SCAN, CAFE_AT, WHEN, WHERE, SIGN_UP)
GENERAL_MESSAGES = (HEADLINE, WHAT, FREE, SCAN, GENERAL, ALL_CAFES)
ALL_MESSAGES = tuple(dict.fromkeys(CAFE_MESSAGES + GENERAL_MESSAGES))


def _swedish(message: str) -> str:
    with override("sv"):
        return gettext(message)


def _text(message: str) -> str:
    """The message in the active language; where the catalogue lacks it, the Swedish text
    Django falls back to, marked as Swedish so it reads left to right even in an Arabic block."""
    own = gettext(message)
    language = get_language() or ""
    if language.startswith(("en", "sv")) or own != _swedish(message):
        return own
    return format_html('<span lang="sv" dir="ltr">{}</span>', own)


@dataclass(frozen=True)
class PosterTexts:
    """The sentences of one language block, in the active language."""

    headline: str
    what: str
    free: str
    scan: str
    general: str
    when: str
    where: str
    sign_up: str
    all_cafes: str

    @classmethod
    def active(cls) -> PosterTexts:
        return cls(
            headline=_text(HEADLINE),
            what=_text(WHAT),
            free=_text(FREE),
            scan=_text(SCAN),
            general=_text(GENERAL),
            when=_text(WHEN),
            where=_text(WHERE),
            sign_up=_text(SIGN_UP),
            all_cafes=_text(ALL_CAFES),
        )


def cafe_at(company: str) -> SafeString:
    """ "Café at <bdi>company</bdi>" in the active language, escaped."""
    sentence = escape(gettext(CAFE_AT))
    return mark_safe(sentence % {"company": format_html("<bdi>{}</bdi>", company)})  # noqa: S308


def untranslated(messages: tuple[str, ...] = ALL_MESSAGES) -> list[str]:
    """The poster's messages that the active language does not translate: Django then prints
    the default language's text, Swedish. English never falls back (its ids are its text)."""
    language = get_language() or ""
    if language.startswith(("en", "sv")):
        return []
    return [message for message in messages if gettext(message) == _swedish(message)]
