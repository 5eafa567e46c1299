"""Referrals from municipal staff: the public form at /refer/ (no login, rate-limited) and the
coordinator's list at /p/<slug>/people/referrals/.

The referrer sees the same thanks page whatever happened to the person's contact: it names
nobody and says nothing about the person (vises/people/services/referrals.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vises.common import audit
from vises.common.access import public_view
from vises.common.forms import add_service_errors
from vises.common.middleware import client_address
from vises.partnerships.access import PartnershipRequest, Perm, partnership_view
from vises.partnerships.models import Partnership
from vises.partnerships.views import partnership_choose
from vises.people.forms.referral import ReferralForm
from vises.people.models import ConsentPurpose, Referral
from vises.people.services.referrals import (
    REFERRER_EMAIL_DAYS,
    TooManyReferrals,
    referral_address_allowed,
    referral_handle,
    referral_list,
    referral_submit,
    referral_texts,
)


@public_view
@require_GET
def referral_choose(request: HttpRequest) -> HttpResponse:
    """The form of the only partnership, or the list to choose from when there are several."""
    return partnership_choose(
        request, url_name="people_referral_form", template="people/referrals/choose.html"
    )


@public_view
@require_http_methods(["GET", "POST"])
def referral_form(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise Http404
    if request.method == "POST" and not referral_address_allowed(address=client_address(request)):
        return render(request, "429.html", status=429)
    texts = referral_texts(partnership=partnership)
    is_open = ConsentPurpose.REGISTER in texts
    data = request.POST if request.method == "POST" and is_open else None
    form = ReferralForm(data, partnership=partnership, texts=texts)
    if data is not None and form.is_valid():
        try:
            referral_submit(partnership=partnership, **form.referral_values())
        except TooManyReferrals:
            return render(request, "429.html", status=429)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("people_referral_thanks", slug=partnership.slug)
    return render(
        request,
        "people/referrals/form.html",
        {
            "form": form,
            "partnership": partnership,
            "is_open": is_open,
            "email_days": REFERRER_EMAIL_DAYS,
        },
    )


@public_view
@require_GET
def referral_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise Http404
    return render(request, "people/referrals/thanks.html", {"partnership": partnership})


# Staff: the coordinator's list of referrals ---------------------------------------------------

FILTERS = {"new": False, "handled": True, "all": None}


@partnership_view(Perm.VIEW_PERSONAL_DATA)
@require_GET
def referral_staff_list(request: PartnershipRequest) -> HttpResponse:
    shown = request.GET.get("show", "new")
    if shown not in FILTERS:
        shown = "new"
    referrals = list(referral_list(partnership=request.partnership, handled=FILTERS[shown]))
    audit.log(request.user, "people.referral.listed", partnership=request.partnership)
    return render(
        request,
        "people/referrals/list.html",
        {"referrals": referrals, "shown": shown, "filters": list(FILTERS)},
    )


@partnership_view(Perm.VIEW_PERSONAL_DATA)
@require_POST
def referral_mark_handled(request: PartnershipRequest, referral_id: int) -> HttpResponse:
    referral = get_object_or_404(Referral, pk=referral_id, partnership=request.partnership)
    referral_handle(referral=referral, actor=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The referral is marked as handled."))
    return redirect("people_referral_list", slug=request.partnership.slug)
