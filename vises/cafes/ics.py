"""Calendar files (.ics, RFC 5545) for a registration and for a volunteer's cafés.

A volunteer's feed (`/feeds/volunteer/<token>.ics`, see vises.cafes.links.feeds) holds café
details only (company, time, place, the volunteer's role), never a participant's data.

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
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from vises.cafes.models import Cafe, Registration
from vises.cafes.selectors.volunteers import volunteer_feed_assignments
from vises.people.models import Volunteer

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


def volunteer_feed_ics(*, volunteer: Volunteer, now: datetime | None = None) -> bytes:
    """The feed as an .ics in the volunteer's language."""
    with translation.override(volunteer.person.language):
        entries = []
        for assignment in volunteer_feed_assignments(volunteer=volunteer, now=now):
            cafe = assignment.cafe
            lines = [
                _("Your role: %(role)s") % {"role": assignment.get_role_display()},
                _("Where: %(company)s, %(place)s")
                % {"company": cafe.company.name, "place": cafe.place},
            ]
            if cafe.bus_stop:
                lines.append(_("Nearest bus stop: %(bus_stop)s") % {"bus_stop": cafe.bus_stop})
            if cafe.entrance:
                lines.append(_("Entrance: %(entrance)s") % {"entrance": cafe.entrance})
            if cafe.accessibility:
                lines.append(
                    _("Accessibility: %(accessibility)s") % {"accessibility": cafe.accessibility}
                )
            entries.append(
                CalendarEntry(
                    uid=cafe_uid(cafe),
                    cafe=cafe,
                    summary=_("Vi Ses! café at %(company)s") % {"company": cafe.company.name},
                    location=cafe_location(cafe),
                    description="\n".join(lines),
                )
            )
        return calendar_bytes(entries, name=_("Vi Ses!: my cafés"), now=now)
