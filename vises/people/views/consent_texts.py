"""The partnership's consent texts: the newest version of each purpose in each language, and
publishing a new version (never a change to an old one: consents given point to it)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vises.partnerships.access import PartnershipRequest, Perm, partnership_view
from vises.people.forms.consent_texts import ConsentTextForm
from vises.people.models import ConsentText
from vises.people.services.consent import consent_text_grid, consent_text_publish


@partnership_view(Perm.MANAGE_CONSENT_TEXTS)
@require_GET
def consent_text_grid_page(request: PartnershipRequest) -> HttpResponse:
    rows = consent_text_grid(partnership=request.partnership)
    return render(request, "people/consent_texts/grid.html", {"rows": rows})


@partnership_view(Perm.MANAGE_CONSENT_TEXTS)
@require_http_methods(["GET", "POST"])
def consent_text_publish_page(request: PartnershipRequest) -> HttpResponse:
    """The form for one purpose and language (from the grid's link, ?purpose=…&language=…),
    filled with the newest version's text to start from."""
    if request.method == "POST":
        form = ConsentTextForm(request.POST)
        if form.is_valid():
            try:
                published = consent_text_publish(
                    partnership=request.partnership, actor=request.user, **form.publish_values()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Version %(version)s of the text is published.")
                    % {"version": published.version},
                )
                return redirect("people_consent_texts", slug=request.partnership.slug)
    else:
        initial = {
            "purpose": request.GET.get("purpose", ""),
            "language": request.GET.get("language", ""),
        }
        current = (
            ConsentText.objects.filter(partnership=request.partnership, **initial)
            .order_by("-version")
            .first()
            if initial["purpose"] and initial["language"]
            else None
        )
        if current is not None:
            initial["text"] = current.text
        form = ConsentTextForm(initial=initial)
    return render(request, "people/consent_texts/publish.html", {"form": form})
