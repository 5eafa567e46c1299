"""The follow-up form behind its link: three required questions in the reader's language,
saved and changeable; an ended pair says so; a bad link gets the link page."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.test import Client
from django.utils import translation

from vises.common.models import AuditEvent
from vises.matching.links import followup_link
from vises.matching.models import FollowUp, Pair
from vises.matching.tests.factories import FollowUpFactory

pytestmark = pytest.mark.django_db

ANSWERS = {"meetings": "weekly", "going": "good", "wants_to_continue": "yes"}


@pytest.fixture
def followup(partnership) -> FollowUp:
    return FollowUpFactory.create(
        pair__participant__partnership=partnership,
        pair__participant__first_name="Amina",
        pair__friend__first_name="Karin",
        pair__friend__last_name="Lund",
        pair__status=Pair.Status.CONFIRMED,
    )


def swedish(msgid: str) -> str:
    with translation.override("sv"):
        return translation.gettext(msgid)


ENDED = "This language-friend pair has ended."


def words(response) -> str:
    page = re.sub(r"<[^>]+>", "", response.content.decode())
    return page.replace("\u2068", "").replace("\u2069", "")


def test_the_form_asks_three_questions_and_shows_no_contact(followup):
    response = Client().get(followup_link(followup))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = words(response)
    for question in ("Hur ofta har ni träffats?", "Hur går det?", "Vill du fortsätta att träffas?"):
        assert question in page
    assert "Karin" in page
    assert "Lund" not in page
    assert FollowUp.objects.get().answered_at is None


def test_the_answers_are_saved_and_the_pair_becomes_active(followup):
    client = Client()
    link = followup_link(followup)

    response = client.post(link, ANSWERS)

    assert (response.status_code, response["Location"]) == (302, link)
    saved = FollowUp.objects.get()
    assert (saved.meetings, saved.going, saved.wants_to_continue) == ("weekly", "good", "yes")
    assert saved.answered_at is not None and not saved.answered_by_phone
    assert Pair.objects.get().status == Pair.Status.ACTIVE
    assert AuditEvent.objects.get(action="matching.followup.answered").actor == "link:pair_followup"
    page = words(client.get(link))
    assert "Tack för dina svar!" in page
    assert swedish("Every week") in page
    assert "Du kan ändra dina svar här nedanför." in page


def test_answers_can_be_changed(followup):
    link = followup_link(followup)
    Client().post(link, ANSWERS)

    page = Client().get(link).content.decode()
    assert re.search(r'value="weekly"[^>]*checked', page)
    Client().post(link, {**ANSWERS, "going": "hard", "wants_to_continue": "no"})

    saved = FollowUp.objects.get()
    assert (saved.going, saved.wants_to_continue) == ("hard", "no")


def test_a_bad_post_shows_the_errors_in_the_readers_language_and_keeps_the_choice(followup):
    followup.person.language = "uk"
    followup.person.save()

    response = Client().post(followup_link(followup), {"meetings": "monthly"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Будь ласка, виберіть одну відповідь." in page
    assert re.search(r'value="monthly"[^>]*checked', page)
    assert FollowUp.objects.get().answered_at is None


def test_an_ended_pair_says_so_and_saves_nothing(followup):
    Pair.objects.filter(pk=followup.pair_id).update(status=Pair.Status.ENDED)

    shown = Client().get(followup_link(followup))
    posted = Client().post(followup_link(followup), ANSWERS)

    assert swedish(ENDED) in words(shown)
    assert posted.status_code == 200
    assert swedish(ENDED) in words(posted)
    assert FollowUp.objects.get().answered_at is None


def test_an_altered_link_is_not_found_and_an_old_one_gone(followup):
    link = followup_link(followup)
    with mock.patch("django.core.signing.time.time", return_value=0):
        old = followup_link(followup)
    token = link.rstrip("/").rsplit("/", 1)[1]

    altered = Client().get(link.replace(token, token[:-3] + "xyz"))
    expired = Client().post(old, ANSWERS)

    assert (altered.status_code, expired.status_code) == (404, 410)
    assert "common/link_problem.html" in [t.name for t in expired.templates]
    assert FollowUp.objects.get().answered_at is None
