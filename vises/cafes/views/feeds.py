"""A volunteer's calendar feed (no login: calendar apps fetch it; the signed token is the key)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from vises.cafes import ics
from vises.cafes.links.feeds import volunteer_from_feed_token
from vises.common.access import link_view
from vises.common.signed_links import LinkError


@link_view
@require_GET
def volunteer_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The volunteer's cafés as text/calendar; an altered token or inactive volunteer → 404."""
    try:
        volunteer = volunteer_from_feed_token(token)
    except LinkError as error:
        raise Http404 from error
    response = HttpResponse(
        ics.volunteer_feed_ics(volunteer=volunteer), content_type=ics.CONTENT_TYPE
    )
    response["Content-Disposition"] = 'inline; filename="vises-cafes.ics"'
    # Where a volunteer will be is personal: no cache keeps it (calendar apps poll anyway).
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
