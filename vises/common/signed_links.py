"""Signed links: the one way a link opens something without a login (DESIGN §2).

A token is a `TimestampSigner` signature of a value (an id, or a small dict of ids) with the
salt of its purpose, so it cannot be forged or altered, a token made for one purpose does not
open another, and it holds no name, phone or e-mail. Each `LinkPurpose` says how long its
links live (`max_age=None`: never expire, e.g. a calendar subscription). A link that does not
open gets one friendly page, `link_problem`: the person did nothing wrong.

The apps define their purposes next to the links they make (`vises.people.services.links`,
`vises.cafes.links`); the salts are the ones links were always signed with, so links already
sent in messages keep working.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from typing import Any, Literal

from django import forms
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

LINK_PROBLEM_TEMPLATE = "common/link_problem.html"


@dataclass(frozen=True)
class LinkPurpose:
    """What a link is for: its salt (part of the signature) and how long it lives."""

    salt: str
    max_age: timedelta | None


class LinkError(Exception):
    """The link does not open: see LinkExpired and LinkInvalid."""


class LinkExpired(LinkError):
    """The link was genuine but is too old."""


class LinkInvalid(LinkError):
    """The link was altered, made for another purpose, or what it names is gone."""


class _Age(Enum):
    # The purpose's own lifetime, unless the caller narrows it.
    PURPOSE = "purpose"


MaxAge = timedelta | None | Literal[_Age.PURPOSE]


def _signer(purpose: LinkPurpose) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=purpose.salt)


def _unsign(purpose: LinkPurpose, token: str, max_age: MaxAge, *, obj: bool) -> Any:
    age = purpose.max_age if max_age is _Age.PURPOSE else max_age
    signer = _signer(purpose)
    try:
        if obj:
            return signer.unsign_object(token, max_age=age)
        return signer.unsign(token, max_age=age)
    except signing.SignatureExpired as error:
        raise LinkExpired("the link has expired") from error
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError) as error:
        raise LinkInvalid("the link is not genuine") from error


def link_sign(purpose: LinkPurpose, value: int) -> str:
    """A URL-safe token naming the id `value` (a saved object's primary key)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("a link names a saved object's id")
    return _signer(purpose).sign(str(value))


def link_load(purpose: LinkPurpose, token: str, *, max_age: MaxAge = _Age.PURPOSE) -> int:
    """The id a genuine token of this purpose names.

    Raises LinkExpired when it is older than the purpose's max_age (or the narrower
    `max_age` given), LinkInvalid when it was altered or made for another purpose.
    """
    value = _unsign(purpose, token, max_age, obj=False)
    if not value.isdigit():
        raise LinkInvalid("the link is not genuine")
    return int(value)


def link_sign_object(purpose: LinkPurpose, payload: dict[str, Any]) -> str:
    """A URL-safe token holding a small JSON payload (ids and codes, never personal data)."""
    return _signer(purpose).sign_object(payload)


def link_load_object(
    purpose: LinkPurpose, token: str, *, max_age: MaxAge = _Age.PURPOSE
) -> dict[str, Any]:
    """The payload of a genuine token of this purpose; raises LinkExpired or LinkInvalid
    like `link_load`, and LinkInvalid when the payload is not a dict."""
    payload = _unsign(purpose, token, max_age, obj=True)
    if not isinstance(payload, dict):
        raise LinkInvalid("the link is not genuine")
    return payload


def link_problem(
    request: HttpRequest,
    *,
    error: LinkError,
    new_link_url: str = "",
    new_link_form: forms.Form | None = None,
    help_text: str = "",
    back_url: str = "",
    back_label: str = "",
    status: int = 200,
) -> HttpResponse:
    """The friendly page for a link that does not open, never cached or indexed.

    It says whether the link is too old or does not work, and offers a new one where one can
    be asked for: `new_link_form` (a form with a `contact` field, posted to `new_link_url`)
    right on the page, or a button to `new_link_url`. `help_text` says whom else to ask.
    Status 200 by default: the person did nothing wrong.
    """
    response = render(
        request,
        LINK_PROBLEM_TEMPLATE,
        {
            "expired": isinstance(error, LinkExpired),
            "new_link_url": new_link_url,
            "form": new_link_form,
            "help_text": help_text,
            "back_url": back_url,
            "back_label": back_label,
        },
        status=status,
    )
    return link_page_private(response)


def link_page_private(response: HttpResponse) -> HttpResponse:
    """A page opened by a signed link belongs to one person: never cached, never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
