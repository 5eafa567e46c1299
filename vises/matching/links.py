"""Signed links of language-friend pairs (DESIGN §2): each side's answer to a proposal and
each follow-up form. The answer token names a pair and a side, the follow-up token one
follow-up; neither holds a name, phone or e-mail, both expire, and one never opens the other.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from vises.common.signed_links import (
    LinkInvalid,
    LinkPurpose,
    link_load,
    link_load_object,
    link_sign,
    link_sign_object,
)
from vises.matching.models import FollowUp, Pair

# A proposal is returned to the coordinator after two weeks; the link outlives that, so a
# late answer still reaches a page that says what became of it.
ANSWER = LinkPurpose(salt="matching.answer", max_age=timedelta(days=60))
FOLLOWUP = LinkPurpose(salt="matching.followup", max_age=timedelta(days=90))
SIDES = {"p": "participant", "f": "friend"}


def answer_link(pair: Pair, side: str) -> str:
    """The path of one side's page to accept or decline the proposal."""
    if pair.pk is None or side not in SIDES.values():
        raise ValueError("a link needs a saved pair and a side")
    token = link_sign_object(ANSWER, {"pair": pair.pk, "side": side[0]})
    return reverse("pair_answer", kwargs={"token": token})


def answer_pair(token: str) -> tuple[Pair, str]:
    """(pair, side) of a genuine answer token. Raises LinkExpired, or LinkInvalid when
    altered or when the pair or that side's person is gone or anonymised."""
    payload = link_load_object(ANSWER, token)
    side = SIDES.get(str(payload.get("side")))
    pair_id = payload.get("pair")
    if side is None or not isinstance(pair_id, int):
        raise LinkInvalid("the link is not genuine")
    pair = (
        Pair.objects.select_related("participant", "friend", "partnership")
        .filter(pk=pair_id)
        .first()
    )
    if pair is None or getattr(pair, side).anonymised_at is not None:
        raise LinkInvalid("the pair of this link is gone")
    return pair, side


def followup_link(followup: FollowUp) -> str:
    if followup.pk is None:
        raise ValueError("a link needs a saved follow-up")
    return reverse("pair_followup", kwargs={"token": link_sign(FOLLOWUP, followup.pk)})


def followup_from_token(token: str) -> FollowUp:
    """The follow-up of a genuine token, with its pair and both persons."""
    followup = (
        FollowUp.objects.select_related("pair", "pair__participant", "pair__friend", "person")
        .filter(pk=link_load(FOLLOWUP, token))
        .first()
    )
    if followup is None or followup.person.anonymised_at is not None:
        raise LinkInvalid("the follow-up of this link is gone")
    return followup
