"""A person's own registration page behind a signed, expiring link (`/r/<token>/`, no
account): see the registration, cancel it, or change the language we write in.

An expired or altered link gets a friendly page (200: the person did nothing wrong) that says
how to get a new link. Cancelling frees the seat, and the first in line gets it at once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from vises.cafes.links.registrations import registration_from_token
from vises.cafes.models import Cafe, Registration
from vises.cafes.selectors.registrations import waitlist_position
from vises.cafes.services.registrations import ACTIVE_STATUSES, registration_cancel
from vises.common import audit
from vises.common.access import link_view
from vises.common.signed_links import LinkError, link_page_private, link_problem
from vises.people.languages import interface_language_choices
from vises.people.services.persons import person_update

ACTOR = "link:registration"
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}

RegistrationView = Callable[..., HttpResponse]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Which language shall we write to you in?"),
        choices=interface_language_choices,
    )


def registration_link_problem(
    request: HttpRequest, error: LinkError, *, status: int = 200
) -> HttpResponse:
    """The friendly page for a registration or invitation link that does not open: a new
    link to the person's own page, or the coordinator."""
    return link_problem(
        request,
        error=error,
        new_link_url=reverse("self_service_request_link"),
        help_text=_("Or contact the coordinator: they can cancel or change your place for you."),
        back_url=reverse("cafes_public_calendar"),
        back_label=_("All upcoming cafés"),
        status=status,
    )


def registration_page(view: RegistrationView) -> Callable[..., HttpResponse]:
    """Open the registration the token names, in its person's language (unless the visitor
    chose another with the language switch); a bad token gets the friendly page."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            registration = registration_from_token(token)
        except LinkError as error:
            return registration_link_problem(request, error)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in LANGUAGE_CODES else registration.person.language
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, registration, token, *args, **kwargs)
        response["Content-Language"] = language
        return link_page_private(response)

    return wrapper


def can_cancel(registration: Registration) -> bool:
    """Only a place still held at a café that has not begun can be given up."""
    cafe = registration.cafe
    return (
        registration.status in ACTIVE_STATUSES
        and cafe.status not in (Cafe.Status.CANCELLED, Cafe.Status.HELD, Cafe.Status.FOLLOWED_UP)
        and cafe.starts_at > timezone.now()
    )


@link_view
@require_GET
@registration_page
def registration_home(request: HttpRequest, registration: Registration, token: str) -> HttpResponse:
    audit.log(
        ACTOR, "cafes.registration.viewed", registration, partnership=registration.cafe.partnership
    )
    return render(
        request,
        "cafes/links/registration.html",
        {
            "registration": registration,
            "cafe": registration.cafe,
            "token": token,
            "position": waitlist_position(registration),
            "can_cancel": can_cancel(registration),
            "language_name": dict(interface_language_choices()).get(
                registration.person.language, ""
            ),
        },
    )


@link_view
@require_http_methods(["GET", "POST"])
@registration_page
def registration_cancel_page(
    request: HttpRequest, registration: Registration, token: str
) -> HttpResponse:
    if not can_cancel(registration):
        return redirect("registration_link", token=token)
    if request.method == "POST":
        registration_cancel(registration=registration, actor=ACTOR)
        messages.success(request, _("Your place is cancelled. Thank you for telling us!"))
        return redirect("registration_link", token=token)
    return render(
        request,
        "cafes/links/cancel.html",
        {"registration": registration, "cafe": registration.cafe, "token": token},
    )


@link_view
@require_http_methods(["GET", "POST"])
@registration_page
def registration_language_page(
    request: HttpRequest, registration: Registration, token: str
) -> HttpResponse:
    person = registration.person
    form = LanguageForm(request.POST or None, initial={"language": person.language})
    if request.method == "POST" and form.is_valid():
        try:
            person_update(person=person, actor=ACTOR, language=form.cleaned_data["language"])
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            with translation.override(form.cleaned_data["language"]):
                messages.success(request, _("Thank you! We will write to you in this language."))
            return redirect("registration_link", token=token)
    return render(
        request,
        "cafes/links/language.html",
        {"registration": registration, "cafe": registration.cafe, "token": token, "form": form},
    )
