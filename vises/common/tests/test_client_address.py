"""X-Forwarded-For is believed only from a trusted proxy, and read from the right."""

from __future__ import annotations

import ipaddress

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from vises.common import audit
from vises.common.middleware import TrustedProxyMiddleware, client_address

PROXIES = [ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("::1/128")]


@pytest.fixture
def trusted_proxies(settings) -> None:
    settings.VISES_TRUSTED_PROXIES = PROXIES


def request_from(remote: str, forwarded: str | None = None) -> HttpRequest:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        # The peer is the client: a header it sent itself means nothing.
        ("198.51.100.9", None, "198.51.100.9"),
        ("198.51.100.9", "203.0.113.7", "198.51.100.9"),
        ("198.51.100.9", "10.0.0.5", "198.51.100.9"),
        # Our proxy appended the address it saw.
        ("10.0.0.1", "203.0.113.7", "203.0.113.7"),
        ("10.0.0.1", " 203.0.113.7 ", "203.0.113.7"),
        # A client's forged header comes first; our proxy's entry is the last one.
        ("10.0.0.1", "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        ("10.0.0.1", "6.6.6.6,203.0.113.7", "203.0.113.7"),
        # Two proxies of ours: walk from the right past every trusted hop.
        ("10.0.0.1", "203.0.113.7, 10.0.0.2", "203.0.113.7"),
        ("10.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.3, 10.0.0.2", "203.0.113.7"),
        # Every hop is ours: the first is the client (traffic from inside the network).
        ("10.0.0.1", "10.0.0.3, 10.0.0.2", "10.0.0.3"),
        # A proxy that sent no header, or garbage: fall back to the peer.
        ("10.0.0.1", None, "10.0.0.1"),
        ("10.0.0.1", "", "10.0.0.1"),
        ("10.0.0.1", "unknown", "10.0.0.1"),
        ("10.0.0.1", "203.0.113.7, unknown", "10.0.0.1"),
        # IPv6 proxy and client.
        ("::1", "2001:db8::7", "2001:db8::7"),
        ("2001:db8::9", "203.0.113.7", "2001:db8::9"),
    ],
)
def test_client_address(trusted_proxies, remote, forwarded, client):
    assert client_address(request_from(remote, forwarded)) == client


def test_without_trusted_proxies_the_header_is_never_believed(settings):
    settings.VISES_TRUSTED_PROXIES = []

    assert client_address(request_from("10.0.0.1", "203.0.113.7")) == "10.0.0.1"


def test_the_middleware_sets_remote_addr_and_the_audit_address_for_the_request_only(
    trusted_proxies,
):
    seen: dict[str, str | None] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["remote_addr"] = request.META["REMOTE_ADDR"]
        seen["audit_ip"] = audit.client_ip.get()
        return HttpResponse()

    TrustedProxyMiddleware(view)(request_from("10.0.0.1", "6.6.6.6, 203.0.113.7"))

    assert seen == {"remote_addr": "203.0.113.7", "audit_ip": "203.0.113.7"}
    assert audit.client_ip.get() is None


def test_a_spoofed_header_from_an_untrusted_peer_does_not_reach_the_audit_log(trusted_proxies):
    seen: dict[str, str | None] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["audit_ip"] = audit.client_ip.get()
        return HttpResponse()

    TrustedProxyMiddleware(view)(request_from("198.51.100.9", "203.0.113.7"))

    assert seen == {"audit_ip": "198.51.100.9"}


def test_the_audit_address_is_reset_when_the_view_fails(trusted_proxies):
    def view(request: HttpRequest) -> HttpResponse:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        TrustedProxyMiddleware(view)(request_from("10.0.0.1", "203.0.113.7"))

    assert audit.client_ip.get() is None


def test_a_request_without_a_peer_address_has_no_audit_address(trusted_proxies):
    seen: dict[str, str | None] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["audit_ip"] = audit.client_ip.get()
        return HttpResponse()

    TrustedProxyMiddleware(view)(request_from(""))

    assert seen == {"audit_ip": None}
