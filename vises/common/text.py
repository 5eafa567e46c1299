"""Free text kept as plain text: minutes, agendas and report sections are often pasted from a
word processor or an e-mail, and whatever markup comes with them is dropped once, before it is
stored (templates escape on output too). Used by the steering group and the annual report."""

from __future__ import annotations

import html
import re

from django.utils.html import strip_tags

# What a browser would run or style, and Word's style sheet and XML, go with their content.
_HIDDEN_CONTENT = re.compile(
    r"<(script|style|iframe|object|noscript|template|xml|head|title)\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_BREAK = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6]|/tr)\b[^>]*>", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def plain_text(value: str) -> str:
    """The text without HTML: scripts and styles dropped with their content, the line breaks
    of paragraphs and list items kept, entities decoded, control characters dropped, spaces
    within a line made single, at most one blank line between paragraphs."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    previous = None
    while previous != text:  # "<scr<script>ipt>" or "&lt;script&gt;" must not leave a tag
        previous = text
        text = _COMMENT.sub("", text)
        text = _HIDDEN_CONTENT.sub("", text)
        text = _BREAK.sub(lambda match: match.group(0) + "\n", text)
        text = html.unescape(strip_tags(text)).replace("\xa0", " ")
    # What is left of a broken tag ("<scr") loses its "<"; "<5" and "a < b" stay.
    text = _TAG_START.sub("", text)
    text = _CONTROL.sub("", text.replace("\t", " "))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
