"""`vises demo` fills the steering group: the year before last with two meetings (minutes
approved at the next meeting), last year with a single one, and one planned (issue 12,
point 10)."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from vises.partnerships.models import Partnership
from vises.steering import selectors
from vises.steering.models import ActionItem, SteeringMeeting


def test_the_demo_meetings(db, settings):
    settings.VISES_DEV = True
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # idempotent
    partnership = Partnership.objects.get(slug="vi-ses")
    year = timezone.localdate().year
    meetings = list(SteeringMeeting.objects.filter(partnership=partnership).order_by("starts_at"))

    counts = {row.year: (row.held, row.planned) for row in selectors.year_counts(meetings)}

    assert counts[year - 2] == (2, 0)
    assert counts[year - 1] == (1, 0)
    assert sum(planned for _held, planned in counts.values()) == 1
    assert [m.minutes_approved_at_meeting_id for m in meetings] == [
        meetings[1].pk,
        meetings[2].pk,
        None,
        None,
    ]
    assert meetings[0].attendees.count() == 3
    assert (
        ActionItem.objects.filter(
            meeting__partnership=partnership, status=ActionItem.Status.OPEN
        ).count()
        == 2
    )
