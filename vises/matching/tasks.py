"""Background tasks of matching: messages to the two sides of a pair, and the daily jobs."""

from __future__ import annotations

from django_tasks import task


@task()
def send_pair_proposal(pair_id: int, side: str) -> str:
    from vises.matching.messages import pair_proposal_send

    return pair_proposal_send(pair_id=pair_id, side=side)


@task()
def send_pair_reminder(pair_id: int, side: str) -> str:
    from vises.matching.messages import pair_reminder_send

    return pair_reminder_send(pair_id=pair_id, side=side)


@task()
def send_pair_introduction(pair_id: int, side: str) -> str:
    from vises.matching.messages import pair_introduction_send

    return pair_introduction_send(pair_id=pair_id, side=side)


@task()
def send_pair_not_going_ahead(pair_id: int, side: str) -> str:
    from vises.matching.messages import pair_not_going_ahead_send

    return pair_not_going_ahead_send(pair_id=pair_id, side=side)


@task()
def send_followup_request(followup_id: int) -> str:
    from vises.matching.messages import followup_request_send

    return followup_request_send(followup_id=followup_id)


@task()
def proposals_follow_up() -> dict[str, int]:
    """Daily: remind once after 7 days without an answer, return to the coordinator after 14."""
    from vises.matching.services.pairs import proposals_follow_up as follow_up

    return follow_up()


@task()
def followups_send_due() -> int:
    """Daily: send the follow-ups that are due."""
    from vises.matching.services.followups import followups_send_due as send_due

    return send_due()
