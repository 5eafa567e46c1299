"""Error pages are Swedish pages of our own layout, and every page carries a strict CSP."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from vises.partnerships.access import Role


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def heading(response) -> str:
    match = re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.DOTALL)
    assert match, response.content.decode()
    return match.group(1).strip()


def test_an_unknown_address_gets_the_swedish_not_found_page(db):
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert template_names(response)[:2] == ["404.html", "base.html"]
    assert '<html lang="sv" dir="ltr">' in response.content.decode()
    assert heading(response) == "Vi hittade inte sidan"
    assert "<title>Sidan hittades inte – Vi Ses!</title>" in response.content.decode()


def test_a_page_outside_ones_role_gets_the_swedish_not_allowed_page(partnership, client_for):
    response = client_for(Role.VOLUNTEER).get(f"/p/{partnership.slug}/users/")

    assert response.status_code == 403
    assert template_names(response)[:2] == ["403.html", "base.html"]
    assert heading(response) == "Du har inte behörighet till den här sidan"


def test_a_form_posted_without_its_csrf_token_gets_the_expired_form_page(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"login": "someone", "password": "secret"})

    assert response.status_code == 403
    assert template_names(response)[:2] == ["403_csrf.html", "base.html"]
    assert heading(response) == "Formuläret hade slutat gälla"


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}


@pytest.mark.parametrize(
    ("path", "status"),
    [("/", 200), ("/accounts/login/", 200), ("/no-such-page/", 404), ("/healthz", 200)],
)
def test_every_page_has_a_strict_content_security_policy(db, path, status):
    response = Client().get(path)

    assert response.status_code == status
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert csp_directives(response) == EXPECTED_CSP


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


@pytest.mark.parametrize("role", list(Role))
def test_pages_have_no_inline_script_or_style_the_policy_would_block(partnership, client_for, role):
    client = client_for(role)

    for path in ("/", "/accounts/login/", f"/p/{partnership.slug}/", "/no-such-page/"):
        response = client.get(path, follow=True)
        assert INLINE.findall(response.content.decode()) == [], path
