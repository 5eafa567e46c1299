"""Pages after the café, opened by signed links (no login): a participant's three smiley
questions at /feedback/<token>/, and the employees' language-friend form at
/feedback/cafes/<cafe_id>/friend/<token>/."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from vises.cafes.links.feedback import feedback_registration, friend_cafe
from vises.cafes.messages.registrations import STOCKHOLM, cafe_when
from vises.cafes.models import CafeFeedback, Registration
from vises.cafes.services.feedback import (
    FRIEND_CAPACITY_MAX,
    NotAttended,
    feedback_answer,
    friend_lead_create,
)
from vises.common.access import link_view
from vises.common.middleware import client_address
from vises.common.ratelimit import allow
from vises.common.signed_links import LinkError, LinkInvalid, link_page_private, link_problem
from vises.people.models import ConsentPurpose, ConsentText, Person
from vises.people.services.consent import consent_text_current

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
# Friend sign-ups per client address and hour: a whole staff room on one wifi fits.
FRIEND_LIMIT = 30
FRIEND_WINDOW_SECONDS = 60 * 60

SMILEYS = [
    (CafeFeedback.Smiley.NO.value, _("No")),
    (CafeFeedback.Smiley.A_LITTLE.value, _("A little")),
    (CafeFeedback.Smiley.YES.value, _("Yes, a lot")),
]


def _language(request: HttpRequest, fallback: str) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in LANGUAGE_CODES else fallback


def _link_problem(request: HttpRequest, error: LinkError) -> HttpResponse:
    # No new link to offer: a feedback or friend link is made for one café only.
    return link_problem(
        request,
        error=error,
        help_text=gettext("You are welcome to contact the coordinator instead."),
        back_url=reverse("cafes_public_calendar"),
        back_label=gettext("All upcoming cafés"),
    )


class FeedbackForm(forms.Form):
    workplace = forms.TypedChoiceField(
        label=_("Did you learn something about the workplace?"),
        choices=SMILEYS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    study_paths = forms.TypedChoiceField(
        label=_("Did you learn something about study paths?"),
        choices=SMILEYS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    wants_language_friend = forms.TypedChoiceField(
        label=_("Would you like a language friend?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


def _matching_text(registration: Registration) -> str:
    try:
        return consent_text_current(
            partnership=registration.cafe.partnership,
            purpose=ConsentPurpose.MATCHING,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        ).text
    except ConsentText.DoesNotExist:
        return ""


@link_view
@require_http_methods(["GET", "POST"])
def feedback_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        registration = feedback_registration(token)
    except LinkError as error:
        return _link_problem(request, error)
    language = _language(request, registration.person.language)
    with translation.override(language), timezone.override(STOCKHOLM):
        request.LANGUAGE_CODE = language
        response = _feedback(request, registration)
    response["Content-Language"] = language
    return link_page_private(response)


def _feedback(request: HttpRequest, registration: Registration) -> HttpResponse:
    existing = CafeFeedback.objects.filter(registration=registration).first()
    initial = {}
    if existing is not None:
        initial = {
            "workplace": existing.workplace,
            "study_paths": existing.study_paths,
            "wants_language_friend": "yes" if existing.wants_language_friend else "no",
        }
    form = FeedbackForm(request.POST or None, initial=initial)
    context = {
        "registration": registration,
        "first_name": registration.person.first_name,
        "company": registration.cafe.company.name,
        "when": cafe_when(registration.cafe),
        "form": form,
        "matching_text": _matching_text(registration),
    }
    if request.method == "POST" and form.is_valid():
        try:
            feedback_answer(
                registration=registration,
                workplace=form.cleaned_data["workplace"],
                study_paths=form.cleaned_data["study_paths"],
                wants_language_friend=form.cleaned_data["wants_language_friend"],
            )
        except NotAttended:
            return _link_problem(request, LinkInvalid("only for those who came"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            context["wants_language_friend"] = form.cleaned_data["wants_language_friend"]
            return render(request, "cafes/feedback/thanks.html", context)
    if registration.attendance != Registration.Attendance.ATTENDED:
        return _link_problem(request, LinkInvalid("only for those who came"))
    return render(request, "cafes/feedback/feedback.html", context)


class FriendForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.CharField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    language = forms.ChoiceField(
        label=_("Language for our messages"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )
    gender = forms.ChoiceField(
        label=_("Gender (if you want to say)"),
        choices=Person.Gender.choices,
        initial=Person.Gender.UNDISCLOSED,
        required=False,
    )
    capacity = forms.TypedChoiceField(
        label=_("How many participants could you meet?"),
        choices=[(number, str(number)) for number in range(1, FRIEND_CAPACITY_MAX + 1)],
        coerce=int,
        initial=1,
    )
    consent = forms.BooleanField(label=_("I agree that you keep my details."))


@link_view
@require_http_methods(["GET", "POST"])
def friend_signup(request: HttpRequest, cafe_id: int, token: str) -> HttpResponse:
    try:
        cafe = friend_cafe(cafe_id=cafe_id, token=token)
    except LinkError as error:
        return _link_problem(request, error)
    form = FriendForm(request.POST or None)
    try:
        consent_text = consent_text_current(
            partnership=cafe.partnership,
            purpose=ConsentPurpose.REGISTER,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        ).text
    except ConsentText.DoesNotExist:
        consent_text = ""
    context = {
        "cafe": cafe,
        "company": cafe.company.name,
        "form": form,
        "consent_text": consent_text,
    }
    if request.method == "POST":
        if not allow(
            scope="cafe-friend",
            key=client_address(request),
            limit=FRIEND_LIMIT,
            window_seconds=FRIEND_WINDOW_SECONDS,
        ):
            return link_page_private(render(request, "429.html", status=429))
        if form.is_valid():
            data = form.cleaned_data
            try:
                friend_lead_create(
                    cafe=cafe,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    phone=data["phone"],
                    email=data["email"],
                    language=data["language"],
                    gender=data["gender"],
                    capacity=data["capacity"],
                    consent=data["consent"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return link_page_private(
                    render(request, "cafes/feedback/friend_thanks.html", context)
                )
    return link_page_private(render(request, "cafes/feedback/friend.html", context))
