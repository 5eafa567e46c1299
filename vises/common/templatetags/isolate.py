"""Names inside translated sentences, isolated so that a left-to-right name in a right-to-left
page (Bageriet AB in Arabic) or the reverse cannot scramble the sentence around it."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def bdi(value: Any) -> SafeString:
    """`value` escaped inside <bdi>…</bdi>: {% blocktranslate with company=name|bdi %}."""
    return format_html("<bdi>{}</bdi>", value)
