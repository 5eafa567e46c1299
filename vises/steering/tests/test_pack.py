"""The meeting pack: a PDF through the shared renderer with the key figures since the last
meeting (suppressed: the municipal member reads it), the open action items, the year's budget
against actual and the balance of the language-friend pool; it names nobody in the register."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from vises.cafes.models import Cafe, Registration
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.companies.tests.factories import CompanyFactory
from vises.economy import services as economy_services
from vises.economy.budget import budget_for_year
from vises.matching.tests.factories import friend_with_room, waiting_participant
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import agreement_for
from vises.people.tests.factories import PersonFactory
from vises.steering import pack, services
from vises.steering.tests.helpers import ACTOR, meeting_at

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def pdf_text(pdf: bytes) -> str:
    """The PDF's text (pdftotext -layout, poppler-utils), every run of white space one space."""
    text = subprocess.run(  # noqa: S603 - a fixed tool on our own bytes
        [shutil.which("pdftotext") or "pdftotext", "-layout", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " "))


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM)


@pytest.fixture
def world(partnership, member):
    """Since the previous meeting (1 March 2025): two cafés held with ten women and one man
    there; before it a café nobody in the pack counts; 2025's costs; one open action item."""
    agreement_for(partnership, extensions=2)
    owner = member(Role.MANAGER)
    owner.user.first_name, owner.user.last_name = "Johan", "Berg"
    owner.user.save()
    previous = meeting_at(partnership, at(date(2025, 3, 1)), minutes="Protokoll")
    meeting = meeting_at(partnership, at(date(2025, 11, 1)))
    services.action_item_create(
        meeting=previous, text="Boka lokal för hösten", owner=owner, due_on=None, actor=ACTOR
    )
    company = CompanyFactory.create(partnership=partnership)
    women = [
        PersonFactory.create(partnership=partnership, gender="woman", first_name=f"Zarah{n}")
        for n in range(10)
    ]
    man = PersonFactory.create(partnership=partnership, gender="man", first_name="Yonas")
    for day in (date(2025, 2, 1), date(2025, 4, 5), date(2025, 9, 6)):
        cafe = CafeFactory.create(
            company=company, partnership=partnership, starts_at=at(day), status=Cafe.Status.HELD
        )
        for person in [*women, man] if day.month > 3 else women[:2]:
            RegistrationFactory.create(
                cafe=cafe, person=person, attendance=Registration.Attendance.ATTENDED
            )
    economy_services.cost_entry_create(
        partnership=partnership,
        category="lokaler",
        spent_on=date(2025, 5, 1),
        amount=Decimal("12345.00"),
        description="Hyra",
        actor=ACTOR,
    )
    for n in range(6):
        waiting_participant(partnership, gender="woman", first_name=f"Waiting{n}")
    friend_with_room(partnership, gender="man", first_name="Friendly", capacity=2)
    return meeting, [*women, man]


def test_the_pack_holds_the_figures_actions_budget_and_balance(world):
    meeting, people = world

    text = pdf_text(pack.pack_pdf(meeting=meeting, today=date(2026, 1, 10)))

    assert text.startswith("Mötesunderlag, styrgruppen 2025-11-01")
    assert "Nyckeltal 2025-03-02 – 2025-11-01" in text
    # Ten women and one man: the man's 1 is "<5", the women's count hidden so it cannot be
    # worked out from the total.
    assert "Kvinna Man Annat uppgift saknas Totalt genomförda kaféer 2 " in text
    assert "deltagare på kaféer .. <5 0 0 11 besök på kaféer .. <5 0 0 22 " in text
    assert "volontärtimmar på kaféerna 0,0" in text
    assert "Boka lokal för hösten Johan Berg inget datum 2025-03-01" in text
    assert "12 345,00" in text
    budget = budget_for_year(2025)
    assert f"{budget.total:,.2f}".replace(",", " ").replace(".", ",") in text
    assert "Kön väntande deltagare språkvänner med plats Kvinna 6 0 Man 0 <5 Totalt 6 <5" in text
    for person in people:
        assert person.first_name not in text
    assert "Waiting0" not in text and "Friendly" not in text


def test_the_pack_sets_the_year_s_recruitment_targets_beside_the_friends_recruited(
    world, partnership
):
    from vises.matching.models import RecruitmentTarget
    from vises.reporting.tests.test_statistics import at as noon
    from vises.reporting.tests.test_statistics import friend

    meeting, _people = world
    friend(partnership, noon(2025, 6, 1), person__gender="man")  # before the meeting
    friend(partnership, noon(2025, 12, 1), person__gender="man")  # after it: not yet counted
    for dimension, group, friends in [("gender", "man", 3), ("language", "ti", 2)]:
        RecruitmentTarget.objects.create(
            partnership=partnership, year=2025, dimension=dimension, group=group, friends=friends
        )

    text = pdf_text(pack.pack_pdf(meeting=meeting, today=date(2026, 1, 10)))

    assert (
        "Språkvänner rekryterade mot målen Grupp Mål 2025 Rekryterade Kvar till målet "
        "Språk: tigrinja 2 0 2 Kön: Man 3 <5 –"
    ) in text


def test_a_pack_without_targets_has_no_such_section(world):
    meeting, _people = world

    text = pdf_text(pack.pack_pdf(meeting=meeting, today=date(2026, 1, 10)))

    assert "mot målen" not in text


def test_the_pack_answers_as_a_pdf_for_the_municipal_member(world, partnership, member):
    meeting, _people = world
    client = Client()
    client.force_login(member(Role.MUNICIPAL).user)

    response = client.get(
        reverse(
            "steering_meeting_pack", kwargs={"slug": partnership.slug, "meeting_id": meeting.pk}
        )
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert 'filename="styrgrupp-2025-11-01.pdf"' in response["Content-Disposition"]


def test_the_first_meeting_counts_from_1_january_and_a_coming_one_up_to_today(partnership):
    first = meeting_at(partnership, at(date(2025, 4, 2)))
    coming = meeting_at(partnership, at(date(2025, 10, 1)))

    assert pack.pack_period(first, today=date(2025, 6, 1)) == (date(2025, 1, 1), date(2025, 4, 2))
    assert pack.pack_period(coming, today=date(2025, 9, 20)) == (
        date(2025, 4, 3),
        date(2025, 9, 20),
    )
