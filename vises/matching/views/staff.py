"""The coordinator's language-friend pages under /p/<slug>/matching/: the overview and a
person's limits. Runs are in views/runs.py, pairs and follow-ups in views/pairs.py. Views
parse, call a service or selector, and render (Perm.OPERATE)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vises.common import audit
from vises.matching.forms.staff import LimitsForm
from vises.matching.models import Limits, Pair
from vises.matching.selectors import pairs as pair_selectors
from vises.matching.selectors.pool import pool_counts
from vises.matching.services.limits import limits_set
from vises.partnerships.access import PartnershipRequest, Perm, partnership_view
from vises.people.models import Person

RUNS_SHOWN = 20
LIST_LIMIT = 20


def status_counts(partnership: object) -> list[tuple[str, str, int]]:
    """(status, label, count) for every pair status, in the lifecycle's order."""
    counts = pair_selectors.pair_counts(partnership=partnership)  # type: ignore[arg-type]
    return [(value, str(label), counts[value]) for value, label in Pair.Status.choices]


@partnership_view(Perm.OPERATE)
def matching_home(request: PartnershipRequest) -> HttpResponse:
    partnership = request.partnership
    # The page names the people of returned proposals and pairs to call (DESIGN §6).
    audit.log(request.user, "matching.pair.listed", partnership=partnership)
    return render(
        request,
        "matching/staff/home.html",
        {
            "counts": pool_counts(partnership=partnership),
            "runs": list(pair_selectors.runs_list(partnership=partnership)[:RUNS_SHOWN]),
            "statuses": status_counts(partnership),
            "returned": list(
                pair_selectors.proposals_returned(partnership=partnership)[:LIST_LIMIT]
            ),
            "waiting_answers": pair_selectors.proposals_waiting(partnership=partnership).count(),
            "to_call": list(pair_selectors.pairs_to_call(partnership=partnership)[:LIST_LIMIT]),
            "due": list(pair_selectors.followups_due(partnership=partnership)[:LIST_LIMIT]),
            "struggling": list(
                pair_selectors.pairs_struggling(partnership=partnership)[:LIST_LIMIT]
            ),
            "call_after_days": pair_selectors.CALL_AFTER_DAYS,
        },
    )


def _person_or_404(request: PartnershipRequest, pk: int) -> Person:
    person = Person.objects.filter(partnership=request.partnership, pk=pk).first()
    if person is None:
        raise Http404
    return person


@partnership_view(Perm.OPERATE)
def matching_limits(request: PartnershipRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk)
    if request.method != "POST":
        audit.log(request.user, "matching.limits.viewed", person)
        limits = (
            Limits.objects.filter(person=person)
            .prefetch_related("refuses_languages", "unreachable_districts")
            .first()
        )
        form = LimitsForm(initial=LimitsForm.initial_for(limits), partnership=request.partnership)
    else:
        form = LimitsForm(request.POST, partnership=request.partnership)
        if form.is_valid():
            limits_set(
                person=person,
                refuses_languages=form.cleaned_data["refuses_languages"],
                unreachable_districts=form.cleaned_data["unreachable_districts"],
                actor=request.user,
            )
            messages.success(request, _("The limits are saved."))
            return redirect("people_detail", slug=request.partnership.slug, pk=person.pk)
    return render(request, "matching/staff/limits.html", {"person": person, "form": form})
