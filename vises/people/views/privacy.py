"""The public privacy notice: what we keep about a person, why, who sees it, for how long,
and how to use one's rights. Plain language, short sentences; no login needed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vises.common.access import public_view
from vises.partnerships.models import Partnership


@public_view
@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    # Who is responsible, per partnership in this installation (organisations, not people).
    partnerships = Partnership.objects.select_related("organisation", "public_authority").order_by(
        "name"
    )
    return render(request, "people/privacy/notice.html", {"partnerships": partnerships})
