"""Each side's answer to a proposal through the link in their message: the page shows the
other's first name and why we suggest them, in the reader's language; accept and decline are
POST buttons; contact details go only in the introduction, once both said yes."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from vises.common import sms
from vises.common.models import AuditEvent
from vises.matching.links import answer_link
from vises.matching.models import Pair
from vises.matching.tests.factories import PairFactory, friend_with_room, waiting_participant
from vises.people.models import Language, Participant

pytestmark = pytest.mark.django_db

REASONS = [
    {"code": "same_cafe", "text": "träffades på samma café", "points": 4.0},
    {"code": "shared_language", "text": "båda talar arabiska", "points": 3.0},
    {"code": "district", "text": "bor i samma stadsdel", "points": 2.0},
    {"code": "waiting", "text": "har väntat 200 dagar", "points": 3.0},
]


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def pair(partnership) -> Pair:
    Language.objects.get_or_create(
        code="ar", defaults={"name_sv": "arabiska", "name_en": "Arabic", "name_local": "العربية"}
    )
    participant = waiting_participant(
        partnership,
        first_name="Amina",
        last_name="Hassan",
        phone="+46701111111",
        email="amina@example.org",
        languages=("ar",),
    )
    friend = friend_with_room(
        partnership,
        first_name="Karin",
        last_name="Lund",
        phone="+46702222222",
        email="karin@example.org",
        languages=("ar",),
    )
    return PairFactory.create(participant=participant, friend=friend, reasons=REASONS)


def text(response) -> str:
    """The page's words without tags or the isolates around names."""
    page = re.sub(r"<[^>]+>", "", response.content.decode())
    return page.replace("\u2068", "").replace("\u2069", "")


def test_the_page_shows_the_first_name_and_why_and_no_contact(pair):
    link = answer_link(pair, "participant")
    response = Client().get(link)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Karin" in page
    for secret in ("Lund", "+46702222222", "karin@example.org"):
        assert secret not in page
    assert "Ni träffades på ett café." in page
    assert "Ni talar båda arabiska." in page
    assert "Ni bor nära varandra." in page
    assert "200 dagar" not in page
    assert f'action="{link}accept/"' in page
    assert Pair.objects.get().participant_answer == ""


def test_the_page_is_in_the_readers_language(pair):
    pair.participant.language = "ar"
    pair.participant.save()

    response = Client().get(answer_link(pair, "participant"))

    assert response["Content-Language"] == "ar"
    assert "العربية" in response.content.decode()


def test_both_accept_and_each_gets_the_others_contact(pair, django_capture_on_commit_callbacks):
    client = Client()
    link = answer_link(pair, "participant")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link + "accept/")
    assert (response.status_code, response["Location"]) == (302, link)
    assert Pair.objects.get().status == Pair.Status.PROPOSED
    assert AuditEvent.objects.get(action="matching.pair.participant_accepted").actor == (
        "link:pair_answer"
    )
    assert mail.outbox == []
    waiting = text(client.get(answer_link(pair, "participant")))
    assert "Nu väntar vi på att Karin ska svara." in waiting

    with django_capture_on_commit_callbacks(execute=True):
        Client().post(answer_link(pair, "friend") + "accept/")

    pair.refresh_from_db()
    assert pair.status == Pair.Status.CONFIRMED
    to = {message.to[0]: message for message in mail.outbox}
    assert set(to) == {"amina@example.org", "karin@example.org"}
    assert "+46702222222" in to["amina@example.org"].body
    assert "karin@example.org" in to["amina@example.org"].body
    assert "+46701111111" in to["karin@example.org"].body
    assert "+46701111111" not in to["amina@example.org"].body
    page = text(client.get(answer_link(pair, "participant")))
    assert "Vi har skickat dig telefonnummer och e-post till Karin." in page
    for secret in ("Lund", "+46702222222", "karin@example.org"):
        assert secret not in page


def test_decline_with_a_reason_ends_it_and_tells_the_other(
    pair, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            answer_link(pair, "friend") + "decline/",
            {"decline_code": "no_time", "decline_reason": "  Flyttar snart. "},
        )

    assert response.status_code == 302
    pair.refresh_from_db()
    assert (pair.status, pair.end_reason) == (Pair.Status.ENDED, Pair.EndReason.DECLINED)
    assert (pair.decline_code, pair.decline_reason) == ("no_time", "Flyttar snart.")
    (told,) = mail.outbox
    assert told.to == ["amina@example.org"]
    with translation.override("sv"):
        assert told.subject == translation.gettext("The language-friend proposal will not go ahead")
    assert Participant.objects.get(person=pair.participant).wants_language_friend
    page = Client().get(answer_link(pair, "friend")).content.decode()
    assert "decline/" not in page
    assert "Du sa nej" in page
    other = Client().get(answer_link(pair, "participant")).content.decode()
    assert "Förslaget gäller inte längre." in other


def test_a_decline_without_a_reason_shows_the_error_and_changes_nothing(pair):
    response = Client().post(answer_link(pair, "participant") + "decline/", {})

    assert response.status_code == 200
    assert "Välj ett svar." in response.content.decode()
    assert Pair.objects.get().status == Pair.Status.PROPOSED


def test_a_late_or_repeated_answer_never_errors(pair, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(answer_link(pair, "participant") + "decline/", {"decline_code": "other"})
        again = client.post(
            answer_link(pair, "participant") + "decline/", {"decline_code": "other"}
        )
        late = client.post(answer_link(pair, "friend") + "accept/", follow=True)

    assert again.status_code == 302
    assert late.status_code == 200
    assert Pair.objects.get().friend_answer == ""


def test_an_altered_link_is_not_found_and_an_old_one_gone(pair):
    link = answer_link(pair, "participant")
    token = link.rstrip("/").rsplit("/", 1)[1]
    with mock.patch("django.core.signing.time.time", return_value=0):
        old = answer_link(pair, "participant")

    altered = Client().get(link.replace(token, token[:-2] + ("AA" if token[-2:] != "AA" else "BB")))
    expired = Client().get(old)
    post = Client().post(old + "accept/")

    assert (altered.status_code, expired.status_code, post.status_code) == (404, 410, 410)
    assert "common/link_problem.html" in [t.name for t in altered.templates]
    assert Pair.objects.get().participant_answer == ""


def test_the_answer_page_only_shows_with_get(pair):
    assert Client().get(answer_link(pair, "participant") + "accept/").status_code == 405
    assert Client().get(answer_link(pair, "participant") + "decline/").status_code == 405


def test_the_introduction_sms_carries_the_number_and_the_link(
    pair, django_capture_on_commit_callbacks
):
    Pair.objects.filter(pk=pair.pk).update(participant_answer="accepted")
    pair.participant.email = ""
    pair.participant.save()

    with django_capture_on_commit_callbacks(execute=True):
        Client().post(answer_link(pair, "friend") + "accept/")

    (message,) = sms.outbox
    assert message.to == "+46701111111"
    assert "+46702222222" in message.body
    assert re.search(r"/friends/[^/\s]+/", message.body)
