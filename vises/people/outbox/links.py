"""Absolute addresses in messages, and the two links every message to a person carries."""

from __future__ import annotations

from django.conf import settings

from vises.people.models import Person
from vises.people.services.links import person_link


def absolute_url(path: str) -> str:
    """The path as an address a recipient can open (settings.VISES_BASE_URL + path)."""
    return f"{settings.VISES_BASE_URL}{path}"


def person_links(*, person: Person) -> dict[str, str]:
    """The person's own page and the page to report a concern, as absolute addresses."""
    own = person_link(person=person)
    return {
        "self_service_url": absolute_url(own),
        "concern_url": absolute_url(f"{own}concern/"),
    }
