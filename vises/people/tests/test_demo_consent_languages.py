"""The demo's consent texts in every language a participant may read, and the sign-up page
showing the one in the visitor's language instead of the Swedish."""

from __future__ import annotations

import pytest
from django.test import Client

from vises.cafes.tests.factories import CafeFactory
from vises.partnerships.models import Partnership
from vises.people.demo import consent_texts_ensure
from vises.people.models import ConsentPurpose, ConsentText

LANGUAGES = ("sv", "en", "ar", "fa", "so", "ti", "uk")

# A sentence of each register text that only that language's text has.
REGISTER_WORDS = {
    "ar": "لا تحصل البلدية أبدًا على اسمي",
    "fa": "هرگز نام مرا نمی\u200cگیرد",
    "so": "weligeed ma hesho magacayga",
    "ti": "ምምሕዳር ከተማ ስመይ ፈጺሙ ኣይወሃቦን",
    "uk": "Муніципалітет ніколи не отримує мого імені",
}


def test_every_purpose_has_a_text_in_every_language(partnership: Partnership):
    texts = consent_texts_ensure(partnership=partnership)

    expected = {(purpose, language) for purpose in ConsentPurpose.values for language in LANGUAGES}
    assert set(texts) == expected
    published = ConsentText.objects.filter(partnership=partnership)
    assert set(published.values_list("purpose", "language")) == expected


def test_the_texts_are_published_once(partnership: Partnership):
    first = consent_texts_ensure(partnership=partnership)
    again = consent_texts_ensure(partnership=partnership)

    assert again == first
    assert ConsentText.objects.filter(partnership=partnership).count() == 3 * len(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_text_is_filled_in_with_the_partnerships_names(
    partnership: Partnership, language: str
):
    texts = consent_texts_ensure(partnership=partnership)

    for purpose in ConsentPurpose.values:
        text = texts[(purpose, language)].text
        assert "{" not in text and "}" not in text, (purpose, text)
        assert partnership.organisation.name in text, purpose
        assert text.count("\n\n") == 1, purpose  # "Purpose: …", a blank line, the agreement
    assert partnership.name in texts[(ConsentPurpose.REGISTER, language)].text
    assert partnership.name in texts[(ConsentPurpose.MESSAGES, language)].text
    assert str(partnership.retention_months) in texts[(ConsentPurpose.REGISTER, language)].text


def test_the_texts_of_a_language_are_its_own(partnership: Partnership):
    texts = consent_texts_ensure(partnership=partnership)

    for language, words in REGISTER_WORDS.items():
        assert words in texts[(ConsentPurpose.REGISTER, language)].text
    wordings = [text.text for text in texts.values()]
    assert len(set(wordings)) == len(wordings)  # no language left with a copy of another's


@pytest.mark.parametrize("language", sorted(REGISTER_WORDS))
def test_the_signup_page_shows_the_consent_text_in_the_visitors_language(
    partnership: Partnership, language: str
):
    consent_texts_ensure(partnership=partnership)
    cafe = CafeFactory.create(company__partnership=partnership)

    response = Client(HTTP_ACCEPT_LANGUAGE=language).get(f"/cafes/{cafe.pk}/signup/")

    page = response.content.decode()
    assert response.status_code == 200
    direction = "rtl" if language in ("ar", "fa") else "ltr"
    assert f'<p lang="{language}" dir="{direction}">' in page
    assert REGISTER_WORDS[language] in page
    assert "Jag samtycker" not in page
