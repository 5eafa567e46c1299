"""Background tasks of the café domain (messages to registered people)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_registration_receipt(registration_id: int) -> None:
    """Send the receipt of a sign-up in the person's language (see notifications)."""
    from vises.cafes.messages import registration_receipt_send

    registration_receipt_send(registration_id=registration_id)


@task()
def send_waitlist_promotion(registration_id: int) -> None:
    """Tell a person they moved from the waitlist to a confirmed seat."""
    from vises.cafes.messages import waitlist_promotion_send

    waitlist_promotion_send(registration_id=registration_id)
