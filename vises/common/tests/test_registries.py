"""The registries of the ground floor: an app plugs in its jobs, panels, menu entries and demo
steps from its AppConfig.ready() without editing vises.common."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.test import RequestFactory

from vises.common import demo, navigation, panels, scheduler
from vises.common.context_processors import navigation as navigation_context


def test_every_app_registered_its_scheduled_jobs():
    assert sorted(job.name for job in scheduler.JOBS) == [
        "audit.record_heads",
        "cafes.invitations_expire",
        "cafes.reminders",
        "matching.followups_send",
        "matching.proposals_follow_up",
        "people.erasures_reconcile",
        "people.import_files_purge",
        "people.referrer_emails_expire",
        "people.retention",
        "steering.reminders",
    ]


def test_a_second_job_of_the_same_name_is_refused(monkeypatch):
    monkeypatch.setattr(scheduler, "JOBS", [])
    job = scheduler.IntervalJob("new_app.sweep", timedelta(minutes=5), lambda: None)

    scheduler.register(job)
    scheduler.register(job)  # the same app's ready() again: no change

    assert [job] == scheduler.JOBS
    with pytest.raises(ValueError, match="new_app.sweep"):
        scheduler.register(scheduler.DailyJob("new_app.sweep", time(4, 0), lambda: None))


def test_the_demo_steps_run_in_order():
    assert [(step.order, step.name) for step in demo.steps()] == [
        (10, "partnerships"),
        (20, "people"),
        (30, "companies"),
        (40, "cafes"),
        (45, "cafes.history"),
        (50, "matching"),
        (55, "matching.history"),
        (60, "economy"),
        (80, "steering"),
    ]


def test_a_panel_shows_in_its_slots_in_order_and_only_with_something_to_show(monkeypatch):
    monkeypatch.setattr(panels, "_PANELS", {})
    request = RequestFactory().get("/")
    panels.register(panels.Panel("b", ("start.x",), 20, "b.html", lambda r, o: {"n": o}))
    panels.register(panels.Panel("a", ("start.x", "home"), 10, "a.html", lambda r, o: {}))
    panels.register(panels.Panel("empty", ("start.x",), 5, "e.html", lambda r, o: None))

    bound = panels.for_slot("start.x", request, 7)

    assert [(p.name, p.template, p.context) for p in bound] == [
        ("a", "a.html", {}),
        ("b", "b.html", {"n": 7}),
    ]
    assert [p.name for p in panels.for_slot("home", request)] == ["a"]
    assert panels.for_slot("people.person", request) == []


class Member:
    """What the navigation asks of a membership."""

    class partnership:  # noqa: N801
        slug = "vi-ses"

    def __init__(self, perms: set[str]) -> None:
        self.perms = perms

    def allows(self, perm: str) -> bool:
        return perm in self.perms


def test_the_menu_shows_the_entries_the_members_role_allows(monkeypatch):
    monkeypatch.setattr(navigation, "_ENTRIES", {})
    navigation.register(navigation.NavEntry(20, "Cafés", "cafes_list", "operate"))
    navigation.register(
        navigation.NavEntry(10, "Start", "partnership_start", "view_start", exact=True)
    )
    navigation.register(navigation.NavEntry(90, "Users", "partnership_users", "manage_users"))
    request = RequestFactory().get("/p/vi-ses/cafes/1/")
    request.membership = Member({"view_start", "operate"})

    items = navigation_context(request)["nav_items"]

    assert [(str(item.label), item.url, item.active) for item in items] == [
        ("Start", "/p/vi-ses/", False),
        ("Cafés", "/p/vi-ses/cafes/", True),
    ]


def test_outside_a_partnership_there_is_no_menu():
    assert navigation_context(RequestFactory().get("/"))["nav_items"] == []
