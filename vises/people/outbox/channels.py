"""The two ways a message leaves: e-mail through Django's mail backend, SMS through
vises.common.sms. Both take the rendered subject and text; e-mail also gets an HTML part of
the same text (messages/email.html: `lang`/`dir` for right-to-left languages, no external
resources) and any attachments (an .ics)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from vises.common.sms import SmsSent, send_sms


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


def tidy(text: str) -> str:
    """Optional lines leave blank runs in a text template: at most one empty line."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def email_send(
    *, to: list[str], subject: str, text: str, attachments: tuple[Attachment, ...] = ()
) -> None:
    """Send one e-mail in the active language (call inside translation.override)."""
    email = EmailMultiAlternatives(subject=subject, body=text, to=to)
    html = render_to_string(
        "messages/email.html",
        {
            "subject": subject,
            "text": text,
            "language": translation.get_language(),
            "bidi": translation.get_language_bidi(),
        },
    )
    email.attach_alternative(html, "text/html")
    for attachment in attachments:
        email.attach(attachment.filename, attachment.content, attachment.mimetype)
    email.send()


def sms_send(*, to: str, text: str, subject: str = "") -> SmsSent:
    """Send one SMS: the text of a message's own SMS template as it is, or the subject, an
    empty line and the text of a message without one. Returns the provider's reference."""
    body = f"{subject}\n\n{text}" if subject else text
    return send_sms(to, body.rstrip("\n"))
