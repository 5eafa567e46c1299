"""The pair's messages: each in the recipient's language, with the link of their page; the
other's contact details only in the introduction; one short SMS for those without e-mail."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from vises.common import sms
from vises.matching import messages
from vises.matching.links import answer_pair, followup_from_token
from vises.matching.models import Pair
from vises.matching.tests.factories import FollowUpFactory, PairFactory
from vises.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(partnership) -> Pair:
    participant = PersonFactory.create(
        partnership=partnership,
        first_name="Amina",
        last_name="Hassan",
        phone="+46701111111",
        email="amina@example.org",
        language="ar",
    )
    friend = PersonFactory.create(
        partnership=partnership,
        first_name="Karin",
        last_name="Lund",
        phone="+46702222222",
        email="karin@example.org",
    )
    return PairFactory.create(participant=participant, friend=friend)


def body_of(to: str) -> mail.EmailMessage:
    (message,) = [message for message in mail.outbox if message.to == [to]]
    return message


def test_the_proposal_goes_in_each_persons_language_without_contact(pair):
    assert messages.pair_proposal_send(pair_id=pair.pk, side="participant") == "email"
    assert messages.pair_proposal_send(pair_id=pair.pk, side="friend") == "email"

    to_amina = body_of("amina@example.org")
    assert to_amina.subject == "وجدنا لك صديق لغة"
    assert "Karin" in to_amina.body
    for secret in ("Lund", "+46702222222", "karin@example.org"):
        assert secret not in to_amina.body
    to_karin = body_of("karin@example.org")
    with translation.override("sv"):
        assert to_karin.subject == translation.gettext("We have found a language friend for you")
    for secret in ("Hassan", "+46701111111", "amina@example.org"):
        assert secret not in to_karin.body
    (token,) = re.findall(rf"{settings.VISES_BASE_URL}/friends/([^/\s]+)/", to_karin.body)
    assert answer_pair(token) == (pair, "friend")


def test_no_introduction_before_both_accepted(pair):
    assert messages.pair_introduction_send(pair_id=pair.pk, side="participant") == "skipped:status"
    assert mail.outbox == []


def test_the_introduction_carries_only_what_the_other_has(pair):
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.CONFIRMED)
    pair.friend.email = ""
    pair.friend.save()

    messages.pair_introduction_send(pair_id=pair.pk, side="participant")

    body = body_of("amina@example.org").body
    assert "+46702222222" in body
    assert "البريد الإلكتروني:" not in body
    assert "Lund" not in body


def test_the_not_going_ahead_and_the_follow_up_by_sms(pair):
    pair.participant.email = ""
    pair.participant.save()
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.ENDED)

    assert messages.pair_not_going_ahead_send(pair_id=pair.pk, side="participant") == "phone"
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.CONFIRMED)
    followup = FollowUpFactory.create(pair=pair, month=3)
    assert messages.followup_request_send(followup_id=followup.pk) == "phone"

    ended, asked = sms.outbox
    assert "/friends/" in ended.body
    (token,) = re.findall(r"/friends/follow-up/([^/\s]+)/", asked.body)
    assert followup_from_token(token) == followup
    assert "Karin" in asked.body


def test_the_follow_up_mail_says_the_month(pair):
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.CONFIRMED)
    pair.participant.language = "sv"
    pair.participant.save()
    followup = FollowUpFactory.create(pair=pair, month=3)

    messages.followup_request_send(followup_id=followup.pk)

    message = body_of("amina@example.org")
    with translation.override("sv"):
        assert message.subject == translation.gettext("How is it going with %(other)s?") % {
            "other": "Karin"
        }
    assert "språkvänner i 3 månader" in message.body
    assert "/friends/follow-up/" in message.body


def test_a_reminder_goes_only_to_whoever_has_not_answered(pair):
    Pair.objects.filter(pk=pair.pk).update(friend_answer=Pair.Answer.ACCEPTED)

    assert messages.pair_reminder_send(pair_id=pair.pk, side="friend") == "skipped:status"
    assert messages.pair_reminder_send(pair_id=pair.pk, side="participant") == "email"
    assert "Karin" in body_of("amina@example.org").subject
