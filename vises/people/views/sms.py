"""The SMS provider's webhooks (docs/sms.md): delivery reports and replies from phones.

Both addresses hold settings.VISES_SMS_CALLBACK_TOKEN in their path; a wrong token answers
404, as an address that does not exist. They are public (the provider has no login),
CSRF-exempt (the provider posts form fields without our cookie) and answer the same empty
200 whatever the id or the number: nothing here tells a caller whether we know it. They log
neither the number nor the text.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from vises.common.access import public_view
from vises.common.sms import sms_callback_token_matches
from vises.people.outbox.sms import is_stop, sms_delivery_report, sms_stop


def _checked(token: str) -> None:
    """404 for a wrong token (before anything else), 405 for anything but POST."""
    if not sms_callback_token_matches(token):
        raise Http404


def _empty() -> HttpResponse:
    # An empty body: 46elks sends a non-empty answer to a reply back to the phone as an SMS.
    return HttpResponse(b"", content_type="text/plain")


@public_view
@csrf_exempt
@never_cache
def sms_delivery_status(request: HttpRequest, token: str) -> HttpResponse:
    """POST `id`, `status` (sent, delivered, failed), `delivered` (the time): the provider's
    report on one message we sent. An unknown id or status changes nothing, answered alike."""
    _checked(token)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    sms_delivery_report(
        provider_id=request.POST.get("id", ""),
        status=request.POST.get("status", ""),
        delivered=request.POST.get("delivered", ""),
    )
    return _empty()


@public_view
@csrf_exempt
@never_cache
def sms_inbound(request: HttpRequest, token: str) -> HttpResponse:
    """POST `from`, `to`, `message`: a reply from a phone. "STOP" (or "STOPP") stops every
    SMS to every person with that number; anything else is not kept."""
    _checked(token)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if is_stop(request.POST.get("message", "")):
        sms_stop(phone=request.POST.get("from", ""))
    return _empty()
