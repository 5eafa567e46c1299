"""The coordinator's flow end to end, through the pages and the messages people get
(issue "Language friends", point 9): run, lock, re-run, publish, both accept, the
introduction sent, a follow-up answered."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from vises.matching.models import MatchRun, Pair
from vises.matching.services.followups import followups_send_due
from vises.matching.tests.factories import friend_with_room, waiting_participant
from vises.partnerships.access import Role
from vises.people.models import Person

pytestmark = pytest.mark.django_db


def run_queued_tasks() -> None:
    """Run what is queued, as the worker would."""
    from django.utils.module_loading import import_string

    for result in DBTaskResult.objects.filter(status="READY").order_by("enqueued_at"):
        task = import_string(result.task_path)
        task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        result.status = "SUCCEEDED"
        result.save(update_fields=["status"])


def mail_to(address: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if address in message.to]


def link_in(message: mail.EmailMessage, prefix: str) -> str:
    found = re.search(rf"https?://[^/\s]+({re.escape(prefix)}[^\s]+)", str(message.body))
    assert found, message.body
    return found.group(1)


def test_run_lock_rerun_publish_accept_introduce_follow_up(
    partnership, client_for, django_capture_on_commit_callbacks
):
    amal = waiting_participant(
        partnership, first_name="Amal", languages=("ar",), language="ar", email="amal@example.org"
    )
    bisrat = waiting_participant(partnership, first_name="Bisrat", email="bisrat@example.org")
    eva = friend_with_room(
        partnership,
        first_name="Eva",
        languages=("ar",),
        phone="+46701234567",
        email="eva@example.org",
    )
    lars = friend_with_room(partnership, first_name="Lars", email="lars@example.org")
    coordinator = client_for(Role.COORDINATOR)
    slug = partnership.slug

    # Run: the engine proposes Amal–Eva (both speak Arabic) and Bisrat–Lars.
    response = coordinator.post(reverse("matching_run_create", kwargs={"slug": slug}))
    run = MatchRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("matching_run", kwargs={"slug": slug, "pk": run.pk})
    page = coordinator.get(response["Location"])
    assert page.status_code == 200
    assert "båda talar arabiska" in page.content.decode()

    # Lock Amal–Eva, re-run: the lock holds, the rest is computed again.
    amal_eva = run.proposals.get(participant=amal)
    assert amal_eva.friend == eva
    coordinator.post(
        reverse("matching_proposal_lock", kwargs={"slug": slug, "pk": amal_eva.pk}), {"locked": "1"}
    )
    coordinator.post(reverse("matching_run_recompute", kwargs={"slug": slug, "pk": run.pk}))
    assert run.proposals.get(participant=amal).locked is True
    assert run.proposals.get(participant=bisrat).friend == lars

    # Publish: four proposals go out, each in the person's own language.
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            reverse("matching_run_publish", kwargs={"slug": slug, "pk": run.pk})
        )
    assert response.status_code == 302
    run_queued_tasks()
    assert Pair.objects.filter(status="proposed").count() == 2
    proposal_to_amal = mail_to("amal@example.org")[0]
    with translation.override("ar"):
        arabic = gettext("We have found a language friend for you")
    assert arabic != "We have found a language friend for you"
    assert proposal_to_amal.subject == arabic
    assert (
        "+46701234567" not in proposal_to_amal.body
        and "eva@example.org" not in proposal_to_amal.body
    )
    amal_link = link_in(proposal_to_amal, "/friends/")
    eva_link = link_in(mail_to("eva@example.org")[0], "/friends/")

    # Both accept through their links: the introduction goes to each with the other's contact.
    anonymous = coordinator.__class__()
    assert anonymous.get(amal_link).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert anonymous.post(amal_link + "accept/").status_code == 302
        assert anonymous.post(eva_link + "accept/").status_code == 302
    run_queued_tasks()
    pair = Pair.objects.get(participant=amal)
    assert pair.status == "confirmed"
    introduction_to_amal = mail_to("amal@example.org")[-1]
    assert "+46701234567" in introduction_to_amal.body
    assert "amal@example.org" in mail_to("eva@example.org")[-1].body

    # The follow-up after a month: answered through its link, the pair is active.
    due = timezone.localdate(pair.confirmed_at) + timedelta(days=31)
    with django_capture_on_commit_callbacks(execute=True):
        followups_send_due(today=due)
    run_queued_tasks()
    followup_link = link_in(mail_to("amal@example.org")[-1], "/friends/follow-up/")
    assert anonymous.get(followup_link).status_code == 200
    answered = anonymous.post(
        followup_link, {"meetings": "weekly", "going": "good", "wants_to_continue": "yes"}
    )
    assert answered.status_code in (200, 302)
    pair.refresh_from_db()
    assert pair.status == "active"
    assert pair.followups.get(side="participant", month=1).meetings == "weekly"

    # The coordinator sees it all on the pair's page.
    page = coordinator.get(reverse("matching_pair", kwargs={"slug": slug, "pk": pair.pk}))
    assert page.status_code == 200
    assert Person.objects.get(pk=amal.pk).first_name in page.content.decode()
