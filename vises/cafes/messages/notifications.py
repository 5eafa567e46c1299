"""What a person is told when their registration changes: enqueued after commit.

Each function takes a registration id (never personal data, DESIGN §6) and enqueues the
message task; the messages themselves are rendered in the person's language by the task.
"""

from __future__ import annotations


def registration_received(registration_id: int) -> None:
    """Receipt: confirmed or waitlisted, with the link to cancel or change."""
    from vises.cafes.tasks import send_registration_receipt

    send_registration_receipt.enqueue(registration_id)


def signup_repeated(registration_id: int) -> None:
    """Someone signed up again with the contact of this registration: its owner is told the
    true status (the one who signed up was told what a new sign-up would have got)."""
    from vises.cafes.tasks import send_signup_repeated

    send_signup_repeated.enqueue(registration_id)


def registration_promoted(registration_id: int) -> None:
    """A seat freed up: the first in line is confirmed and told at once."""
    from vises.cafes.tasks import send_waitlist_promotion

    send_waitlist_promotion.enqueue(registration_id)


def invitation_sent(registration_id: int) -> None:
    """The coordinator invited the person: a seat is held until they answer by their link."""
    from vises.cafes.tasks import send_invitation

    send_invitation.enqueue(registration_id)


def cafe_cancelled(cafe_id: int) -> None:
    """The café is cancelled: everyone registered (confirmed, waitlisted, invited) is told.

    The people to tell are taken now, from the café's registrations that are active at this
    moment: call it inside the cancelling transaction and before changing any registration's
    status. The message task is enqueued after commit (at once outside a transaction).
    """
    from django.db import transaction

    from vises.cafes.models import Registration
    from vises.cafes.services.registrations import ACTIVE_STATUSES
    from vises.cafes.tasks import send_cafe_cancellation

    registration_ids = list(
        Registration.objects.filter(cafe_id=cafe_id, status__in=ACTIVE_STATUSES)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: send_cafe_cancellation.enqueue(cafe_id, registration_ids))
