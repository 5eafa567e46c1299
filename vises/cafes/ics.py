"""Calendar files (.ics, RFC 5545) for a registration and for a volunteer's cafés.

Times are written in UTC (`DTSTART:20260330T080000Z`): every calendar shows them in its own
zone, and no VTIMEZONE block has to describe Stockholm's daylight saving. UIDs name the
registration or café by id only, so a calendar updates the same event when a later message
carries it again, and no UID holds a person's data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event

from vises.cafes.models import Cafe, Registration

PRODID = "-//Vi Ses!//Pop-up cafés//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class CalendarEntry:
    """One café as a calendar event; texts already rendered in the reader's language."""

    uid: str
    cafe: Cafe
    summary: str
    location: str
    description: str
    url: str = ""


def _uid_host() -> str:
    return urlsplit(settings.VISES_BASE_URL).hostname or "vises.invalid"


def registration_uid(registration: Registration) -> str:
    """The same for every message about the registration, so calendars update one event."""
    return f"vises-registration-{registration.pk}@{_uid_host()}"


def cafe_uid(cafe: Cafe) -> str:
    return f"vises-cafe-{cafe.pk}@{_uid_host()}"


def cafe_location(cafe: Cafe) -> str:
    """Company, place and address on one line (the café's address, else the company's)."""
    address = cafe.address or cafe.company.address
    return ", ".join(part for part in (cafe.company.name, cafe.place, address) if part)


def _event(entry: CalendarEntry, stamp: datetime) -> Event:
    cafe = entry.cafe
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", cafe.starts_at.astimezone(UTC))
    event.add("dtend", cafe.ends_at.astimezone(UTC))
    event.add("summary", entry.summary)
    event.add("location", entry.location)
    event.add("description", entry.description)
    if entry.url:
        event.add("url", entry.url)
    event.add("status", "CANCELLED" if cafe.status == Cafe.Status.CANCELLED else "CONFIRMED")
    if cafe.updated_at:
        event.add("last-modified", cafe.updated_at.astimezone(UTC))
    return event


def calendar_bytes(
    entries: Iterable[CalendarEntry], *, name: str = "", now: datetime | None = None
) -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) holding one VEVENT per entry."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    for entry in entries:
        calendar.add_component(_event(entry, stamp))
    return bytes(calendar.to_ical())
