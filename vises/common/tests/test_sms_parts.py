"""SMS part counting (3GPP TS 23.038/23.040): GSM-7 with its extension table, else UCS-2 in
UTF-16 code units; a part never splits an escape pair or a surrogate pair."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from vises.common.sms_parts import GSM7_BASIC, GSM7_EXTENSION, is_gsm7, sms_part_count, sms_parts

BASIC = st.sampled_from(sorted(GSM7_BASIC))
EXTENSION = st.sampled_from(sorted(GSM7_EXTENSION))
# Characters of the Basic Multilingual Plane outside GSM-7: Arabic, Ethiopic, Cyrillic, dashes.
NON_GSM_BMP = st.characters(min_codepoint=0x0100, max_codepoint=0xD7FF).filter(
    lambda char: char not in GSM7_BASIC and char not in GSM7_EXTENSION
)
ASTRAL = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)  # emoji


def expected_parts(units: int, single: int, multi: int) -> int:
    return 1 if units <= single else math.ceil(units / multi)


def test_the_alphabets_are_the_standards():
    assert len(GSM7_BASIC) == 127  # 128 codes, less the escape
    assert sorted(GSM7_EXTENSION) == sorted("\f^{}\\[~]|€")
    assert is_gsm7("Hej Åsa! Välkommen till caféet, 14:00 @ Ölands Bröd & Co.")
    assert not is_gsm7("Café – 14:00")  # the en dash is not GSM-7


def test_the_boundaries_of_each_encoding():
    assert [sms_part_count("a" * n) for n in (0, 1, 160, 161, 306, 307, 459, 460)] == [
        1, 1, 1, 2, 2, 3, 3, 4,
    ]  # fmt: skip
    assert [sms_part_count("ب" * n) for n in (70, 71, 134, 135, 201, 202)] == [1, 2, 2, 3, 3, 4]
    assert sms_parts("€" * 80) == sms_parts("€" * 80).__class__("gsm7", 160, 1)
    assert sms_parts("€" * 81).parts == 2
    assert sms_parts("😀" * 35) == sms_parts("😀").__class__("ucs2", 70, 1)
    assert sms_parts("😀" * 36).parts == 2


@given(st.text(BASIC, max_size=700))
def test_basic_gsm7_counts_one_septet_a_character(text):
    parts = sms_parts(text)

    assert (parts.encoding, parts.units) == ("gsm7", len(text))
    assert parts.parts == expected_parts(len(text), 160, 153)


@given(st.text(BASIC, max_size=300), st.lists(EXTENSION, min_size=1, max_size=100))
def test_each_extension_character_counts_two_septets(text, extension):
    message = text + "".join(extension)

    parts = sms_parts(message)

    assert (parts.encoding, parts.units) == ("gsm7", len(text) + 2 * len(extension))
    assert parts.parts >= expected_parts(parts.units, 160, 153)


@given(st.text(BASIC, max_size=300), NON_GSM_BMP, st.text(BASIC, max_size=300))
def test_one_character_outside_gsm7_makes_the_whole_text_ucs2(before, char, after):
    text = before + char + after

    parts = sms_parts(text)

    assert (parts.encoding, parts.units) == ("ucs2", len(text))
    assert parts.parts == expected_parts(len(text), 70, 67)


@given(st.text(NON_GSM_BMP, min_size=1, max_size=200), st.lists(ASTRAL, max_size=60))
def test_ucs2_counts_utf16_code_units_and_emoji_are_two(text, emoji):
    message = text + "".join(emoji)

    parts = sms_parts(message)

    assert parts.units == len(message.encode("utf-16-le")) // 2 == len(text) + 2 * len(emoji)
    assert parts.parts >= expected_parts(parts.units, 70, 67)


@given(st.text(max_size=500), st.text(max_size=50))
def test_a_longer_text_never_takes_fewer_parts_in_the_same_encoding(text, more):
    if is_gsm7(text) == is_gsm7(text + more):
        assert sms_part_count(text + more) >= sms_part_count(text)


def split(text: str) -> list[str]:
    """A reference splitter: fill each part up to its limit, never splitting a character."""
    gsm7 = is_gsm7(text)

    def width(char: str) -> int:
        if gsm7:
            return 2 if char in GSM7_EXTENSION else 1
        return 2 if ord(char) > 0xFFFF else 1

    single, multi = (160, 153) if gsm7 else (70, 67)
    if sum(map(width, text)) <= single:
        return [text]
    parts, current, used = [], "", 0
    for char in text:
        if used + width(char) > multi:
            parts.append(current)
            current, used = "", 0
        current += char
        used += width(char)
    return [*parts, current]


@given(st.text(st.one_of(BASIC, EXTENSION, NON_GSM_BMP, ASTRAL), max_size=600))
def test_the_count_is_the_number_of_parts_a_splitter_makes(text):
    assert sms_part_count(text) == len(split(text))
    assert "".join(split(text)) == text
