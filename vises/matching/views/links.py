"""A pair's pages for its two people, behind signed links (no login, DESIGN §2).

`/friends/<token>/` shows one side the proposal: the other's first name only, and why we
suggest the two of them, in the reader's language. Accepting and declining are buttons that
POST (link previews open links by themselves); afterwards the page says what became of the
proposal. Contact details never appear here: they go in the introduction message to each
side once both have accepted. `/friends/follow-up/<token>/` is the short form at 1, 3 and 6
months. A link that is too old gets 410, an altered one 404 (the friendly link page).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vises.common.access import link_view
from vises.common.signed_links import (
    LinkError,
    LinkExpired,
    link_page_private,
    link_problem,
)
from vises.matching.answers import DeclineReason
from vises.matching.forms.links import DeclineForm, FollowUpForm
from vises.matching.links import answer_pair, followup_from_token
from vises.matching.models import FollowUp, Limits, Pair
from vises.matching.services.followups import FollowUpRefused, followup_answer
from vises.matching.services.pairs import PairRefused, pair_answer
from vises.people.models import Person

ANSWER_ACTOR = "link:pair_answer"
FOLLOWUP_ACTOR = "link:pair_followup"
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
SWEDISH = "sv"


def _link_problem(request: HttpRequest, error: LinkError) -> HttpResponse:
    # No new link to offer: each link is made for one proposal or one follow-up.
    return link_problem(
        request,
        error=error,
        help_text=_("You are welcome to contact the coordinator instead."),
        back_url=reverse("cafes_public_calendar"),
        back_label=_("All upcoming cafés"),
        status=410 if isinstance(error, LinkExpired) else 404,
    )


def _in_language_of(
    request: HttpRequest, person: Person, page: Callable[[], HttpResponse]
) -> HttpResponse:
    """The page in the person's language (unless the visitor chose another), never cached."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    language = chosen if chosen in LANGUAGE_CODES else person.language
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = page()
    response["Content-Language"] = language
    return link_page_private(response)


# --- the answer to a proposal --------------------------------------------------------------


def _language_name(language: Any) -> str:  # noqa: ANN401 - a Language
    reader = translation.get_language() or SWEDISH
    if reader == SWEDISH:
        return language.name_sv
    if reader == "en":
        return language.name_en
    return language.name_local or language.name_en


def _shared_languages(pair: Pair) -> list[str]:
    """The languages besides Swedish both speak and neither refuses, by their names."""
    refused: set[str] = set()
    for limits in Limits.objects.filter(person_id__in=(pair.participant_id, pair.friend_id)):
        refused.update(limits.refuses_languages.values_list("code", flat=True))
    friend_codes = set(pair.friend.languages.values_list("code", flat=True))
    shared = pair.participant.languages.filter(code__in=friend_codes - refused - {SWEDISH})
    return sorted(_language_name(language) for language in shared)


def reason_sentences(pair: Pair) -> list[str]:
    """Why we suggest the two of them, one sentence per reason of the engine, in the
    reader's language (the engine's own texts are plain Swedish for the coordinator)."""
    sentences = []
    for reason in pair.reasons or []:
        code = reason.get("code") if isinstance(reason, dict) else None
        if code == "same_cafe":
            sentences.append(_("You met at a café."))
        elif code == "shared_language":
            languages = _shared_languages(pair)
            if languages:
                sentences.append(
                    _("You both speak %(languages)s.") % {"languages": ", ".join(languages)}
                )
            else:
                sentences.append(_("You speak a language in common."))
        elif code == "district":
            sentences.append(_("You live near each other."))
        elif code == "occupation":
            sentences.append(_("You work in the same field."))
        elif code == "interests":
            sentences.append(_("You share interests."))
        elif code == "availability":
            sentences.append(_("You can meet at the same times."))
        elif code == "age":
            sentences.append(_("You are close in age."))
        # "waiting" (how long the participant has waited) is the coordinator's concern.
    return list(dict.fromkeys(sentences))


def _state(pair: Pair, side: str) -> str:
    own = getattr(pair, f"{side}_answer")
    if pair.status == Pair.Status.PROPOSED:
        return "waiting" if own == Pair.Answer.ACCEPTED else "open"
    if pair.status == Pair.Status.ENDED:
        if own == Pair.Answer.DECLINED:
            return "declined"
        return "ended" if pair.confirmed_at is not None else "closed"
    return "friends"


def _contact_words(other: Person) -> str:
    if other.phone and other.email:
        return _("We have sent you %(name)s's phone number and e-mail.")
    if other.phone:
        return _("We have sent you %(name)s's phone number.")
    return _("We have sent you %(name)s's e-mail.")


def _answer_page(
    request: HttpRequest, pair: Pair, side: str, token: str, form: DeclineForm | None = None
) -> HttpResponse:
    other = pair.friend if side == "participant" else pair.participant
    state = _state(pair, side)
    return render(
        request,
        "matching/links/answer.html",
        {
            "pair": pair,
            "side": side,
            "token": token,
            "state": state,
            "first_name": getattr(pair, side).first_name,
            "other": other.first_name,
            "reasons": reason_sentences(pair) if state in ("open", "waiting") else [],
            "contact_sent": _contact_words(other) % {"name": other.first_name}
            if state == "friends"
            else "",
            "stays_on_list": pair.decline_code != DeclineReason.NO_LONGER,
            "form": form or DeclineForm(),
        },
        status=200,
    )


def _pair(request: HttpRequest, token: str) -> tuple[Pair, str] | HttpResponse:
    try:
        return answer_pair(token)
    except LinkError as error:
        return _link_problem(request, error)


@link_view
@require_GET
def pair_answer_page(request: HttpRequest, token: str) -> HttpResponse:
    found = _pair(request, token)
    if isinstance(found, HttpResponse):
        return found
    pair, side = found
    return _in_language_of(
        request, getattr(pair, side), lambda: _answer_page(request, pair, side, token)
    )


def _answered(request: HttpRequest, token: str, *, accept: bool) -> HttpResponse:
    found = _pair(request, token)
    if isinstance(found, HttpResponse):
        return found
    pair, side = found

    def answer() -> HttpResponse:
        code = reason = ""
        if not accept:
            form = DeclineForm(request.POST)
            if not form.is_valid():
                return _answer_page(request, pair, side, token, form)
            code = form.cleaned_data["decline_code"]
            reason = form.cleaned_data["decline_reason"]
        try:
            pair_answer(
                pair=pair,
                side=side,
                accept=accept,
                actor=ANSWER_ACTOR,
                decline_code=code,
                decline_reason=reason,
            )
        except PairRefused as refused:
            messages.error(request, refused.messages[0])
        else:
            messages.success(
                request,
                _("Thank you for your answer.") if accept else _("Thank you for telling us."),
            )
        return redirect("pair_answer", token=token)

    return _in_language_of(request, getattr(pair, side), answer)


@link_view
@require_POST
def pair_accept(request: HttpRequest, token: str) -> HttpResponse:
    return _answered(request, token, accept=True)


@link_view
@require_POST
def pair_decline(request: HttpRequest, token: str) -> HttpResponse:
    return _answered(request, token, accept=False)


# --- the follow-up -------------------------------------------------------------------------


def _followup_page(request: HttpRequest, followup: FollowUp, token: str) -> HttpResponse:
    pair = followup.pair
    other = pair.friend if followup.side == FollowUp.Side.PARTICIPANT else pair.participant
    answered = followup.answered_at is not None
    initial = (
        {
            "meetings": followup.meetings,
            "going": followup.going,
            "wants_to_continue": followup.wants_to_continue,
        }
        if answered
        else {}
    )
    form = FollowUpForm(request.POST if request.method == "POST" else None, initial=initial)
    ended = pair.status == Pair.Status.ENDED
    if request.method == "POST" and not ended and form.is_valid():
        try:
            followup_answer(
                followup=followup,
                meetings=form.cleaned_data["meetings"],
                going=form.cleaned_data["going"],
                wants_to_continue=form.cleaned_data["wants_to_continue"],
                actor=FOLLOWUP_ACTOR,
            )
        except FollowUpRefused as refused:
            form.add_error(None, refused.messages[0])
        else:
            messages.success(request, _("Thank you for your answers!"))
            return redirect("pair_followup", token=token)
    return render(
        request,
        "matching/links/followup.html",
        {
            "followup": followup,
            "token": token,
            "first_name": followup.person.first_name,
            "other": other.first_name,
            "month": followup.month,
            "ended": ended,
            "answered": answered,
            "answers": [
                (form.fields["meetings"].label, followup.get_meetings_display()),
                (form.fields["going"].label, followup.get_going_display()),
                (form.fields["wants_to_continue"].label, followup.get_wants_to_continue_display()),
            ]
            if answered
            else [],
            "form": form,
        },
    )


@link_view
@require_http_methods(["GET", "POST"])
def pair_followup(request: HttpRequest, token: str) -> HttpResponse:
    try:
        followup = followup_from_token(token)
    except LinkError as error:
        return _link_problem(request, error)
    return _in_language_of(
        request, followup.person, lambda: _followup_page(request, followup, token)
    )
