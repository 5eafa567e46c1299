"""Demo data of the steering group: the year before last with its two meetings (both
minutes approved, each at the next meeting), last year with a single one (its minutes
waiting for approval at the next meeting), and a meeting ten days from now, so the start
pages warn that this year is heading for fewer than two. Action items: some done, some open.
Synthetic texts, not the real group's minutes.

"Styrgruppen sammanträder två gånger om året för att gemensamt följa upp och utvärdera
insatsen." (seeds/001_4c89f7ac864d56f0.txt, "Organisation och Samverkan")
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.common.demo import DemoRun
from vises.partnerships.access import Role
from vises.partnerships.models import Membership
from vises.steering import selectors, services
from vises.steering.models import ActionItem, SteeringMeeting

ACTOR = "system:demo"
PLACE = "Röda Korsets lokal, Linköping"
AGENDA = (
    "1. Mötets öppnande\n2. Föregående protokoll\n3. Uppföljning: kaféer, deltagare och "
    "språkvänner\n4. Ekonomi\n5. Åtgärdspunkter\n6. Övriga frågor"
)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def load(run: DemoRun) -> None:
    partnership = run.partnership
    if SteeringMeeting.objects.filter(partnership=partnership).exists():
        return  # idempotent: the demo's meetings are there
    members = {m.role: m for m in selectors.steering_members(partnership=partnership)}
    attendees = list(members.values())
    coordinator = members.get(Role.COORDINATOR)
    manager = members.get(Role.MANAGER)
    today = timezone.localdate()
    two, one = today.year - 2, today.year - 1
    held: list[tuple[date, str, str, list[tuple[str, Membership | None, date | None, str]]]] = [
        (
            date(two, 3, 14),
            "Genomgång av vårens kaféer och rekryteringen av språkvänner.",
            "Styrgruppen godkänner planen för våren.",
            [
                (
                    "Ta fram en plan för fler värdföretag i Skäggetorp",
                    coordinator,
                    date(two, 5, 31),
                    ActionItem.Status.DONE,
                )
            ],
        ),
        (
            date(two, 10, 10),
            "Uppföljning av året: kaféer, matchningar och budget.",
            "Budgeten för nästa år fastställs enligt överenskommelsen.",
            [
                (
                    "Sammanställ årets statistik till kommunen",
                    coordinator,
                    date(two, 12, 15),
                    ActionItem.Status.DONE,
                ),
                ("Se över lokalkostnaderna", manager, date(one, 3, 1), ActionItem.Status.DROPPED),
            ],
        ),
        (
            date(one, 4, 24),
            "Uppföljning av vårens kaféer; jämnare fördelning av språkvänner efter språk.",
            "Rekrytering av språkvänner som talar tigrinja och dari prioriteras.",
            [
                (
                    "Rekrytera språkvänner som talar tigrinja",
                    coordinator,
                    date(one, 9, 30),
                    ActionItem.Status.OPEN,
                ),
                ("Boka höstens möte", manager, None, ActionItem.Status.OPEN),
            ],
        ),
    ]
    meetings = []
    for day, minutes, decisions, actions in held:
        meeting = services.meeting_create(
            partnership=partnership,
            starts_at=_at(day, 14),
            place=PLACE,
            agenda=AGENDA,
            minutes=minutes,
            decisions=decisions,
            attendees=attendees,
            actor=ACTOR,
        )
        for text, owner, due_on, status in actions:
            item = services.action_item_create(
                meeting=meeting, text=text, owner=owner, due_on=due_on, actor=ACTOR
            )
            services.action_item_status_set(item=item, status=status, actor=ACTOR)
        meetings.append(meeting)
    approver = manager.user if manager is not None else None
    if approver is not None:
        # Each year-before-last meeting's minutes approved at the next meeting.
        services.minutes_approve(meeting=meetings[1], actor=approver)
        services.minutes_approve(meeting=meetings[2], actor=approver)
    services.meeting_create(
        partnership=partnership,
        starts_at=_at(today + timedelta(days=10), 13),
        place=PLACE,
        agenda=AGENDA,
        attendees=attendees,
        actor=ACTOR,
    )
    run.report.append(
        _("Steering group: two meetings in %(two)d, one in %(one)d, one planned.")
        % {"two": two, "one": one}
    )
