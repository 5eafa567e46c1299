"""A match run's pages: start a run, review its proposals and the balance report, lock,
exclude, include, swap, compute again, publish or discard (Perm.OPERATE)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from vises.common import audit
from vises.common.forms import flash_errors
from vises.matching.forms.staff import SwapForm
from vises.matching.models import MatchRun, Proposal
from vises.matching.selectors import pairs as pair_selectors
from vises.matching.selectors.balance import DIMENSIONS, balance_gaps, balance_rows
from vises.matching.selectors.pool import waiting_pool
from vises.matching.selectors.targets import targets_in
from vises.matching.services import runs as run_services
from vises.matching.services.runs import RunRefused
from vises.partnerships.access import PartnershipRequest, Perm, partnership_view
from vises.people.models import Person

DIMENSION_NAMES = {
    "language": gettext_lazy("Language"),
    "age": gettext_lazy("Age band"),
    "gender": gettext_lazy("Gender"),
    "education": gettext_lazy("Education level"),
}


def _run_or_404(request: PartnershipRequest, pk: int) -> MatchRun:
    try:
        return pair_selectors.run_detail(partnership=request.partnership, pk=pk)
    except MatchRun.DoesNotExist as error:
        raise Http404 from error


def _to_run(request: PartnershipRequest, run: MatchRun) -> HttpResponse:
    return redirect("matching_run", slug=request.partnership.slug, pk=run.pk)


def _refused(request: PartnershipRequest, error: RunRefused) -> None:
    flash_errors(request, error)
    for name in error.names:
        messages.error(request, name)


@partnership_view(Perm.OPERATE)
@require_POST
def matching_run_create(request: PartnershipRequest) -> HttpResponse:
    run = run_services.run_create(partnership=request.partnership, actor=request.user)
    count = run.proposals.count()
    messages.success(
        request,
        ngettext(
            "The run proposes %(count)s pair. Review it, then publish.",
            "The run proposes %(count)s pairs. Review them, then publish.",
            count,
        )
        % {"count": count},
    )
    return _to_run(request, run)


@partnership_view(Perm.OPERATE)
def matching_run(request: PartnershipRequest, pk: int) -> HttpResponse:
    run = _run_or_404(request, pk)
    # The page names the people proposed and waiting (DESIGN §6).
    audit.log(request.user, "matching.matchrun.viewed", run)
    proposals = list(run.proposals.select_related("participant", "friend").order_by("-score", "pk"))
    excluded = list(run.excluded.order_by("first_name", "last_name", "pk"))
    unmatched: list[Person] = []
    is_draft = run.status == MatchRun.Status.DRAFT
    if is_draft:
        pool = waiting_pool(
            partnership=request.partnership, excluded={person.pk for person in excluded}
        )
        proposed = {proposal.participant_id for proposal in proposals}
        unmatched = sorted(
            (
                entry.person
                for entry in pool.people.values()
                if entry.side == "participant" and entry.person.pk not in proposed
            ),
            key=lambda person: (person.first_name, person.last_name, person.pk),
        )
    year = timezone.localdate().year
    targets = targets_in(partnership=request.partnership, year=year)
    rows = balance_rows(run.balance, targets=targets)
    return render(
        request,
        "matching/staff/run.html",
        {
            "run": run,
            "is_draft": is_draft,
            "proposals": proposals,
            "excluded": excluded,
            "unmatched": unmatched,
            "swap_form": SwapForm(run=run) if is_draft and len(proposals) > 1 else None,
            "balance": [(DIMENSION_NAMES[dim], rows.get(dim, [])) for dim in DIMENSIONS],
            "gaps": balance_gaps(run.balance, targets, year),
            "targets_year": year if targets else None,
            "totals": run.balance.get("totals") or {},
        },
    )


@partnership_view(Perm.OPERATE)
@require_POST
def matching_run_recompute(request: PartnershipRequest, pk: int) -> HttpResponse:
    run = _run_or_404(request, pk)
    try:
        run_services.run_recompute(run=run, actor=request.user)
    except RunRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("The run is computed again; locked proposals are kept."))
    return _to_run(request, run)


@partnership_view(Perm.OPERATE)
@require_POST
def matching_run_publish(request: PartnershipRequest, pk: int) -> HttpResponse:
    run = _run_or_404(request, pk)
    try:
        pairs = run_services.run_publish(run=run, actor=request.user)
    except RunRefused as error:
        _refused(request, error)
        return _to_run(request, run)
    messages.success(
        request,
        ngettext(
            "The run is published: %(count)s proposal is sent to both sides.",
            "The run is published: %(count)s proposals are sent to both sides.",
            len(pairs),
        )
        % {"count": len(pairs)},
    )
    pairs_url = reverse("matching_pairs", kwargs={"slug": request.partnership.slug})
    return redirect(f"{pairs_url}?status=proposed")


@partnership_view(Perm.OPERATE)
@require_POST
def matching_run_discard(request: PartnershipRequest, pk: int) -> HttpResponse:
    run = _run_or_404(request, pk)
    try:
        run_services.run_discard(run=run, actor=request.user)
    except RunRefused as error:
        _refused(request, error)
        return _to_run(request, run)
    messages.success(request, _("The run is discarded; nobody was asked."))
    return redirect("matching_home", slug=request.partnership.slug)


def _posted_person(request: PartnershipRequest) -> Person | None:
    value = request.POST.get("person", "")
    if not value.isdigit():
        return None
    return Person.objects.filter(partnership=request.partnership, pk=int(value)).first()


def _person_in_run(
    request: PartnershipRequest,
    pk: int,
    change: Callable[..., MatchRun],
    done: Callable[[Person], str],
) -> HttpResponse:
    """Exclude or include the posted person: one answer for both."""
    run = _run_or_404(request, pk)
    person = _posted_person(request)
    if person is None:
        messages.error(request, _("Choose a person of the register."))
        return _to_run(request, run)
    try:
        change(run=run, person=person, actor=request.user)
    except RunRefused as error:
        _refused(request, error)
    else:
        messages.success(request, done(person))
    return _to_run(request, run)


@partnership_view(Perm.OPERATE)
@require_POST
def matching_run_exclude(request: PartnershipRequest, pk: int) -> HttpResponse:
    return _person_in_run(
        request,
        pk,
        run_services.run_exclude,
        lambda person: (
            _("%(person)s is left out of this run. Compute it again to fill the gap.")
            % {"person": person}
        ),
    )


@partnership_view(Perm.OPERATE)
@require_POST
def matching_run_include(request: PartnershipRequest, pk: int) -> HttpResponse:
    return _person_in_run(
        request,
        pk,
        run_services.run_include,
        lambda person: (
            _("%(person)s is back in this run. Compute it again to propose them.")
            % {"person": person}
        ),
    )


@partnership_view(Perm.OPERATE)
@require_POST
def matching_run_swap(request: PartnershipRequest, pk: int) -> HttpResponse:
    run = _run_or_404(request, pk)
    form = SwapForm(request.POST, run=run)
    if not form.is_valid():
        messages.error(request, _("Choose two proposals of this run."))
        return _to_run(request, run)
    try:
        run_services.proposal_swap(
            first=form.cleaned_data["first"],
            second=form.cleaned_data["second"],
            actor=request.user,
        )
    except RunRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("The two proposals swapped friends and are locked."))
    return _to_run(request, run)


@partnership_view(Perm.OPERATE)
@require_POST
def matching_proposal_lock(request: PartnershipRequest, pk: int) -> HttpResponse:
    proposal = (
        Proposal.objects.select_related("run", "run__partnership")
        .filter(run__partnership=request.partnership, pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404
    locked = request.POST.get("locked") == "1"
    try:
        run_services.proposal_lock(proposal=proposal, locked=locked, actor=request.user)
    except RunRefused as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("The proposal is locked: it stays when the run is computed again.")
            if locked
            else _("The proposal is unlocked."),
        )
    return _to_run(request, proposal.run)
