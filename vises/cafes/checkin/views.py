"""Check-in on a phone at /p/<slug>/checkin/: the door list, taps, walk-ins, employees,
printable fallbacks, and the hours of an assignment.

Volunteers open only the cafés they are assigned to (any other answers 404); coordinators
and managers every café of the partnership. Each page showing people writes an audit event.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from vises.cafes.checkin import documents, selectors, services
from vises.cafes.checkin.forms import HoursForm, WalkInForm
from vises.cafes.links.feedback import friend_link
from vises.cafes.models import Cafe, CafeVolunteer, Registration
from vises.common import audit
from vises.common.pdf import pdf_from_html
from vises.partnerships.access import PartnershipRequest, Perm, partnership_view, role_has
from vises.people.outbox.links import absolute_url

# What a check-in page shows of a person, named for the audit event (never the values).
SHOWN_FIELDS = ["first_name", "last_name_initial", "phone"]
# Counts of waiting taps the page has a sentence for; more than this reads "more than …".
QUEUE_COUNTS = 60


def may_operate(request: PartnershipRequest) -> bool:
    return role_has(request.membership.role, Perm.OPERATE)


def checkin_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For volunteers (Perm.VOLUNTEER_DUTY) and coordinators (Perm.OPERATE): anonymous → 302,
    another partnership → 404, any other role → 403."""

    @wraps(view)
    def inner(request: PartnershipRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        role = request.membership.role
        if not (role_has(role, Perm.OPERATE) or role_has(role, Perm.VOLUNTEER_DUTY)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    guarded = partnership_view(Perm.VIEW_START)(inner)
    guarded.vises_permissions_any = (Perm.VOLUNTEER_DUTY, Perm.OPERATE)  # type: ignore[attr-defined]
    return guarded


def _cafe(request: PartnershipRequest, cafe_id: int) -> Cafe:
    try:
        return selectors.checkin_cafe(
            partnership=request.partnership,
            cafe_id=cafe_id,
            user=request.user,
            may_operate=may_operate(request),
        )
    except Cafe.DoesNotExist as error:
        raise Http404 from error


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _list_url(request: PartnershipRequest, cafe: Cafe) -> str:
    return reverse("checkin_list", kwargs={"slug": request.partnership.slug, "cafe_id": cafe.pk})


def _key(request: HttpRequest) -> Any:
    try:
        return services.parse_key(request.POST.get("key"))
    except ValueError:
        return None


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@checkin_view
def today(request: PartnershipRequest) -> HttpResponse:
    cafes = selectors.checkin_cafes(
        partnership=request.partnership, user=request.user, may_operate=may_operate(request)
    )
    return render(request, "cafes/checkin/today.html", {"cafes": list(cafes)})


def _volunteers(cafe: Cafe) -> list[dict[str, Any]]:
    """The café's volunteers and their hours, for the coordinator's copy of the page."""
    assignments = CafeVolunteer.objects.filter(cafe=cafe).select_related(
        "volunteer__person", "cafe"
    )
    return [
        {
            "assignment": assignment,
            "name": assignment.volunteer.person.display_short,
            "hours": selectors.volunteer_hours(assignment),
            "is_default": assignment.hours is None,
        }
        for assignment in assignments.order_by("volunteer__person__first_name", "pk")
    ]


def _queue_texts() -> dict[str, Any]:
    """The sentences checkin.js shows about taps kept on the phone, in the page's language.

    Rendered with json_script (the CSP runs no inline script); one sentence per count keeps
    every language's plural forms right without a JavaScript catalogue.
    """
    return {
        "counts": [
            ngettext(
                "%(counter)s check-in waits to be sent.",
                "%(counter)s check-ins wait to be sent.",
                count,
            )
            % {"counter": count}
            for count in range(1, QUEUE_COUNTS + 1)
        ],
        "many": _("More than %(counter)s check-ins wait to be sent.") % {"counter": QUEUE_COUNTS},
        "kept": _(
            "They are kept on this phone. They are sent when there is a connection "
            "and this page is open."
        ),
        "failed": _("Some taps could not be saved. Read the messages in the list."),
    }


@checkin_view
def cafe_list(request: PartnershipRequest, cafe_id: int) -> HttpResponse:
    cafe = _cafe(request, cafe_id)
    rows = selectors.checkin_rows(cafe=cafe)
    context: dict[str, Any] = {
        "cafe": cafe,
        "rows": rows,
        "summary": selectors.checkin_summary(cafe=cafe, rows=rows),
        "employee_keys": {"plus": selectors.new_key(), "minus": selectors.new_key()},
        "may_operate": may_operate(request),
        "closed": cafe.status == Cafe.Status.CANCELLED,
        "queue_texts": _queue_texts(),
    }
    if context["may_operate"]:
        context["volunteers"] = _volunteers(cafe)
        context["friend_url"] = absolute_url(friend_link(cafe))
    audit.log(request.user, "cafes.cafe.checkin_viewed", cafe, fields=SHOWN_FIELDS)
    return _private(render(request, "cafes/checkin/list.html", context))


def _row_response(request: PartnershipRequest, cafe: Cafe, registration_id: int) -> HttpResponse:
    rows = selectors.checkin_rows(cafe=cafe)
    # None when the registration left the list meanwhile (cancelled): the row then goes.
    row = next((row for row in rows if row.registration_id == registration_id), None)
    context = {
        "cafe": cafe,
        "row": row,
        "summary": selectors.checkin_summary(cafe=cafe, rows=rows),
        "oob": True,
        "closed": False,
    }
    return _private(render(request, "cafes/checkin/_row_response.html", context))


@checkin_view
@require_POST
def tap(request: PartnershipRequest, cafe_id: int, registration_id: int) -> HttpResponse:
    cafe = _cafe(request, cafe_id)
    registration = Registration.objects.filter(cafe=cafe, pk=registration_id).first()
    if registration is None:
        raise Http404
    key = _key(request)
    attendance = request.POST.get("attendance", "")
    if key is None or attendance not in selectors.ATTENDANCE_VALUES:
        return HttpResponseBadRequest(_("The tap was not understood. Reload the page."))
    try:
        services.attendance_set(
            registration=registration, attendance=attendance, key=key, actor=request.user
        )
    except (services.NotCheckedIn, services.CheckInClosed):
        message = _("This person cannot be checked in here any more. Reload the page.")
        if _is_htmx(request):
            return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")
        messages.error(request, message)
        return redirect(_list_url(request, cafe))
    if _is_htmx(request):
        return _row_response(request, cafe, registration.pk)
    return redirect(f"{_list_url(request, cafe)}#registration-{registration.pk}")


@checkin_view
@require_POST
def employees(request: PartnershipRequest, cafe_id: int) -> HttpResponse:
    cafe = _cafe(request, cafe_id)
    key = _key(request)
    try:
        delta = int(request.POST.get("delta", ""))
    except ValueError:
        delta = 0
    if key is None or delta not in (-1, 1):
        return HttpResponseBadRequest(_("The tap was not understood. Reload the page."))
    try:
        services.employees_change(cafe=cafe, delta=delta, key=key, actor=request.user)
    except services.CheckInClosed:
        return HttpResponse(status=409)
    if not _is_htmx(request):
        return redirect(f"{_list_url(request, cafe)}#employees")
    context = {
        "cafe": cafe,
        "present": selectors.employees_present(cafe=cafe),
        "employee_keys": {"plus": selectors.new_key(), "minus": selectors.new_key()},
        "closed": False,
    }
    return _private(render(request, "cafes/checkin/_employees.html", context))


@checkin_view
@require_http_methods(["GET", "POST"])
def walk_in(request: PartnershipRequest, cafe_id: int) -> HttpResponse:
    cafe = _cafe(request, cafe_id)
    if cafe.status == Cafe.Status.CANCELLED:
        raise Http404
    form = WalkInForm(request.POST or None, initial={"key": selectors.new_key()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.walk_in_add(
                cafe=cafe,
                first_name=data["first_name"],
                phone=data["phone"],
                language=data["language"],
                gender=data["gender"],
                consent=data["consent"],
                key=data["key"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except (ValueError, services.CheckInClosed):
            return HttpResponseBadRequest(_("The form was not understood. Reload the page."))
        else:
            messages.success(
                request,
                _("%(name)s is checked in.") % {"name": result.registration.person.display_short},
            )
            return redirect(f"{_list_url(request, cafe)}#registration-{result.registration.pk}")
    return render(request, "cafes/checkin/walk_in.html", {"cafe": cafe, "form": form})


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _private(response)


@checkin_view
def list_pdf(request: PartnershipRequest, cafe_id: int) -> HttpResponse:
    cafe = _cafe(request, cafe_id)
    pdf = pdf_from_html(documents.checkin_list_html(cafe=cafe))
    audit.log(request.user, "cafes.cafe.checkin_printed", cafe, fields=SHOWN_FIELDS)
    return _pdf_response(pdf, f"checkin-{cafe.pk}.pdf")


@checkin_view
def tags_pdf(request: PartnershipRequest, cafe_id: int) -> HttpResponse:
    cafe = _cafe(request, cafe_id)
    pdf = pdf_from_html(documents.name_tags_html(cafe=cafe))
    audit.log(request.user, "cafes.cafe.tags_printed", cafe, fields=["first_name"])
    return _pdf_response(pdf, f"tags-{cafe.pk}.pdf")


def _assignment(request: PartnershipRequest, assignment_id: int) -> CafeVolunteer:
    """A volunteer's own assignment; for a coordinator any of the partnership's."""
    assignments = CafeVolunteer.objects.select_related("cafe", "cafe__company").filter(
        cafe__partnership=request.partnership
    )
    if not may_operate(request):
        user_id = request.user.pk
        assignments = (
            assignments.filter(volunteer__user_id=user_id) if user_id else assignments.none()
        )
    assignment = assignments.filter(pk=assignment_id).first()
    if assignment is None:
        raise Http404
    return assignment


def _next_url(request: HttpRequest, fallback: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


@checkin_view
@require_http_methods(["GET", "POST"])
def hours(request: PartnershipRequest, assignment_id: int) -> HttpResponse:
    assignment = _assignment(request, assignment_id)
    fallback = (
        _list_url(request, assignment.cafe)
        if may_operate(request)
        else reverse("partnership_volunteer", kwargs={"slug": request.partnership.slug})
    )
    initial = {"hours": "" if assignment.hours is None else assignment.hours}
    form = HoursForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_hours_set(
                assignment=assignment, hours=form.cleaned_data["hours"], actor=request.user
            )
        except ValidationError as error:
            form.add_error("hours", error)
        else:
            messages.success(request, _("The hours are saved."))
            return redirect(_next_url(request, fallback))
    context = {
        "assignment": assignment,
        "cafe": assignment.cafe,
        "form": form,
        "default_hours": selectors.default_hours(assignment.cafe),
        "next": _next_url(request, fallback),
    }
    return render(request, "cafes/checkin/hours.html", context)
