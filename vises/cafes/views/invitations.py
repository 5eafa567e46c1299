"""A person's answer to an invitation, behind the signed registration link (no login).

GET only shows the invitation (link previews in messaging apps open links by themselves);
accepting and declining are buttons that POST.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vises.cafes.links.registrations import registration_from_token, registration_link
from vises.cafes.models import CafeDescription, Registration
from vises.cafes.services.invitations import (
    INVITABLE_STATUSES,
    InvitationRefused,
    invitation_accept,
    invitation_decline,
)
from vises.cafes.views.registrations import registration_link_problem
from vises.common.access import link_view
from vises.common.signed_links import LinkExpired, LinkInvalid

ACTOR = "link:invitation"


def _registration(request: HttpRequest, token: str) -> Registration | HttpResponse:
    """The registration of the link, or the page that says the link does not open."""
    try:
        return registration_from_token(token)
    except LinkExpired as error:
        return registration_link_problem(request, error, status=410)
    except LinkInvalid as error:
        return registration_link_problem(request, error, status=404)


def _description(registration: Registration) -> tuple[str, str]:
    """The café's description in the visitor's language, falling back to Swedish."""
    cafe = registration.cafe
    language = translation.get_language() or "sv"
    if language != "sv":
        own = CafeDescription.objects.filter(cafe=cafe, language=language).first()
        if own is not None:
            return own.text, language
    return cafe.description, "sv"


@link_view
@require_GET
def invitation_page(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration(request, token)
    if isinstance(registration, HttpResponse):
        return registration
    cafe = registration.cafe
    now = timezone.now()
    waiting = (
        registration.status == Registration.Status.INVITED
        and registration.invited_until is not None
        and registration.invited_until > now
        and cafe.status in INVITABLE_STATUSES
        and cafe.starts_at > now
    )
    description, description_language = _description(registration)
    return render(
        request,
        "cafes/invitations/page.html",
        {
            "registration": registration,
            "cafe": cafe,
            "token": token,
            "waiting": waiting,
            "expired": registration.status == Registration.Status.EXPIRED
            or (registration.status == Registration.Status.INVITED and not waiting),
            "registration_url": registration_link(registration),
            "description": description,
            "description_language": description_language,
        },
    )


def _answer(request: HttpRequest, token: str, *, accept: bool) -> HttpResponse:
    registration = _registration(request, token)
    if isinstance(registration, HttpResponse):
        return registration
    try:
        if accept:
            invitation_accept(registration=registration, actor=ACTOR)
        else:
            invitation_decline(registration=registration, actor=ACTOR)
    except InvitationRefused as refused:
        messages.error(request, refused.messages[0])
    else:
        messages.success(
            request,
            _("Welcome! Your place is confirmed. We sent you a receipt.")
            if accept
            else _("Thank you for answering. Your place goes to someone else."),
        )
    return redirect("invitation_page", token=token)


@link_view
@require_POST
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    return _answer(request, token, accept=True)


@link_view
@require_POST
def invitation_decline_view(request: HttpRequest, token: str) -> HttpResponse:
    return _answer(request, token, accept=False)
