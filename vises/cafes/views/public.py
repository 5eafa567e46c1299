"""Public café pages: the calendar, one café, and the sign-up form (no login).

Sign-up goes through vises.cafes.services.signup.public_signup, the same service as the API,
so a page and an integration can never disagree on seats, doubles or closed cafés.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vises.cafes.forms.signup import AboutYouForm, SignupForm
from vises.cafes.models import Cafe, CafeDescription, Registration
from vises.cafes.selectors.cafes import (
    annotated_seats_left,
    cafes_with_seats,
    upcoming_public_cafes,
)
from vises.cafes.services.registrations import CafeClosed, check_open_for_signup
from vises.cafes.services.signup import (
    SignupResult,
    TooManySignups,
    about_you_save,
    about_you_token,
    public_signup,
    signup_address_allowed,
)
from vises.common.access import public_view
from vises.common.middleware import client_address
from vises.people.models import ConsentPurpose, ConsentText
from vises.people.services.consent import consent_text_current

# The same limits as the API's sign-up (vises/api/cafes.py), counted separately.
HOME_PAGE_CAFES = 5


@dataclass(frozen=True)
class CafeCard:
    """What a visitor sees of one café, in the visitor's language."""

    cafe: Cafe
    seats_left: int
    description: str
    description_language: str
    languages: list[str]
    # "ltr" or "rtl" where the description runs against the page (the Swedish text inside
    # an Arabic page still reads left to right), else "".
    description_direction: str = ""

    @property
    def waitlist_only(self) -> bool:
        return self.seats_left == 0


def _with_display_data(cafes: QuerySet[Cafe], language: str) -> QuerySet[Cafe]:
    """Languages and the description in `language`: two queries however many cafés."""
    return cafes.prefetch_related(
        "languages",
        Prefetch(
            "descriptions",
            queryset=CafeDescription.objects.filter(language=language),
            to_attr="own_descriptions",
        ),
    )


def _card(cafe: Cafe, language: str) -> CafeCard:
    own = getattr(cafe, "own_descriptions", [])
    if own and language != "sv":
        description, description_language = own[0].text, language
    else:
        # Swedish is on the café itself and is always there to fall back to.
        description, description_language = cafe.description, "sv"
    # Swedish and English readers get the names in their language; everyone else each
    # language by its own name (Soomaali, українська), which its speakers recognise.
    name = {"sv": "name_sv", "en": "name_en"}.get(language, "name_local")
    description_rtl = description_language in settings.LANGUAGES_BIDI
    against_page = description_rtl != (language in settings.LANGUAGES_BIDI)
    return CafeCard(
        cafe=cafe,
        seats_left=annotated_seats_left(cafe),
        description=description,
        description_language=description_language,
        description_direction=("rtl" if description_rtl else "ltr") if against_page else "",
        languages=[getattr(spoken, name) for spoken in cafe.languages.all()],
    )


def public_cafe_cards(*, limit: int | None = None) -> list[CafeCard]:
    """Upcoming cafés open for sign-up, soonest first, in the active language (three queries
    for any number of cafés)."""
    language = translation.get_language() or "sv"
    cafes = _with_display_data(upcoming_public_cafes(), language)
    if limit is not None:
        cafes = cafes[:limit]
    return [_card(cafe, language) for cafe in cafes]


def _cafe_card_or_404(cafe_id: int) -> CafeCard:
    """Any café the public may know of: planned ones are not published yet."""
    language = translation.get_language() or "sv"
    cafes = cafes_with_seats().select_related("company", "company__district", "partnership")
    cafe = (
        _with_display_data(cafes, language)
        .filter(pk=cafe_id)
        .exclude(status=Cafe.Status.PLANNED)
        .first()
    )
    if cafe is None:
        raise Http404
    return _card(cafe, language)


def _consent_text(cafe: Cafe) -> ConsentText | None:
    try:
        return consent_text_current(
            partnership=cafe.partnership,
            purpose=ConsentPurpose.REGISTER,
            language=translation.get_language() or "sv",
        )
    except ConsentText.DoesNotExist:
        return None


def _closed_message(cafe: Cafe, *, now: datetime | None = None) -> str | None:
    """Why the café takes no sign-ups now, or None when it does."""
    try:
        check_open_for_signup(cafe, now or timezone.now())
    except CafeClosed as closed:
        return closed.message
    return None


@public_view
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    return render(request, "cafes/public/calendar.html", {"cards": public_cafe_cards()})


@public_view
@require_GET
def cafe_detail(request: HttpRequest, cafe_id: int) -> HttpResponse:
    card = _cafe_card_or_404(cafe_id)
    return render(
        request,
        "cafes/public/cafe.html",
        {"card": card, "cafe": card.cafe, "closed": _closed_message(card.cafe)},
    )


@public_view
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest, cafe_id: int) -> HttpResponse:
    """One café's sign-up form; a closed café answers 200 with the reason and no form to
    send. A contact that is already registered gets the page a new sign-up would get."""
    if request.method == "POST" and not signup_address_allowed(address=client_address(request)):
        return render(request, "429.html", status=429)
    card = _cafe_card_or_404(cafe_id)
    consent_text = _consent_text(card.cafe)
    closed = _closed_message(card.cafe)
    if closed is None and consent_text is None:
        closed = _("Sign-up on the web opens soon. Until then, ask the coordinator.")
    data = request.POST if request.method == "POST" else None
    form = SignupForm(data, disabled=closed is not None)
    if request.method == "POST" and closed is None and form.is_valid():
        try:
            result = public_signup(
                cafe_id=card.cafe.pk, source=Registration.Source.WEB, **form.signup_values()
            )
        except ValidationError as invalid:
            form.add_signup_errors(invalid.message_dict)
        except CafeClosed as exc:
            closed = exc.message
            form = SignupForm(disabled=True)
        except TooManySignups:
            return render(request, "429.html", status=429)
        except ConsentText.DoesNotExist:
            closed = _("Sign-up on the web opens soon. Until then, ask the coordinator.")
            form = SignupForm(disabled=True)
        else:
            return _confirmation(request, card, result)
    return render(
        request,
        "cafes/public/signup.html",
        {
            "card": card,
            "cafe": card.cafe,
            "form": form,
            "closed": closed,
            "consent_text": consent_text,
        },
    )


def _confirmation(request: HttpRequest, card: CafeCard, result: SignupResult) -> HttpResponse:
    # The same page whether the contact was new or already registered (docs/security.md): the
    # token signs the reference shown, which opens nothing when the contact was registered.
    about = AboutYouForm(
        initial={"token": about_you_token(result.reference)},
        partnership_id=card.cafe.partnership_id,
    )
    return render(
        request,
        "cafes/public/confirmation.html",
        {
            "card": card,
            "cafe": card.cafe,
            "status": result.status,
            "position": result.position,
            "about": about,
        },
    )


@public_view
@require_POST
def about_you(request: HttpRequest, cafe_id: int) -> HttpResponse:
    """The optional questions of the confirmation page (birth year, part of town); each may be
    skipped. What a token of a repeated sign-up sends is dropped, with the same page."""
    card = _cafe_card_or_404(cafe_id)
    form = AboutYouForm(request.POST, partnership_id=card.cafe.partnership_id)
    if form.is_valid():
        about_you_save(
            token=form.cleaned_data["token"],
            cafe_id=card.cafe.pk,
            birth_year=form.cleaned_data.get("birth_year"),
            district=form.cleaned_data.get("district"),
        )
        return render(
            request, "cafes/public/about_you_thanks.html", {"card": card, "cafe": card.cafe}
        )
    return render(
        request,
        "cafes/public/about_you.html",
        {"card": card, "cafe": card.cafe, "about": form},
    )
