"""How many parts an SMS text is sent as (3GPP TS 23.038 and 23.040).

A text that uses only the GSM 7-bit default alphabet and its extension table goes as GSM-7:
160 septets in one part, 153 per part when it needs more (a part's user-data header takes 7
septets). An extension character (€ [ ] { } ^ ~ \\ | and the form feed) is an escape plus
the character: 2 septets, and a part never splits the pair. Any other character makes the
whole text UCS-2: 70 UTF-16 code units in one part, 67 per part otherwise, where a character
outside the Basic Multilingual Plane (most emoji) is a surrogate pair of 2 units that a part
never splits either.

Pure Python without Django: `sms_parts(text)` is what the message budgets of
templates/messages/sms/ are measured with (vises/people/tests/test_sms_budgets.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# The GSM 7-bit default alphabet (23.038 §6.2.1), in code order; "\x1b" (the escape to the
# extension table) is left out: it is not a character a text can hold.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The default extension table (23.038 §6.2.1.1): each is sent as escape + character.
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE = 160
GSM7_MULTI = 153
UCS2_SINGLE = 70
UCS2_MULTI = 67

Encoding = Literal["gsm7", "ucs2"]


@dataclass(frozen=True)
class SmsParts:
    """How a text goes: its encoding, its length in that encoding's units (septets or
    UTF-16 code units) and how many parts it is sent as."""

    encoding: Encoding
    units: int
    parts: int


def is_gsm7(text: str) -> bool:
    """True when every character is in the GSM-7 default alphabet or its extension table."""
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def _count_parts(widths: list[int], single: int, multi: int) -> int:
    """Parts needed for characters of these widths: one part when they fit `single` units,
    otherwise parts of `multi` units, a character never split between two parts."""
    total = sum(widths)
    if total == 0:
        return 1  # an empty text is still one (empty) message
    if total <= single:
        return 1
    parts, used = 1, 0
    for width in widths:
        if used + width > multi:
            parts += 1
            used = 0
        used += width
    return parts


def sms_parts(text: str) -> SmsParts:
    """The encoding, length and number of parts the text is sent as."""
    if is_gsm7(text):
        widths = [2 if char in GSM7_EXTENSION else 1 for char in text]
        return SmsParts("gsm7", sum(widths), _count_parts(widths, GSM7_SINGLE, GSM7_MULTI))
    widths = [2 if ord(char) > 0xFFFF else 1 for char in text]
    return SmsParts("ucs2", sum(widths), _count_parts(widths, UCS2_SINGLE, UCS2_MULTI))


def sms_part_count(text: str) -> int:
    """How many parts the text is sent as."""
    return sms_parts(text).parts
