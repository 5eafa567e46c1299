"""The steering group's pages under /p/<slug>/steering/: the meetings (held and planned, per
year against the two the agreement asks for), a meeting with its agenda, attendees, minutes,
decisions and action items, the forms to plan and record a meeting, the open action items and
the meeting pack. Views parse, call a service or selector, and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.common.forms import add_service_errors, flash_errors
from vises.partnerships.access import PartnershipRequest, Perm, partnership_view
from vises.steering import pack, selectors, services
from vises.steering.forms import ActionItemForm, ActionStatusForm, MeetingForm
from vises.steering.models import ActionItem, SteeringMeeting


def _meeting_or_404(request: PartnershipRequest, meeting_id: int) -> SteeringMeeting:
    try:
        return selectors.meeting_detail(partnership=request.partnership, meeting_id=meeting_id)
    except SteeringMeeting.DoesNotExist as error:
        raise Http404 from error


def _members(request: PartnershipRequest) -> Any:
    return selectors.steering_members(partnership=request.partnership)


@partnership_view(Perm.STEERING)
def meeting_list(request: PartnershipRequest) -> HttpResponse:
    """Planned meetings, then held ones; each year's count against the two required."""
    now = timezone.now()
    meetings = list(selectors.meetings_of(partnership=request.partnership))
    this_year = selectors.year_count(
        partnership=request.partnership, year=timezone.localdate().year
    )
    years = selectors.year_counts(meetings, now)
    if this_year.year not in {row.year for row in years}:
        years.insert(0, this_year)
    context = {
        "planned": [m for m in reversed(meetings) if m.starts_at > now],
        "held": [m for m in meetings if m.starts_at <= now],
        "years": years,
        "required": selectors.MEETINGS_PER_YEAR,
        "may_edit": request.membership.allows(Perm.STEERING_EDIT),
    }
    return render(request, "steering/meetings.html", context)


@partnership_view(Perm.STEERING)
def action_list(request: PartnershipRequest) -> HttpResponse:
    """Every open action item of the group, the earliest due first."""
    context = {
        "actions": selectors.open_actions(partnership=request.partnership),
        "today": timezone.localdate(),
        "may_edit": request.membership.allows(Perm.STEERING_EDIT),
        "statuses": ActionItem.Status.choices,
    }
    return render(request, "steering/actions.html", context)


def _meeting_page(
    request: PartnershipRequest,
    meeting: SteeringMeeting,
    *,
    action_form: ActionItemForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_edit = request.membership.allows(Perm.STEERING_EDIT)
    previous = selectors.previous_meeting(meeting=meeting)
    context = {
        "meeting": meeting,
        "held": meeting.starts_at <= timezone.now(),
        "previous": previous,
        "may_approve": previous is not None
        and not previous.minutes_approved
        and bool(previous.minutes.strip())
        and timezone.localdate(meeting.starts_at) <= timezone.localdate(),
        "may_edit": may_edit and not meeting.minutes_approved,
        "may_edit_actions": may_edit,
        "action_form": action_form
        or (ActionItemForm(members=_members(request)) if may_edit else None),
        "statuses": ActionItem.Status.choices,
    }
    return render(request, "steering/meeting.html", context, status=status)


@partnership_view(Perm.STEERING)
def meeting_page(request: PartnershipRequest, meeting_id: int) -> HttpResponse:
    return _meeting_page(request, _meeting_or_404(request, meeting_id))


def _form_page(
    request: PartnershipRequest,
    form: MeetingForm,
    meeting: SteeringMeeting | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request, "steering/meeting_form.html", {"form": form, "meeting": meeting}, status=status
    )


@partnership_view(Perm.STEERING_EDIT)
def meeting_create(request: PartnershipRequest) -> HttpResponse:
    """Plan a meeting (or record one held): time, place, agenda, attendees."""
    return _meeting_form(request, None)


@partnership_view(Perm.STEERING_EDIT)
def meeting_edit(request: PartnershipRequest, meeting_id: int) -> HttpResponse:
    """Change a meeting, record its minutes and decisions (until they are approved)."""
    meeting = _meeting_or_404(request, meeting_id)
    if meeting.minutes_approved:
        messages.error(
            request,
            _("The minutes of this meeting are approved; the meeting can no longer be changed."),
        )
        return redirect("steering_meeting", slug=request.partnership.slug, meeting_id=meeting.pk)
    return _meeting_form(request, meeting)


def _meeting_form(request: PartnershipRequest, meeting: SteeringMeeting | None) -> HttpResponse:
    """The one form of a meeting: a new one (`meeting` None) or a change of one."""
    members = _members(request)
    if request.method != "POST":
        return _form_page(
            request, MeetingForm(members=members, initial=_initial(meeting, members)), meeting
        )
    form = MeetingForm(request.POST, members=members)
    if form.is_valid():
        fields = {
            "starts_at": form.starts_at(),
            "place": form.cleaned_data["place"],
            "agenda": form.cleaned_data["agenda"],
            "minutes": form.cleaned_data["minutes"],
            "decisions": form.cleaned_data["decisions"],
            "attendees": form.cleaned_data["attendees"],
        }
        try:
            if meeting is None:
                meeting = services.meeting_create(
                    partnership=request.partnership, actor=request.user, **fields
                )
            else:
                services.meeting_update(meeting=meeting, actor=request.user, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect(
                "steering_meeting", slug=request.partnership.slug, meeting_id=meeting.pk
            )
    return _form_page(request, form, meeting, status=400)


def _initial(meeting: SteeringMeeting | None, members: Any) -> dict[str, Any]:
    """A new meeting starts with the whole group invited; a change starts from what is saved."""
    if meeting is None:
        return {"attendees": list(members)}
    local = timezone.localtime(meeting.starts_at)
    return {
        "day": local.date(),
        "time": local.time(),
        "place": meeting.place,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "decisions": meeting.decisions,
        "attendees": list(meeting.attendees.all()),
    }


@partnership_view(Perm.STEERING)
@require_POST
def minutes_approve(request: PartnershipRequest, meeting_id: int) -> HttpResponse:
    """At this meeting, approve the minutes of the one before it."""
    meeting = _meeting_or_404(request, meeting_id)
    try:
        services.minutes_approve(meeting=meeting, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The minutes of the previous meeting are approved."))
    return redirect("steering_meeting", slug=request.partnership.slug, meeting_id=meeting.pk)


@partnership_view(Perm.STEERING_EDIT)
@require_POST
def action_create(request: PartnershipRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting_or_404(request, meeting_id)
    form = ActionItemForm(request.POST, members=_members(request))
    if form.is_valid():
        try:
            services.action_item_create(
                meeting=meeting,
                text=form.cleaned_data["text"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action item is added."))
            return redirect(
                "steering_meeting", slug=request.partnership.slug, meeting_id=meeting.pk
            )
    return _meeting_page(request, meeting, action_form=form, status=400)


@partnership_view(Perm.STEERING_EDIT)
@require_POST
def action_status(request: PartnershipRequest, action_id: int) -> HttpResponse:
    item = (
        ActionItem.objects.select_related("meeting")
        .filter(meeting__partnership=request.partnership, pk=action_id)
        .first()
    )
    if item is None:
        raise Http404
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.action_item_status_set(
            item=item, status=form.cleaned_data["status"], actor=request.user
        )
        messages.success(request, _("The action item's status is saved."))
    else:
        messages.error(request, _("Choose open, done or dropped."))
    target = request.POST.get("next")
    if target == "actions":
        return redirect("steering_actions", slug=request.partnership.slug)
    return redirect("steering_meeting", slug=request.partnership.slug, meeting_id=item.meeting_id)


@partnership_view(Perm.STEERING)
def meeting_pack(request: PartnershipRequest, meeting_id: int) -> HttpResponse:
    """The meeting pack as a PDF: key figures since the last meeting (suppressed, as it is
    shared with the municipal member), open action items, the year's budget, the balance of
    language friends."""
    meeting = _meeting_or_404(request, meeting_id)
    pdf = pack.pack_pdf(meeting=meeting)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"styrgrupp-{timezone.localdate(meeting.starts_at).isoformat()}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, name) or "inline"
    return response
