"""The steering group's writes: meetings as plain text, attendees from the group only,
minutes once the meeting has begun, approved at the next meeting and then locked, action
items; one audit event per change; a refused write saves nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vises.common.models import AuditEvent
from vises.partnerships.access import Role
from vises.steering import services
from vises.steering.models import ActionItem, SteeringMeeting
from vises.steering.tests.helpers import ACTOR, days_from_now, meeting_at
from vises.steering.text import plain_text


def test_pasted_html_and_script_are_stored_as_plain_text(partnership):
    meeting = services.meeting_create(
        partnership=partnership,
        starts_at=days_from_now(10),
        place="<b>Röda Korset</b>",
        agenda='<p>1. Uppföljning</p><script>alert("x")</script><p>2. Ekonomi &amp; budget</p>',
        actor=ACTOR,
    )

    meeting.refresh_from_db()
    assert meeting.place == "Röda Korset"
    assert meeting.agenda == "1. Uppföljning\n2. Ekonomi & budget"


@pytest.mark.parametrize(
    ("pasted", "stored"),
    [
        ("<scr<script>ipt>alert(1)</script>kvar", "scrkvar"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;text", "text"),
        ("celler <5 visas som <5", "celler <5 visas som <5"),
        ("<!-- kommentar -->rad 1<br>rad 2", "rad 1\nrad 2"),
        ("<style>p{color:red}</style>ren text", "ren text"),
    ],
)
def test_plain_text_leaves_no_tag(pasted, stored):
    assert plain_text(pasted) == stored


def test_a_meeting_is_created_with_its_attendees_and_audited(partnership, member):
    coordinator, municipal = member(Role.COORDINATOR), member(Role.MUNICIPAL)

    meeting = meeting_at(partnership, days_from_now(10), attendees=[coordinator, municipal])

    assert set(meeting.attendees.all()) == {coordinator, municipal}
    event = AuditEvent.objects.get(action="steering.steeringmeeting.created")
    assert (event.object_id, event.actor) == (str(meeting.pk), ACTOR)


def test_only_the_steering_group_attends_and_nothing_is_saved_otherwise(partnership, member):
    volunteer = member(Role.VOLUNTEER)

    with pytest.raises(ValidationError) as error:
        meeting_at(partnership, days_from_now(10), attendees=[volunteer])

    assert error.value.message_dict == {"attendees": ["Bara medlemmar i styrgruppen kan delta."]}
    assert SteeringMeeting.objects.count() == 0


def test_another_partnerships_member_cannot_attend(partnership, member):
    from vises.partnerships.tests.factories import MembershipFactory

    stranger = MembershipFactory.create(role=Role.COORDINATOR)

    with pytest.raises(ValidationError):
        meeting_at(partnership, days_from_now(10), attendees=[stranger])


def test_an_empty_agenda_is_refused_in_swedish(partnership):
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            partnership=partnership,
            starts_at=days_from_now(3),
            place="Linköping",
            agenda="<p></p>",
            actor=ACTOR,
        )

    assert error.value.message_dict == {"agenda": ["Detta fält får inte vara tomt."]}


def test_minutes_wait_until_the_meeting_has_begun(partnership):
    with pytest.raises(ValidationError) as error:
        meeting_at(partnership, days_from_now(5), minutes="Protokoll")

    assert error.value.message_dict == {
        "minutes": ["Protokoll och beslut kan föras in när mötet har börjat."]
    }


def _two_meetings(partnership):
    first = meeting_at(partnership, days_from_now(-200), minutes="Vi följde upp våren.")
    second = meeting_at(partnership, days_from_now(-10))
    return first, second


def test_the_minutes_are_approved_at_the_next_meeting(partnership, member):
    first, second = _two_meetings(partnership)
    user = member(Role.MUNICIPAL).user

    approved = services.minutes_approve(meeting=second, actor=user)

    approved.refresh_from_db()
    assert approved.pk == first.pk
    assert approved.minutes_approved_by == user
    assert approved.minutes_approved_at_meeting == second
    assert approved.minutes_approved_at is not None
    assert (
        AuditEvent.objects.filter(
            action="steering.steeringmeeting.minutes_approved", object_id=str(first.pk)
        ).count()
        == 1
    )


def test_approving_before_the_next_meeting_is_refused(partnership, member):
    meeting_at(partnership, days_from_now(-30), minutes="Protokoll")
    coming = meeting_at(partnership, days_from_now(14))
    day = timezone.localdate() + timedelta(days=14)

    with pytest.raises(ValidationError) as error:
        services.minutes_approve(meeting=coming, actor=member().user)

    assert error.value.messages == [f"Protokollet justeras vid nästa möte, den {day.isoformat()}."]


@pytest.mark.parametrize(
    ("minutes", "message"),
    [("", "Föregående möte har inget protokoll än: för in det innan det justeras.")],
)
def test_no_minutes_no_approval(partnership, member, minutes, message):
    meeting_at(partnership, days_from_now(-60), minutes=minutes)
    second = meeting_at(partnership, days_from_now(-1))

    with pytest.raises(ValidationError) as error:
        services.minutes_approve(meeting=second, actor=member().user)

    assert error.value.messages == [message]


def test_the_first_meeting_has_nothing_to_approve(partnership, member):
    only = meeting_at(partnership, days_from_now(-1))

    with pytest.raises(ValidationError) as error:
        services.minutes_approve(meeting=only, actor=member().user)

    assert error.value.messages == ["Det finns inget tidigare möte att justera."]


def test_approved_minutes_are_approved_once_and_lock_the_meeting(partnership, member):
    first, second = _two_meetings(partnership)
    user = member().user
    services.minutes_approve(meeting=second, actor=user)

    with pytest.raises(ValidationError) as twice:
        services.minutes_approve(meeting=second, actor=user)
    with pytest.raises(ValidationError) as change:
        services.meeting_update(
            meeting=first,
            starts_at=first.starts_at,
            place=first.place,
            agenda=first.agenda,
            minutes="Ändrat i efterhand",
            decisions="",
            attendees=[],
            actor=user,
        )

    assert twice.value.messages == ["Föregående mötes protokoll är redan justerat."]
    assert change.value.messages == [
        "Protokollet från det här mötet är justerat; mötet kan inte längre ändras."
    ]
    first.refresh_from_db()
    assert first.minutes == "Vi följde upp våren."


def test_an_update_names_the_changed_fields_in_the_log(partnership):
    meeting = meeting_at(partnership, days_from_now(-1))

    services.meeting_update(
        meeting=meeting,
        starts_at=meeting.starts_at,
        place=meeting.place,
        agenda=meeting.agenda,
        minutes="<p>Protokoll</p>",
        decisions="Beslut",
        attendees=[],
        actor=ACTOR,
    )

    meeting.refresh_from_db()
    assert meeting.minutes == "Protokoll"
    event = AuditEvent.objects.get(action="steering.steeringmeeting.updated")
    assert event.fields == ["decisions", "minutes"]


def test_an_action_item_has_an_owner_from_the_group_and_a_status(partnership, member):
    meeting = meeting_at(partnership, days_from_now(-1))
    owner = member(Role.MANAGER)

    item = services.action_item_create(
        meeting=meeting, text="Boka lokal", owner=owner, due_on=date(2030, 1, 31), actor=ACTOR
    )
    services.action_item_status_set(item=item, status=ActionItem.Status.DONE, actor=ACTOR)

    item.refresh_from_db()
    assert (item.owner, item.status) == (owner, "done")
    assert list(
        AuditEvent.objects.filter(action__startswith="steering.actionitem.").values_list(
            "action", "chain"
        )
    ) == [
        ("steering.actionitem.created", f"partnership:{partnership.pk}"),
        ("steering.actionitem.status_set", f"partnership:{partnership.pk}"),
    ]


def test_an_owner_outside_the_group_or_a_bad_status_is_refused(partnership, member):
    meeting = meeting_at(partnership, days_from_now(-1))
    item = services.action_item_create(
        meeting=meeting, text="Boka lokal", owner=None, due_on=None, actor=ACTOR
    )

    with pytest.raises(ValidationError) as owner:
        services.action_item_create(
            meeting=meeting, text="X", owner=member(Role.COMPANY), due_on=None, actor=ACTOR
        )
    with pytest.raises(ValidationError):
        services.action_item_status_set(item=item, status="maybe", actor=ACTOR)

    assert owner.value.message_dict == {"owner": ["Ansvarig måste vara medlem i styrgruppen."]}
    assert ActionItem.objects.count() == 1
    item.refresh_from_db()
    assert item.status == "open"


def test_a_failure_half_way_leaves_nothing_behind(partnership, member, monkeypatch):
    coordinator = member(Role.COORDINATOR)

    def broken(*args, **kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(services.audit, "log", broken)
    with pytest.raises(RuntimeError):
        meeting_at(partnership, days_from_now(10), attendees=[coordinator])

    assert SteeringMeeting.objects.count() == 0
    assert SteeringMeeting.attendees.through.objects.count() == 0


def test_minutes_naming_a_participant_are_refused_and_nothing_is_saved(partnership):
    """The minutes go to the whole steering group, the municipality too: DESIGN §6 lets no
    report or record of the partnership name the people in the register."""
    from vises.people.tests.factories import ParticipantFactory

    ParticipantFactory.create(
        person__partnership=partnership, person__first_name="Hodan", person__last_name="Warsame"
    )
    meeting = meeting_at(partnership, days_from_now(-1))

    with pytest.raises(ValidationError) as refused:
        services.meeting_update(
            meeting=meeting,
            starts_at=meeting.starts_at,
            place=meeting.place,
            agenda=meeting.agenda,
            minutes="Vi talade om hur det går för hodan warsame på kaféet.",
            decisions="",
            attendees=[],
            actor=ACTOR,
        )

    assert refused.value.message_dict == {
        "minutes": [
            "Texten nämner Hodan Warsame, som finns i registret som deltagare. "
            "Skriv den utan deltagares namn."
        ]
    }
    meeting.refresh_from_db()
    assert meeting.minutes == ""


def test_an_action_item_naming_a_participant_is_refused(partnership):
    from vises.people.tests.factories import ParticipantFactory

    ParticipantFactory.create(
        person__partnership=partnership, person__first_name="Hodan", person__last_name="Warsame"
    )
    meeting = meeting_at(partnership, days_from_now(-1))

    with pytest.raises(ValidationError) as refused:
        services.action_item_create(
            meeting=meeting, text="Ring Hodan Warsame", owner=None, due_on=None, actor=ACTOR
        )

    assert list(refused.value.message_dict) == ["text"]
    assert ActionItem.objects.count() == 0
