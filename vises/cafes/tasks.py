"""Background tasks of the café domain (messages to registered people)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_registration_receipt(registration_id: int) -> None:
    """Send the receipt of a sign-up in the person's language (see notifications)."""
    from vises.cafes.messages.registrations import registration_receipt_send

    registration_receipt_send(registration_id=registration_id)


@task()
def send_signup_repeated(registration_id: int) -> str:
    """Tell the owner of a contact that it was used to sign up again, with their true status."""
    from vises.cafes.messages.registrations import signup_repeated_send

    return signup_repeated_send(registration_id=registration_id)


@task()
def send_waitlist_promotion(registration_id: int) -> None:
    """Tell a person they moved from the waitlist to a confirmed seat."""
    from vises.cafes.messages.registrations import waitlist_promotion_send

    waitlist_promotion_send(registration_id=registration_id)


@task()
def send_invitation(registration_id: int) -> str:
    """Send an invitation with its accept and decline links, in the person's language."""
    from vises.cafes.messages.invitations import invitation_send

    return invitation_send(registration_id=registration_id)


@task()
def invitations_expire() -> int:
    """Expire invitations past their time and give the seats to the waitlist (scheduled)."""
    from vises.cafes.services.invitations import invitations_expire as expire

    return expire()


@task()
def enqueue_due_reminders() -> int:
    """Periodic (scheduler job "cafes.reminders"): enqueue every reminder that is due."""
    from vises.cafes.messages.reminders import reminders_enqueue_due

    return reminders_enqueue_due()


@task()
def send_registration_reminder(registration_id: int, kind: str) -> str:
    """Send the reminder of `kind` ("2d" or "2h") once, in the person's language."""
    from vises.cafes.messages.reminders import reminder_send

    return reminder_send(registration_id=registration_id, kind=kind)


@task()
def send_cafe_cancellation(cafe_id: int, registration_ids: list[int] | None = None) -> dict:
    """Tell everyone who was registered that the café is cancelled."""
    from vises.cafes.messages.registrations import cafe_cancellation_send

    return cafe_cancellation_send(cafe_id=cafe_id, registration_ids=registration_ids)


@task()
def send_feedback_requests(cafe_id: int) -> dict[str, int]:
    """After a café is held: queue the feedback questions and the employees' friend link."""
    from vises.cafes.messages.feedback import feedback_requests_send

    return feedback_requests_send(cafe_id)


@task()
def send_feedback_request(registration_id: int) -> str:
    """Send one participant who came the link to the three smiley questions."""
    from vises.cafes.messages.feedback import feedback_request_send

    return feedback_request_send(registration_id=registration_id)


@task()
def send_friend_invitation(contact_id: int, cafe_id: int) -> str:
    """E-mail a host company's contact the link for employees to become language friends."""
    from vises.cafes.messages.feedback import friend_invitation_send

    return friend_invitation_send(contact_id=contact_id, cafe_id=cafe_id)
