"""A person's own pages, opened with a signed, expiring link: no account, no login.

See and correct one's data, download it, give or withdraw consent, erase everything, report a
concern privately. Each page asks one thing, in the person's language (unless the visitor chose
another with the language switch). An expired or altered link gets a friendly page that sends
a new link; it answers the same whether or not the contact is known.

Also the coordinator's list of concerns under /p/<slug>/people/concerns/.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vises.common import audit, ratelimit
from vises.common.access import link_view, public_view
from vises.common.forms import add_service_errors
from vises.common.signed_links import link_page_private, link_problem
from vises.partnerships.access import PartnershipRequest, Perm, partnership_view
from vises.people.forms.self_service import (
    EDITABLE_FIELDS,
    ConcernForm,
    NewLinkForm,
    PersonFieldForm,
    upper_first,
)
from vises.people.models import Concern, ConsentPurpose, ConsentRecord, ConsentText, Person
from vises.people.outbox.catalogue import erasure_notify, person_link_send
from vises.people.selectors import persons_by_contact_in_each_partnership
from vises.people.services import privacy
from vises.people.services.concerns import concern_handle, concern_report
from vises.people.services.consent import consent_give, consent_text_current, consent_withdraw
from vises.people.services.links import LinkError, person_from_token
from vises.people.services.persons import person_update
from vises.people.validation import display_phone

ACTOR = "link:self_service"
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
# Asking for a new link: per client address, and per contact (hashed, never stored as typed).
NEW_LINK_LIMITS = (("ip", 10, 60 * 60), ("contact", 3, 60 * 60))

PersonView = Callable[..., HttpResponse]


def _page_language(request: HttpRequest, person: Person) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in LANGUAGE_CODES else person.language


def _link_problem(request: HttpRequest, error: LinkError) -> HttpResponse:
    return link_problem(
        request,
        error=error,
        new_link_url=reverse("self_service_request_link"),
        new_link_form=NewLinkForm(),
    )


def person_page(view: PersonView) -> Callable[..., HttpResponse]:
    """Open the page of the person the token names, in their language; a bad token gets the
    page that offers a new link."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            person = person_from_token(token)
        except LinkError as error:
            return _link_problem(request, error)
        language = _page_language(request, person)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, person, token, *args, **kwargs)
        response["Content-Language"] = language
        return link_page_private(response)

    return wrapper


def _home_url(token: str) -> str:
    return reverse("self_service_home", kwargs={"token": token})


def _display(person: Person, name: str) -> str:
    if name == "languages":
        # The person's own page names each language in its own script, as its menu does.
        return ", ".join(
            language.name_local or language.name_en for language in person.languages.all()
        )
    if name == "phone":
        return display_phone(person.phone)
    field = Person._meta.get_field(name)
    if getattr(field, "choices", None):
        return str(getattr(person, f"get_{name}_display")())
    value = getattr(person, name)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return "" if value is None else str(value)


def _detail_rows(person: Person, token: str) -> list[dict[str, str]]:
    rows = []
    for name in EDITABLE_FIELDS:
        label = (
            _("Languages you speak")
            if name == "languages"
            else upper_first(Person._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        )
        rows.append(
            {
                "name": name,
                "label": label,
                "value": _display(person, name),
                "change_url": reverse(
                    "self_service_change", kwargs={"token": token, "field": name}
                ),
            }
        )
    return rows


@link_view
@require_http_methods(["GET"])
@person_page
def home(request: HttpRequest, person: Person, token: str) -> HttpResponse:
    audit.log(ACTOR, "people.person.viewed", person)
    active = set(
        ConsentRecord.objects.filter(person=person, withdrawn_at__isnull=True).values_list(
            "purpose", flat=True
        )
    )
    consents = [
        {"label": label, "active": value in active} for value, label in ConsentPurpose.choices
    ]
    return render(
        request,
        "people/self_service/home.html",
        {
            "person": person,
            "token": token,
            "rows": _detail_rows(person, token),
            "consents": consents,
        },
    )


@link_view
@require_http_methods(["GET", "POST"])
@person_page
def change(request: HttpRequest, person: Person, token: str, field: str) -> HttpResponse:
    if field not in EDITABLE_FIELDS:
        raise Http404
    form = PersonFieldForm(request.POST or None, person=person, field_name=field)
    if request.method == "POST" and form.is_valid():
        values = {"languages": form.value()} if field == "languages" else {field: form.value()}
        try:
            person_update(person=person, actor=ACTOR, **values)
        except ValidationError as error:
            add_service_errors(form, error)  # its one field, or above the form
        else:
            messages.success(request, _("Thank you. We saved your change."))
            return redirect(f"{_home_url(token)}#details")
    return render(
        request,
        "people/self_service/change.html",
        {"person": person, "token": token, "form": form, "field": form[field]},
    )


def _consent_rows(person: Person) -> list[dict[str, Any]]:
    active = set(
        ConsentRecord.objects.filter(person=person, withdrawn_at__isnull=True).values_list(
            "purpose", flat=True
        )
    )
    rows = []
    language = translation.get_language() or settings.LANGUAGE_CODE
    for value, label in ConsentPurpose.choices:
        try:
            text: ConsentText | None = consent_text_current(
                partnership=person.partnership, purpose=value, language=language
            )
        except ConsentText.DoesNotExist:
            text = None
        rows.append({"purpose": value, "label": label, "active": value in active, "text": text})
    return rows


@link_view
@require_http_methods(["GET", "POST"])
@person_page
def consent(request: HttpRequest, person: Person, token: str) -> HttpResponse:
    if request.method == "POST":
        purpose = request.POST.get("purpose", "")
        action = request.POST.get("action", "")
        if purpose not in ConsentPurpose.values or action not in {"give", "withdraw"}:
            return redirect("self_service_consent", token=token)
        label = ConsentPurpose(purpose).label
        if action == "withdraw":
            consent_withdraw(person=person, purpose=purpose, channel="link", actor=ACTOR)
            messages.success(request, _("Done. We no longer do this: %(what)s") % {"what": label})
        else:
            try:
                consent_give(
                    person=person,
                    purpose=purpose,
                    channel="link",
                    language=translation.get_language(),
                    actor=ACTOR,
                )
            except ConsentText.DoesNotExist:
                return redirect("self_service_consent", token=token)
            messages.success(request, _("Thank you. You said yes to: %(what)s") % {"what": label})
        return redirect("self_service_consent", token=token)
    return render(
        request,
        "people/self_service/consent.html",
        {"person": person, "token": token, "rows": _consent_rows(person)},
    )


@link_view
@require_http_methods(["GET"])
@person_page
def download_json(request: HttpRequest, person: Person, token: str) -> HttpResponse:
    data = privacy.person_export(person=person, actor=ACTOR)
    body = json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="vi-ses-my-data.json"'
    return response


@link_view
@require_http_methods(["GET"])
@person_page
def download_pdf(request: HttpRequest, person: Person, token: str) -> HttpResponse:
    pdf = privacy.person_export_pdf(person=person, actor=ACTOR)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="vi-ses-my-data.pdf"'
    return response


@link_view
@require_http_methods(["GET", "POST"])
@person_page
def erase(request: HttpRequest, person: Person, token: str) -> HttpResponse:
    if request.method == "POST":
        language = translation.get_language() or settings.LANGUAGE_CODE
        partnership = person.partnership
        with transaction.atomic():
            privacy.person_erase(person=person, actor=ACTOR)
            erasure_notify(partnership=partnership)
        return redirect(f"{reverse('self_service_erased')}?lang={language}")
    return render(request, "people/self_service/erase.html", {"person": person, "token": token})


@public_view
@require_http_methods(["GET"])
def erased(request: HttpRequest) -> HttpResponse:
    """Confirms the erasure, in the language the person used (the link no longer works)."""
    language = request.GET.get("lang", "")
    if language not in LANGUAGE_CODES:
        language = translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = render(request, "people/self_service/erased.html")
    response["Content-Language"] = language
    return link_page_private(response)


@link_view
@require_http_methods(["GET", "POST"])
@person_page
def concern(request: HttpRequest, person: Person, token: str) -> HttpResponse:
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            concern_report(person=person, text=form.cleaned_data["text"], actor=ACTOR)
        except ValidationError as error:
            form.add_error("text", error)
        else:
            return redirect("self_service_concern_sent", token=token)
    return render(
        request,
        "people/self_service/concern.html",
        {"person": person, "token": token, "form": form},
    )


@link_view
@require_http_methods(["GET"])
@person_page
def concern_sent(request: HttpRequest, person: Person, token: str) -> HttpResponse:
    return render(
        request, "people/self_service/concern_sent.html", {"person": person, "token": token}
    )


def _within_limits(request: HttpRequest, contact: str) -> bool:
    keys = {
        "ip": request.META.get("REMOTE_ADDR", "") or "unknown",
        "contact": salted_hmac("vises.people.new_link", contact.casefold()).hexdigest(),
    }
    return all(
        ratelimit.allow(
            scope=f"self_service_link_{name}",
            key=keys[name],
            limit=limit,
            window_seconds=window,
        )
        for name, limit, window in NEW_LINK_LIMITS
    )


@public_view
@require_http_methods(["GET", "POST"])
def request_link(request: HttpRequest) -> HttpResponse:
    """Ask for a new link by phone or e-mail. The answer is the same whether or not the
    contact is in the register, so the page tells nobody who is."""
    form = NewLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = form.cleaned_data["contact"]
        if not _within_limits(request, contact):
            response = render(
                request,
                "people/self_service/request_link.html",
                {"form": form, "limited": True},
                status=429,
            )
            return link_page_private(response)
        channel = form.channel
        # A contact known in several partnerships gets each partnership's own link.
        for person in persons_by_contact_in_each_partnership(**{channel: contact}):
            person_link_send(person=person, channel=channel)
        return link_page_private(
            render(request, "people/self_service/link_sent.html", {"channel": channel})
        )
    return link_page_private(
        render(request, "people/self_service/request_link.html", {"form": form})
    )


# Staff: the coordinator's list of concerns -----------------------------------------------------


@partnership_view(Perm.VIEW_PERSONAL_DATA)
def concern_list(request: PartnershipRequest) -> HttpResponse:
    concerns = (
        Concern.objects.filter(partnership=request.partnership)
        .select_related("person")
        .order_by("handled_at", "-created_at", "-pk")
    )
    audit.log(request.user, "people.concern.listed", partnership=request.partnership)
    return render(request, "people/self_service/concern_list.html", {"concerns": concerns})


@partnership_view(Perm.VIEW_PERSONAL_DATA)
@require_POST
def concern_mark_handled(request: PartnershipRequest, concern_id: int) -> HttpResponse:
    concern = get_object_or_404(Concern, pk=concern_id, partnership=request.partnership)
    concern_handle(concern=concern, actor=request.user)
    messages.success(request, _("The concern is marked as handled."))
    return redirect("people_concern_list", slug=request.partnership.slug)
