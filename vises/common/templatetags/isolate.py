"""Names inside translated sentences, isolated so that a left-to-right name in a right-to-left
page (Bageriet AB in Arabic) or the reverse cannot scramble the sentence around it: `|bdi`
in HTML, `|isolate_text` in plain text (messages)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def bdi(value: Any) -> SafeString:
    """`value` escaped inside <bdi>…</bdi>: {% blocktranslate with company=name|bdi %}."""
    return format_html("<bdi>{}</bdi>", value)


# Unicode's FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE: <bdi> for plain text.
FSI = "\u2068"
PDI = "\u2069"


def isolate_text_value(value: Any) -> str:
    """`value` between FSI and PDI when the active language is right-to-left, otherwise as
    it is: the isolates are not in the GSM-7 alphabet, so in a left-to-right SMS they would
    only force the costlier UCS-2 encoding."""
    text = "" if value is None else str(value)
    if not text or not translation.get_language_bidi():
        return text
    return f"{FSI}{text}{PDI}"


@register.filter
def isolate_text(value: Any) -> str:
    """For plain text (SMS, the text of an e-mail): {% blocktranslate with
    company=company|isolate_text %} inside {% autoescape off %}. No HTML escaping: use
    `|bdi` in pages."""
    return isolate_text_value(value)
