"""The accessibility statement (tillgänglighetsredogörelse) that the law on accessibility of
digital public services (lagen (2018:1937) om tillgänglighet till digital offentlig service)
asks of a public service, laid out as DIGG's model statement: who is responsible, how
accessible the service is, what is not yet, how to report a problem, the supervisory
authority, and when and how the service was reviewed.

It lives here, not in vises.common, because it names the partnerships of this installation
(who stands behind the service), and common imports no domain app.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vises.common.access import public_view
from vises.partnerships.models import Partnership

# The day of the last review (the automated and manual tests of docs/accessibility.md, run
# and read through). Change it, and the text of the page if need be, after the next review.
REVIEWED_ON = date(2026, 12, 2)
# DIGG's form for reporting a public service that does not follow the law.
DIGG_COMPLAINT_URL = "https://www.digg.se/tdosanmalan"


@public_view
@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    partnerships = Partnership.objects.select_related("organisation", "public_authority").order_by(
        "name"
    )
    return render(
        request,
        "accessibility.html",
        {
            "partnerships": partnerships,
            "reviewed_on": REVIEWED_ON,
            "digg_complaint_url": DIGG_COMPLAINT_URL,
            "contact_email": settings.VISES_CONTACT_EMAIL,
        },
    )
