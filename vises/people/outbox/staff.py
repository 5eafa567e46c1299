"""Notices to staff: a partnership's coordinators are told, by e-mail in the default
language, that something needs them (a company would like to host a café, a person reported
a concern, a person erased their data). A notice names nobody: it says what happened and
links to the staff page; reading more needs logging in.

`staff_notify` queues the outbox's task after commit (ids and names as arguments);
`staff_notice_deliver` sends now, for a task that builds the notice's context itself.
`notice_deliver` is the one place a notice's e-mail is written, also used for a host
company's contact (who is not in the register).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vises.partnerships.access import Role
from vises.partnerships.models import Membership, Partnership
from vises.people.outbox.channels import email_send, tidy


@dataclass(frozen=True)
class Notice:
    name: str  # template messages/<name>.txt
    subject: str  # English msgid (gettext_noop), translated at send time


def staff_addresses(*, partnership_id: int) -> list[str]:
    """The e-mail addresses of the partnership's active coordinators, sorted, once each."""
    return sorted(
        {
            email
            for email in Membership.objects.filter(
                partnership_id=partnership_id,
                role=Role.COORDINATOR,
                is_active=True,
                user__is_active=True,
            ).values_list("user__email", flat=True)
            if email
        }
    )


def notice_deliver(
    *,
    to: list[str],
    notice: Notice,
    context: Callable[[], dict[str, Any]] | dict[str, Any],
    language: str = "",
) -> int:
    """E-mail the notice to these addresses now, in `language` (the default language when
    empty); `context` may be a callable, run inside that language. Returns the number of
    recipients (0 sends nothing)."""
    if not to:
        return 0
    with translation.override(language or settings.LANGUAGE_CODE):
        values = {"date": timezone.localdate(), **(context() if callable(context) else context)}
        subject = _(notice.subject) % values
        text = tidy(render_to_string(f"messages/{notice.name}.txt", values))
        email_send(to=to, subject=subject, text=text)
    return len(to)


def staff_notice_deliver(
    *, partnership: Partnership, notice: Notice, context: dict[str, Any] | None = None
) -> int:
    """E-mail the notice to the partnership's coordinators now; returns how many got it."""
    return notice_deliver(
        to=staff_addresses(partnership_id=partnership.pk),
        notice=notice,
        context={"partnership": partnership, **(context or {})},
    )


def staff_notify(
    *, partnership: Partnership, notice: Notice, context: dict[str, Any] | None = None
) -> None:
    """Queue the notice to the partnership's coordinators, sent after commit. `context`
    holds JSON values that name nobody (addresses of staff pages, counts)."""
    from vises.people.outbox.tasks import staff_notice_task

    partnership_id = partnership.pk
    fields = asdict(notice)
    values = dict(context or {})
    transaction.on_commit(lambda: staff_notice_task.enqueue(partnership_id, fields, values))
