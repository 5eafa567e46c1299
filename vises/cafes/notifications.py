"""What a person is told when their registration changes: enqueued after commit.

Each function takes a registration id (never personal data, DESIGN §6) and enqueues the
message task; the messages themselves are rendered in the person's language by the task.
"""

from __future__ import annotations


def registration_received(registration_id: int) -> None:
    """Receipt: confirmed or waitlisted, with the link to cancel or change."""
    from vises.cafes.tasks import send_registration_receipt

    send_registration_receipt.enqueue(registration_id)


def registration_promoted(registration_id: int) -> None:
    """A seat freed up: the first in line is confirmed and told at once."""
    from vises.cafes.tasks import send_waitlist_promotion

    send_waitlist_promotion.enqueue(registration_id)
