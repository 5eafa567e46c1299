"""The coordinator's café pages under /p/<slug>/cafes/: list, plan, states, volunteers,
invitations. Views parse, call a service or selector, and render (Perm.OPERATE)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vises.cafes.forms.cafes import (
    CafeForm,
    CancelForm,
    DescriptionsForm,
    InvitationFilterForm,
    VolunteerAssignForm,
    description_languages,
)
from vises.cafes.models import Cafe, CafeVolunteer
from vises.cafes.selectors import cafes as cafe_selectors
from vises.cafes.selectors.cafes import annotated_seats_left, free_seats, seats_left
from vises.cafes.selectors.invitations import CANDIDATE_LIMIT, invitation_candidates
from vises.cafes.selectors.registrations import cafe_registrations
from vises.cafes.services import cafes as cafe_services
from vises.cafes.services.invitations import (
    DEFAULT_HOLD_HOURS,
    InvitationRefused,
    invitation_create,
)
from vises.common import audit
from vises.common.forms import error_texts, flash_errors
from vises.partnerships.access import PartnershipRequest, Perm, partnership_view
from vises.people.models import Person

PAGE_SIZE = 50


def _cafe_or_404(request: PartnershipRequest, pk: int) -> Cafe:
    try:
        return cafe_selectors.cafe_for_staff(partnership=request.partnership, pk=pk)
    except Cafe.DoesNotExist as error:
        raise Http404 from error


def _to_detail(request: PartnershipRequest, cafe: Cafe) -> HttpResponse:
    return redirect("cafes_detail", slug=request.partnership.slug, pk=cafe.pk)


@dataclass(frozen=True)
class CafeRow:
    cafe: Cafe
    seats_left: int


@partnership_view(Perm.OPERATE)
def cafes_list(request: PartnershipRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Cafe.Status.values:
        status = ""
    cafes = cafe_selectors.cafes_for_staff(partnership=request.partnership, status=status)
    page = Paginator(cafes, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [CafeRow(cafe, annotated_seats_left(cafe)) for cafe in page.object_list]
    return render(
        request,
        "cafes/staff/list.html",
        {"page": page, "rows": rows, "status": status, "statuses": Cafe.Status.choices},
    )


def _render_form(
    request: PartnershipRequest, form: CafeForm, cafe: Cafe | None = None
) -> HttpResponse:
    return render(request, "cafes/staff/form.html", {"form": form, "cafe": cafe})


@partnership_view(Perm.OPERATE)
def cafes_create(request: PartnershipRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_form(request, CafeForm(partnership=request.partnership))
    form = CafeForm(request.POST, partnership=request.partnership)
    if not form.is_valid():
        return _render_form(request, form)
    try:
        cafe = cafe_services.cafe_create(
            partnership=request.partnership,
            languages=form.cleaned_data["languages"],
            actor=request.user,
            **form.cafe_values(),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_form(request, form)
    messages.success(request, _("The café is planned. Open it for sign-up when it is ready."))
    return _to_detail(request, cafe)


@partnership_view(Perm.OPERATE)
def cafes_edit(request: PartnershipRequest, pk: int) -> HttpResponse:
    cafe = _cafe_or_404(request, pk)
    if request.method != "POST":
        form = CafeForm(initial=CafeForm.initial_for(cafe), partnership=request.partnership)
        return _render_form(request, form, cafe)
    form = CafeForm(request.POST, partnership=request.partnership)
    if not form.is_valid():
        return _render_form(request, form, cafe)
    try:
        cafe_services.cafe_update(
            cafe=cafe,
            languages=form.cleaned_data["languages"],
            actor=request.user,
            **form.cafe_values(),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_form(request, form, cafe)
    messages.success(request, _("The changes are saved."))
    return _to_detail(request, cafe)


# Buttons of the café page: target state → URL name.
TRANSITION_BUTTONS: dict[str, str] = {
    Cafe.Status.OPEN: "cafes_open",
    Cafe.Status.HELD: "cafes_held",
    Cafe.Status.FOLLOWED_UP: "cafes_followed_up",
    Cafe.Status.CANCELLED: "cafes_cancel",
}


@partnership_view(Perm.OPERATE)
def cafes_detail(request: PartnershipRequest, pk: int) -> HttpResponse:
    cafe = _cafe_or_404(request, pk)
    registrations = cafe_registrations(cafe=cafe)
    # The page names the people registered: reading it is audited (DESIGN §6).
    audit.log(request.user, "cafes.registration.listed", cafe)
    now = timezone.now()
    transitions = cafe_services.allowed_transitions(cafe, now=now)
    return render(
        request,
        "cafes/staff/detail.html",
        {
            "cafe": cafe,
            "registrations": registrations,
            "seats_left": seats_left(cafe=cafe, now=now),
            "free_seats": free_seats(cafe=cafe, now=now),
            "transitions": [(to, TRANSITION_BUTTONS[to]) for to in transitions],
            "volunteer_form": VolunteerAssignForm(partnership=request.partnership),
            "now": now,
        },
    )


def _transition(request: PartnershipRequest, pk: int, to: str, done: str) -> HttpResponse:
    cafe = _cafe_or_404(request, pk)
    services: dict[str, Callable[..., Cafe]] = {
        Cafe.Status.OPEN: cafe_services.cafe_open,
        Cafe.Status.HELD: cafe_services.cafe_mark_held,
        Cafe.Status.FOLLOWED_UP: cafe_services.cafe_mark_followed_up,
    }
    try:
        services[to](cafe=cafe, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, done)
    return _to_detail(request, cafe)


@partnership_view(Perm.OPERATE)
@require_POST
def cafes_open(request: PartnershipRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, Cafe.Status.OPEN, _("The café is open for sign-up."))


@partnership_view(Perm.OPERATE)
@require_POST
def cafes_held(request: PartnershipRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, Cafe.Status.HELD, _("The café is marked as held."))


@partnership_view(Perm.OPERATE)
@require_POST
def cafes_followed_up(request: PartnershipRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, Cafe.Status.FOLLOWED_UP, _("The café is marked as followed up.")
    )


@partnership_view(Perm.OPERATE)
def cafes_cancel(request: PartnershipRequest, pk: int) -> HttpResponse:
    cafe = _cafe_or_404(request, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cafe_services.cafe_cancel(
                cafe=cafe, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error(
                    "reason" if "cancelled_reason" in error.error_dict else None,
                    error_texts(error),
                )
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The café is cancelled. Everyone registered is told."))
            return _to_detail(request, cafe)
    return render(request, "cafes/staff/cancel.html", {"cafe": cafe, "form": form})


@partnership_view(Perm.OPERATE)
def cafes_descriptions(request: PartnershipRequest, pk: int) -> HttpResponse:
    cafe = _cafe_or_404(request, pk)
    current = {description.language: description.text for description in cafe.descriptions.all()}
    form = DescriptionsForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for code, _name in description_languages():
                cafe_services.cafe_description_set(
                    cafe=cafe, language=code, text=form.cleaned_data[code], actor=request.user
                )
        messages.success(request, _("The descriptions are saved."))
        return _to_detail(request, cafe)
    return render(request, "cafes/staff/descriptions.html", {"cafe": cafe, "form": form})


@partnership_view(Perm.OPERATE)
@require_POST
def cafes_volunteer_assign(request: PartnershipRequest, pk: int) -> HttpResponse:
    cafe = _cafe_or_404(request, pk)
    form = VolunteerAssignForm(request.POST, partnership=request.partnership)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return _to_detail(request, cafe)
    try:
        assignment = cafe_services.cafe_volunteer_assign(
            cafe=cafe,
            volunteer=form.cleaned_data["volunteer"],
            role=form.cleaned_data["role"],
            actor=request.user,
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("%(volunteer)s is assigned as %(role)s.")
            % {"volunteer": assignment.volunteer, "role": assignment.get_role_display()},
        )
    return _to_detail(request, cafe)


@partnership_view(Perm.OPERATE)
@require_POST
def cafes_volunteer_remove(
    request: PartnershipRequest, pk: int, assignment_pk: int
) -> HttpResponse:
    cafe = _cafe_or_404(request, pk)
    assignment = (
        CafeVolunteer.objects.select_related("cafe__partnership", "volunteer__person")
        .filter(cafe=cafe, pk=assignment_pk)
        .first()
    )
    if assignment is None:
        raise Http404
    cafe_services.cafe_volunteer_remove(assignment=assignment, actor=request.user)
    messages.success(
        request, _("%(volunteer)s is no longer assigned.") % {"volunteer": assignment.volunteer}
    )
    return _to_detail(request, cafe)


def _invite_selected(request: PartnershipRequest, cafe: Cafe) -> HttpResponse:
    """Invite each chosen person in their own transaction: as many as there are seats."""
    ids = [int(value) for value in request.POST.getlist("person") if value.isdigit()]
    people = Person.objects.filter(partnership=request.partnership, pk__in=ids).order_by(
        "first_name", "last_name", "pk"
    )
    invited = 0
    refused: dict[str, list[str]] = {}
    for person in people:
        try:
            invitation_create(cafe=cafe, person=person, actor=request.user)
        except InvitationRefused as error:
            refused.setdefault(error.messages[0], []).append(str(person))
        else:
            invited += 1
    if not ids:
        messages.error(request, _("Choose at least one person to invite."))
    if invited:
        messages.success(
            request,
            ngettext(
                "%(count)s person is invited; a seat is held for %(hours)s hours.",
                "%(count)s persons are invited; a seat is held for each for %(hours)s hours.",
                invited,
            )
            % {"count": invited, "hours": DEFAULT_HOLD_HOURS},
        )
    for reason, names in refused.items():
        messages.error(
            request,
            _("Not invited: %(names)s. %(reason)s") % {"names": ", ".join(names), "reason": reason},
        )
    return redirect(f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path)


@partnership_view(Perm.OPERATE)
def cafes_invite(request: PartnershipRequest, pk: int) -> HttpResponse:
    cafe = _cafe_or_404(request, pk)
    if request.method == "POST":
        return _invite_selected(request, cafe)
    form = InvitationFilterForm(request.GET or None, partnership=request.partnership)
    filters = form.filters() if form.is_bound else {}
    candidates = list(invitation_candidates(cafe=cafe, **filters)[: CANDIDATE_LIMIT + 1])
    # The list names people of the register: reading it is audited, by filter names only.
    audit.log(
        request.user,
        "people.person.listed",
        partnership=request.partnership,
        fields=sorted(filters),
    )
    return render(
        request,
        "cafes/staff/invite.html",
        {
            "cafe": cafe,
            "form": form,
            "candidates": candidates[:CANDIDATE_LIMIT],
            "more": len(candidates) > CANDIDATE_LIMIT,
            "limit": CANDIDATE_LIMIT,
            "free_seats": free_seats(cafe=cafe),
            "hold_hours": DEFAULT_HOLD_HOURS,
        },
    )
