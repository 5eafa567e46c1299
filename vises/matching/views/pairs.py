"""Pairs and follow-ups: the list with a status filter, a pair's page with the actions its
state allows, and the answers of a follow-up given on the phone (Perm.OPERATE)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.common import audit
from vises.common.forms import flash_errors
from vises.matching.forms.staff import EndForm, FollowUpPhoneForm
from vises.matching.models import FollowUp, Pair
from vises.matching.selectors import pairs as pair_selectors
from vises.matching.services import pairs as pair_services
from vises.matching.services.followups import FollowUpRefused, followup_answer
from vises.matching.services.pairs import PairRefused
from vises.partnerships.access import PartnershipRequest, Perm, partnership_view

PAGE_SIZE = 50


def _pair_or_404(request: PartnershipRequest, pk: int) -> Pair:
    try:
        return pair_selectors.pair_detail(partnership=request.partnership, pk=pk)
    except Pair.DoesNotExist as error:
        raise Http404 from error


def _to_pair(request: PartnershipRequest, pair: Pair) -> HttpResponse:
    return redirect("matching_pair", slug=request.partnership.slug, pk=pair.pk)


@partnership_view(Perm.OPERATE)
def matching_pairs(request: PartnershipRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Pair.Status.values:
        status = ""
    pairs = pair_selectors.pairs_list(partnership=request.partnership, status=status)
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    # The list names people of the register: reading it is audited, by filter names only.
    audit.log(
        request.user,
        "matching.pair.listed",
        partnership=request.partnership,
        fields=["status"] if status else [],
    )
    return render(
        request,
        "matching/staff/pairs.html",
        {"page": page, "status": status, "statuses": Pair.Status.choices},
    )


def _phone_form(followup: FollowUp, data: Any = None) -> FollowUpPhoneForm:
    return FollowUpPhoneForm(data, prefix=f"followup-{followup.pk}")


@partnership_view(Perm.OPERATE)
def matching_pair(request: PartnershipRequest, pk: int) -> HttpResponse:
    pair = _pair_or_404(request, pk)
    audit.log(request.user, "matching.pair.viewed", pair)
    to_call = pair_selectors.followups_to_call(pair=pair) if pair.is_open else []
    return render(
        request,
        "matching/staff/pair.html",
        {
            "pair": pair,
            "followups": list(pair.followups.all()),
            "to_call": [(followup, _phone_form(followup)) for followup in to_call],
            "end_form": EndForm(),
        },
    )


def _transition(
    request: PartnershipRequest, pk: int, service: Callable[..., Pair], done: str
) -> HttpResponse:
    pair = _pair_or_404(request, pk)
    try:
        service(pair=pair, actor=request.user)
    except PairRefused as error:
        flash_errors(request, error)
    else:
        messages.success(request, done)
    return _to_pair(request, pair)


@partnership_view(Perm.OPERATE)
@require_POST
def matching_pair_activate(request: PartnershipRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, pair_services.pair_activate, _("The pair is active: they have met.")
    )


@partnership_view(Perm.OPERATE)
@require_POST
def matching_pair_pause(request: PartnershipRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        pair_services.pair_pause,
        _("The pair is paused: no follow-up goes out until it resumes."),
    )


@partnership_view(Perm.OPERATE)
@require_POST
def matching_pair_resume(request: PartnershipRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, pair_services.pair_resume, _("The pair is active again."))


@partnership_view(Perm.OPERATE)
@require_POST
def matching_pair_end(request: PartnershipRequest, pk: int) -> HttpResponse:
    pair = _pair_or_404(request, pk)
    form = EndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why the pair ends."))
        return _to_pair(request, pair)
    reason = form.cleaned_data["reason"]
    try:
        pair_services.pair_end(
            pair=pair,
            reason=reason,
            note=form.cleaned_data["note"],
            rematch=form.cleaned_data["rematch"],
            actor=request.user,
        )
    except PairRefused as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("The proposal is withdrawn.")
            if reason == Pair.EndReason.WITHDRAWN
            else _("The pair has ended."),
        )
    return _to_pair(request, pair)


@partnership_view(Perm.OPERATE)
@require_POST
def matching_followup_phone(request: PartnershipRequest, pk: int) -> HttpResponse:
    followup = (
        FollowUp.objects.select_related("pair")
        .filter(pair__partnership=request.partnership, pk=pk)
        .first()
    )
    if followup is None:
        raise Http404
    form = _phone_form(followup, request.POST)
    if not form.is_valid():
        messages.error(request, _("Please answer all three questions."))
        return _to_pair(request, followup.pair)
    try:
        followup_answer(
            followup=followup,
            meetings=form.cleaned_data["meetings"],
            going=form.cleaned_data["going"],
            wants_to_continue=form.cleaned_data["wants_to_continue"],
            actor=request.user,
            by_phone=True,
        )
    except FollowUpRefused as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The answers given on the phone are saved."))
    return _to_pair(request, followup.pair)
