"""The steering pages: the meetings per year against the two required, a meeting with its
minutes and action items, the forms (a refused form keeps what was typed, in Swedish), the
approval at the next meeting, the open action items; what the municipal member sees; the
list pages cost the same queries for 2 and 30 rows."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory
from vises.people.tests.factories import PersonFactory
from vises.steering import services
from vises.steering.models import ActionItem, SteeringMeeting
from vises.steering.tests.helpers import ACTOR, days_from_now, meeting_at


def url(name: str, partnership, **kwargs) -> str:
    return reverse(name, kwargs={"slug": partnership.slug, **kwargs})


def logged_in(membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


@pytest.fixture
def coordinator(member):
    return member(Role.COORDINATOR)


def test_the_list_counts_each_year_against_the_two_required(partnership, coordinator):
    meeting_at(partnership, days_from_now(-400))
    meeting_at(partnership, days_from_now(-399))
    upcoming = meeting_at(partnership, days_from_now(20))

    html = logged_in(coordinator).get(url("steering_meetings", partnership)).content.decode()

    assert "Styrgruppen sammanträder två gånger om året" in html
    assert "2 av 2" in html
    assert url("steering_meeting", partnership, meeting_id=upcoming.pk) in html
    assert url("steering_meeting_create", partnership) in html


def test_the_municipal_member_reads_but_plans_nothing(partnership, member):
    meeting = meeting_at(partnership, days_from_now(-3))
    client = logged_in(member(Role.MUNICIPAL))

    listing = client.get(url("steering_meetings", partnership)).content.decode()
    page = client.get(url("steering_meeting", partnership, meeting_id=meeting.pk)).content.decode()

    assert url("steering_meeting_create", partnership) not in listing
    assert url("steering_meeting_edit", partnership, meeting_id=meeting.pk) not in page
    assert "1. Uppföljning" in page
    assert client.get(url("steering_meeting_create", partnership)).status_code == 403


def test_planning_a_meeting_through_the_form(partnership, coordinator):
    client = logged_in(coordinator)
    day = days_from_now(30).date()

    response = client.post(
        url("steering_meeting_create", partnership),
        {
            "day": day.isoformat(),
            "time": "13:30",
            "place": "Röda Korset",
            "agenda": "<p>Uppföljning</p>",
            "attendees": [coordinator.pk],
        },
    )

    meeting = SteeringMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("steering_meeting", partnership, meeting_id=meeting.pk)
    assert meeting.agenda == "Uppföljning"
    assert list(meeting.attendees.all()) == [coordinator]
    assert meeting.created_by == coordinator.user


def test_a_refused_form_keeps_what_was_typed_and_says_why_in_swedish(partnership, coordinator):
    client = logged_in(coordinator)

    response = client.post(
        url("steering_meeting_create", partnership),
        {
            "day": days_from_now(30).date().isoformat(),
            "time": "13:30",
            "place": "Röda Korset",
            "agenda": "Uppföljning av våren",
            "minutes": "För tidigt",
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Protokoll och beslut kan föras in när mötet har börjat." in html
    assert "Uppföljning av våren" in html
    assert "För tidigt" in html
    assert SteeringMeeting.objects.count() == 0


def test_recording_minutes_and_approving_them_at_the_next_meeting(partnership, coordinator, member):
    first = meeting_at(partnership, days_from_now(-100))
    second = meeting_at(partnership, days_from_now(0, hour=0))
    client = logged_in(coordinator)

    edit = client.post(
        url("steering_meeting_edit", partnership, meeting_id=first.pk),
        {
            "day": days_from_now(-100).date().isoformat(),
            "time": "14:00",
            "place": first.place,
            "agenda": first.agenda,
            "minutes": "Vi följde upp våren.",
            "decisions": "Budgeten fastställs.",
        },
    )
    municipal = logged_in(member(Role.MUNICIPAL))
    approve = municipal.post(url("steering_minutes_approve", partnership, meeting_id=second.pk))
    page = municipal.get(url("steering_meeting", partnership, meeting_id=first.pk)).content.decode()

    assert (edit.status_code, approve.status_code) == (302, 302)
    first.refresh_from_db()
    assert first.minutes == "Vi följde upp våren."
    assert first.minutes_approved_at_meeting == second
    assert "justerat den" in page


def test_adding_an_action_item_and_closing_it(partnership, coordinator):
    meeting = meeting_at(partnership, days_from_now(-1))
    client = logged_in(coordinator)

    client.post(
        url("steering_action_create", partnership, meeting_id=meeting.pk),
        {"text": "Boka lokal", "owner": coordinator.pk, "due_on": "2030-01-31"},
    )
    item = ActionItem.objects.get()
    client.post(
        url("steering_action_status", partnership, action_id=item.pk),
        {"status": "done", "next": "actions"},
    )

    item.refresh_from_db()
    assert (item.text, item.owner, item.due_on, item.status) == (
        "Boka lokal",
        coordinator,
        date(2030, 1, 31),
        "done",
    )


def test_an_action_item_without_text_is_refused_on_the_meeting_page(partnership, coordinator):
    meeting = meeting_at(partnership, days_from_now(-1))

    response = logged_in(coordinator).post(
        url("steering_action_create", partnership, meeting_id=meeting.pk),
        {"text": "", "due_on": "2030-01-31"},
    )

    assert response.status_code == 400
    assert "Fältet måste fyllas i." in response.content.decode()
    assert ActionItem.objects.count() == 0


def test_the_pages_name_no_person_in_the_register(partnership, member):
    person = PersonFactory.create(partnership=partnership, first_name="Zarah", last_name="Qaderi")
    meeting = meeting_at(partnership, days_from_now(-1))
    client = logged_in(member(Role.MUNICIPAL))

    pages = [
        client.get(url("steering_meetings", partnership)),
        client.get(url("steering_meeting", partnership, meeting_id=meeting.pk)),
        client.get(url("steering_actions", partnership)),
    ]

    for page in pages:
        assert person.first_name not in page.content.decode()


def _fill(partnership, owner, rows: int) -> None:
    for n in range(rows):
        meeting = meeting_at(partnership, days_from_now(-10 - n), attendees=[owner])
        services.action_item_create(
            meeting=meeting, text=f"Åtgärd {n}", owner=owner, due_on=None, actor=ACTOR
        )


def queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name", ["steering_meetings", "steering_actions"])
def test_the_list_pages_cost_the_same_queries_for_2_and_30_rows(partnership, coordinator, name):
    other = PartnershipFactory.create()
    other_coordinator = MembershipFactory.create(partnership=other, role=Role.COORDINATOR)
    _fill(partnership, coordinator, 2)
    _fill(other, other_coordinator, 30)

    few = queries(logged_in(coordinator), url(name, partnership))
    many = queries(logged_in(other_coordinator), url(name, other))

    assert few == many


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.COORDINATOR, True),
        (Role.MANAGER, True),
        (Role.MUNICIPAL, True),
        (Role.VOLUNTEER, False),
        (Role.COMPANY, False),
        (Role.ADMIN, False),
    ],
)
def test_the_menu_has_the_steering_group_for_its_members(partnership, member, role, shown):
    html = logged_in(member(role)).get(url("partnership_start", partnership)).content.decode()
    menu = html.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]

    assert (f'href="{url("steering_meetings", partnership)}"' in menu) is shown
    assert ("Styrgrupp" in menu) is shown


def test_an_approved_meeting_is_not_offered_for_editing(partnership, coordinator):
    first = meeting_at(partnership, days_from_now(-100), minutes="Protokoll")
    second = meeting_at(partnership, days_from_now(-1))
    services.minutes_approve(meeting=second, actor=coordinator.user)
    client = logged_in(coordinator)
    edit = url("steering_meeting_edit", partnership, meeting_id=first.pk)

    page = client.get(url("steering_meeting", partnership, meeting_id=first.pk)).content.decode()
    response = client.post(edit, {"day": "2020-01-01", "time": "10:00", "place": "X"}, follow=True)

    assert edit not in page
    assert response.redirect_chain == [
        (url("steering_meeting", partnership, meeting_id=first.pk), 302)
    ]
    assert (
        "Protokollet från det här mötet är justerat; mötet kan inte längre ändras."
        in response.content.decode()
    )
    first.refresh_from_db()
    assert first.place == "Röda Korset, Linköping"
