"""The coordinator's language-friend pages: who may open them, what they show (in Swedish),
the actions on runs and pairs through the services, and query counts that do not grow with
the data."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vises.matching.models import FollowUp, MatchRun, Pair, Proposal
from vises.matching.services.runs import run_create
from vises.matching.tests.factories import (
    FollowUpFactory,
    PairFactory,
    friend_with_room,
    waiting_participant,
)
from vises.partnerships.access import Role
from vises.partnerships.models import Partnership
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory
from vises.people.models import Participant, Person

pytestmark = pytest.mark.django_db

AIM = "en jämn tillströmning av språkvänner både avseende språk, ålder, kön och utbildningsnivå"


def client_of(partnership: Partnership, role: str = Role.COORDINATOR) -> Client:
    client = Client()
    client.force_login(MembershipFactory.create(partnership=partnership, role=role).user)
    return client


def base(partnership: Partnership) -> str:
    return f"/p/{partnership.slug}/matching/"


def text_of(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def flashes(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def pool(partnership: Partnership, pairs: int = 2) -> list[tuple[Person, Person]]:
    """`pairs` participants and as many friends, each pair sharing a language."""
    made = []
    for number in range(pairs):
        participant = waiting_participant(
            partnership, first_name=f"Deltagare{number}", last_name="Test", languages=("ar",)
        )
        friend = friend_with_room(
            partnership, first_name=f"Vän{number}", last_name="Test", languages=("ar",)
        )
        made.append((participant, friend))
    return made


@pytest.fixture
def partnership() -> Partnership:
    return PartnershipFactory.create()


@pytest.fixture
def client(partnership) -> Client:
    return client_of(partnership)


def draft(partnership: Partnership, pairs: int = 2) -> MatchRun:
    pool(partnership, pairs)
    return run_create(partnership=partnership, actor="system:test")


# Who may open which page ----------------------------------------------------------------------


def pages(partnership: Partnership) -> list[str]:
    run = draft(partnership)
    pair = PairFactory.create(participant__partnership=partnership)
    return [
        base(partnership),
        f"{base(partnership)}runs/{run.pk}/",
        f"{base(partnership)}pairs/",
        f"{base(partnership)}pairs/{pair.pk}/",
        f"{base(partnership)}people/{pair.participant_id}/limits/",
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATOR, 200),
        (Role.MANAGER, 200),
        (Role.VOLUNTEER, 403),
        (Role.MUNICIPAL, 403),
        (Role.COMPANY, 403),
    ],
)
def test_each_role_gets_its_answer(partnership, role, status):
    client = client_of(partnership, role)

    answers = {page: client.get(page).status_code for page in pages(partnership)}

    assert answers == dict.fromkeys(answers, status)


def test_another_partnerships_run_and_pair_are_not_found(partnership, client):
    other = PartnershipFactory.create()
    run = draft(other)
    pair = PairFactory.create(participant__partnership=other)
    proposal = run.proposals.first()
    followup = FollowUpFactory.create(pair=pair)
    gets = [f"runs/{run.pk}/", f"pairs/{pair.pk}/", f"people/{pair.participant_id}/limits/"]
    posts = [
        f"runs/{run.pk}/publish/",
        f"runs/{run.pk}/discard/",
        f"runs/{run.pk}/recompute/",
        f"runs/{run.pk}/swap/",
        f"proposals/{proposal.pk}/lock/",
        f"pairs/{pair.pk}/end/",
        f"followups/{followup.pk}/phone/",
    ]

    assert [client.get(base(partnership) + page).status_code for page in gets] == [404] * 3
    assert [client.post(base(partnership) + page).status_code for page in posts] == [404] * 7
    assert MatchRun.objects.get(pk=run.pk).status == MatchRun.Status.DRAFT


def test_actions_are_post_only(partnership, client):
    run = draft(partnership)

    assert client.get(f"{base(partnership)}runs/").status_code == 405
    assert client.get(f"{base(partnership)}runs/{run.pk}/publish/").status_code == 405


# The overview ---------------------------------------------------------------------------------


def test_the_overview_counts_the_pool_and_the_pairs(partnership, client):
    pool(partnership, 2)
    friend_with_room(partnership, capacity=3)
    PairFactory.create(participant__partnership=partnership, status=Pair.Status.ACTIVE)
    returned = PairFactory.create(
        participant__partnership=partnership,
        participant__first_name="Amina",
        participant__last_name="Ali",
        returned_at=timezone.now(),
    )

    response = client.get(base(partnership))
    text = text_of(response)

    assert response.status_code == 200
    assert response.context["counts"] == {
        "participants": 2,
        "friends": 3,
        "places": 5,
        "without_consent": 0,
    }
    assert "väntande deltagare 2" in text
    assert "språkvänner med plats 3" in text
    assert "lediga platser hos språkvänner 5" in text
    assert "Starta en matchning" in text
    assert "Föreslaget 1" in text and "Aktivt 1" in text
    assert "0 förslag väntar på svar." in text
    assert "Förslag som kommit tillbaka utan svar" in text
    assert f"Amina Ali – {returned.friend}" in text
    assert "Ingen matchning än." in text


def test_the_menu_has_the_entry(partnership, client):
    html = client.get(base(partnership)).content.decode()

    assert f'href="{base(partnership)}"' in html
    assert "Språkvänner" in html


# A run ----------------------------------------------------------------------------------------


def test_starting_a_run_shows_its_proposals_and_the_balance(partnership, client):
    (participant, friend), _second = pool(partnership, 2)
    waiting_participant(partnership, first_name="Ensam", last_name="Väntare", languages=("so",))

    response = client.post(f"{base(partnership)}runs/", follow=True)
    run = MatchRun.objects.get(partnership=partnership)
    text = text_of(response)

    assert response.redirect_chain == [(f"{base(partnership)}runs/{run.pk}/", 302)]
    assert flashes(response) == ["Matchningen föreslår 2 par. Granska dem och publicera sedan."]
    assert run.proposals.count() == 2
    proposal = run.proposals.get(participant=participant)
    assert f"/p/{partnership.slug}/people/{participant.pk}/" in response.content.decode()
    assert str(proposal.friend) in text
    for reason in proposal.reasons:
        assert reason["text"] in text
    assert "Deltagare utan förslag" in text and "Ensam Väntare" in text
    assert AIM in text
    assert "Det här saknas i poolen" in text
    assert "3 deltagare väntar och språkvännerna har 2 platser" in text
    assert "Språk" in text and "Åldersgrupp" in text and "Utbildningsnivå" in text
    assert "Beräkna igen" in text and "Publicera" in text and "Kasta" in text


def test_the_balance_shows_the_year_s_recruitment_targets_beside_the_pool(partnership, client):
    from vises.matching.models import RecruitmentTarget

    pool(partnership, 1)
    waiting_participant(partnership, first_name="Dawit", languages=("ti",))
    year = timezone.localdate().year
    RecruitmentTarget.objects.create(
        partnership=partnership, year=year, dimension="language", group="ti", friends=4
    )
    RecruitmentTarget.objects.create(  # last year's: not shown
        partnership=partnership, year=year - 1, dimension="language", group="so", friends=2
    )

    response = client.post(f"{base(partnership)}runs/", follow=True)
    text = text_of(response)

    assert f"Mål {year}" in text
    assert "tigrinja efter 1 0 0 % 0 0 4 språkvänner" in text
    assert f"Målet för {year} är 4 språkvänner i gruppen tigrinja; det finns ingen i poolen" in text
    assert "somaliska" not in text


def test_publishing_makes_proposed_pairs(partnership, client, django_capture_on_commit_callbacks):
    run = draft(partnership)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{base(partnership)}runs/{run.pk}/publish/", follow=True)

    pairs = Pair.objects.filter(partnership=partnership)
    assert [pair.status for pair in pairs] == [Pair.Status.PROPOSED] * 2
    assert MatchRun.objects.get(pk=run.pk).status == MatchRun.Status.PUBLISHED
    assert flashes(response) == ["Matchningen är publicerad: 2 förslag är skickade till båda."]
    assert response.redirect_chain[-1][0] == f"{base(partnership)}pairs/?status=proposed"


def test_a_stale_publish_names_each_proposal_and_changes_nothing(partnership, client):
    run = draft(partnership)
    proposals = list(run.proposals.select_related("participant", "friend").order_by("pk"))
    for proposal in proposals:  # both were paired elsewhere meanwhile
        Participant.objects.filter(person=proposal.participant).update(is_active=False)

    response = client.post(f"{base(partnership)}runs/{run.pk}/publish/", follow=True)

    assert flashes(response) == [
        "Matchningen är inaktuell: någon har fått en språkvän, hoppat av eller fått slut på "
        "plats sedan den beräknades. Granska de här förslagen och beräkna sedan igen.",
        *(f"{p.participant} – {p.friend}: deltagaren väntar inte längre" for p in proposals),
    ]
    assert not Pair.objects.exists()
    assert MatchRun.objects.get(pk=run.pk).status == MatchRun.Status.DRAFT


def test_lock_exclude_include_and_discard(partnership, client):
    run = draft(partnership)
    proposal = run.proposals.order_by("pk").first()
    url = f"{base(partnership)}runs/{run.pk}/"

    response = client.post(
        f"{base(partnership)}proposals/{proposal.pk}/lock/", {"locked": "1"}, follow=True
    )
    assert Proposal.objects.get(pk=proposal.pk).locked is True
    assert "Lås upp" in text_of(response)
    response = client.post(
        f"{base(partnership)}proposals/{proposal.pk}/lock/", {"locked": "0"}, follow=True
    )
    assert flashes(response) == ["Förslaget är upplåst."]
    assert Proposal.objects.get(pk=proposal.pk).locked is False

    response = client.post(f"{url}exclude/", {"person": proposal.friend_id}, follow=True)
    assert list(run.excluded.all()) == [proposal.friend]
    assert not run.proposals.filter(pk=proposal.pk).exists()
    assert flashes(response) == [
        f"{proposal.friend} är borttagen ur matchningen. Beräkna igen för att fylla luckan."
    ]
    text = text_of(response)
    assert "Borttagna ur den här matchningen" in text and str(proposal.friend) in text
    assert str(proposal.participant) in text  # left without a proposal now

    response = client.post(f"{url}include/", {"person": proposal.friend_id}, follow=True)
    assert list(run.excluded.all()) == []
    assert flashes(response) == [
        f"{proposal.friend} är med i matchningen igen. Beräkna igen för att få förslag."
    ]
    response = client.post(f"{url}recompute/", follow=True)
    assert run.proposals.count() == 2
    assert flashes(response) == ["Matchningen är beräknad igen; låsta förslag är kvar."]

    response = client.post(f"{url}discard/", follow=True)
    assert MatchRun.objects.get(pk=run.pk).status == MatchRun.Status.DISCARDED
    assert flashes(response) == ["Matchningen är kastad; ingen tillfrågades."]


def test_a_swap_that_breaks_a_rule_is_refused_with_its_message(partnership, client):
    for gender in ("woman", "man"):
        waiting_participant(partnership, gender=gender, same_gender=True, languages=("ar",))
        friend_with_room(partnership, gender=gender, languages=("ar",))
    run = run_create(partnership=partnership, actor="system:test")
    first, second = run.proposals.order_by("pk")
    before = {p.pk: p.friend_id for p in run.proposals.all()}

    response = client.post(
        f"{base(partnership)}runs/{run.pk}/swap/",
        {"first": first.pk, "second": second.pk},
        follow=True,
    )

    assert flashes(response) == [
        "De här två kan inte byta: ett av de nya paren bryter mot en regel (samma kön, en "
        "begränsning av språk eller stadsdel, eller ett tidigare par som inte fungerade)."
    ]
    assert {p.pk: p.friend_id for p in run.proposals.all()} == before


def test_a_swap_gives_each_proposal_the_other_friend(partnership, client):
    run = draft(partnership)
    first, second = run.proposals.order_by("pk")
    friends = (first.friend_id, second.friend_id)

    response = client.post(
        f"{base(partnership)}runs/{run.pk}/swap/",
        {"first": first.pk, "second": second.pk},
        follow=True,
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert flashes(response) == ["De två förslagen har bytt språkvän och är låsta."]
    assert first.locked and second.locked
    assert (first.friend_id, second.friend_id) == (friends[1], friends[0])


# Pairs ----------------------------------------------------------------------------------------


def test_the_pairs_list_filters_by_status(partnership, client):
    active = PairFactory.create(
        participant__partnership=partnership,
        participant__first_name="Aktiv",
        status=Pair.Status.ACTIVE,
    )
    proposed = PairFactory.create(
        participant__partnership=partnership, participant__first_name="Föreslagen"
    )

    everyone = text_of(client.get(f"{base(partnership)}pairs/"))
    only_active = text_of(client.get(f"{base(partnership)}pairs/?status=active"))

    assert str(active.participant) in everyone and str(proposed.participant) in everyone
    assert str(active.participant) in only_active
    assert str(proposed.participant) not in only_active
    assert "Deltagare: Inget svar än; språkvän: Inget svar än" in everyone
    assert "Inget par har den här statusen." in text_of(
        client.get(f"{base(partnership)}pairs/?status=paused")
    )


def test_the_pair_page_shows_the_pair_and_the_actions_of_its_state(partnership, client):
    pair = PairFactory.create(
        participant__partnership=partnership,
        status=Pair.Status.CONFIRMED,
        score=3.25,
        reasons=[{"code": "language", "text": "Talar båda arabiska", "points": 3.25}],
        confirmed_at=timezone.now(),
        participant_answer=Pair.Answer.ACCEPTED,
        friend_answer=Pair.Answer.ACCEPTED,
    )
    FollowUpFactory.create(
        pair=pair,
        answered_at=timezone.now(),
        sent_at=timezone.now(),
        meetings="weekly",
        going="good",
        wants_to_continue="yes",
    )
    url = f"{base(partnership)}pairs/{pair.pk}/"

    text = text_of(client.get(url))

    assert "Bekräftat" in text
    assert "3,25" in text and "Talar båda arabiska" in text
    assert "Varje vecka; Bra; vill fortsätta: Ja" in text
    assert "De har träffats" in text and "Pausa" in text and "Återuppta" not in text
    assert "Hitta en ny språkvän åt deltagaren" in text

    response = client.post(f"{url}activate/", follow=True)
    assert Pair.objects.get(pk=pair.pk).status == Pair.Status.ACTIVE
    assert flashes(response) == ["Paret är aktivt: de har träffats."]
    response = client.post(f"{url}pause/", follow=True)
    assert Pair.objects.get(pk=pair.pk).status == Pair.Status.PAUSED
    assert "Återuppta" in text_of(response)
    client.post(f"{url}resume/", follow=True)
    assert Pair.objects.get(pk=pair.pk).status == Pair.Status.ACTIVE
    response = client.post(f"{url}resume/", follow=True)
    assert flashes(response) == ["Det går inte medan paret är aktivt."]


def test_ending_a_pair_with_a_rematch_puts_the_participant_back(partnership, client):
    participant = waiting_participant(partnership)
    pair = PairFactory.create(participant=participant, status=Pair.Status.ACTIVE)

    response = client.post(
        f"{base(partnership)}pairs/{pair.pk}/end/",
        {"reason": "completed", "note": "Klart", "rematch": "on"},
        follow=True,
    )

    pair.refresh_from_db()
    assert (pair.status, pair.end_reason, pair.end_note) == (
        Pair.Status.ENDED,
        "completed",
        "Klart",
    )
    assert Participant.objects.get(person=participant).wants_language_friend is True
    assert flashes(response) == ["Paret är avslutat."]
    assert "Klart: de behöver inte programmet längre: Klart" in text_of(response)


def test_a_returned_proposal_is_withdrawn_from_its_page(partnership, client):
    pair = PairFactory.create(participant__partnership=partnership, returned_at=timezone.now())
    url = f"{base(partnership)}pairs/{pair.pk}/"

    text = text_of(client.get(url))
    response = client.post(f"{url}end/", {"reason": "withdrawn"}, follow=True)

    assert "Ingen svarade på förslaget, inte ens efter påminnelsen" in text
    assert "Dra tillbaka förslaget" in text
    assert Pair.objects.get(pk=pair.pk).end_reason == Pair.EndReason.WITHDRAWN
    assert flashes(response) == ["Förslaget är tillbakadraget."]


def test_the_answers_given_on_the_phone_are_recorded(partnership, client):
    pair = PairFactory.create(
        participant__partnership=partnership,
        status=Pair.Status.CONFIRMED,
        confirmed_at=timezone.now() - timedelta(days=50),
    )
    followup = FollowUpFactory.create(pair=pair, sent_at=timezone.now() - timedelta(days=20))
    url = f"{base(partnership)}pairs/{pair.pk}/"
    assert "Ring dem" in text_of(client.get(url))
    prefix = f"followup-{followup.pk}"

    response = client.post(
        f"{base(partnership)}followups/{followup.pk}/phone/",
        {
            f"{prefix}-meetings": "monthly",
            f"{prefix}-going": "okay",
            f"{prefix}-wants_to_continue": "yes",
        },
        follow=True,
    )

    followup = FollowUp.objects.get(pk=followup.pk)
    assert (followup.answered_by_phone, followup.meetings) == (True, "monthly")
    assert Pair.objects.get(pk=pair.pk).status == Pair.Status.ACTIVE
    assert flashes(response) == ["Svaren från telefonsamtalet är sparade."]
    assert "Ring dem" not in text_of(response)


# Panels ---------------------------------------------------------------------------------------


def test_the_start_page_panel_tells_what_waits(partnership, client):
    pool(partnership, 1)
    pair = PairFactory.create(
        participant__partnership=partnership,
        participant__first_name="Tillbaka",
        returned_at=timezone.now(),
    )
    PairFactory.create(participant__partnership=partnership)
    confirmed = PairFactory.create(
        participant__partnership=partnership, status=Pair.Status.CONFIRMED
    )
    FollowUpFactory.create(pair=confirmed, due_on=timezone.localdate() + timedelta(days=3))

    response = client.get(f"/p/{partnership.slug}/")
    text = text_of(response)
    html = response.content.decode()

    assert "1 deltagare väntar på en språkvän." in text
    assert "1 språkvän har plats; lediga platser: 1." in text
    assert "1 förslag väntar på svar." in text
    assert f"{base(partnership)}pairs/{pair.pk}/" in html
    assert "Uppföljningar den här veckan" in text
    assert f'href="{base(partnership)}"' in html


def test_a_pair_where_it_is_not_going_well_is_shown_to_the_coordinator(partnership, client):
    """services/followups.py: a pair whose latest answer is "not so good" is listed for the
    coordinator, on the language-friend overview and on the start page."""
    hard = PairFactory.create(
        participant__partnership=partnership,
        participant__first_name="Svår",
        status=Pair.Status.ACTIVE,
    )
    FollowUpFactory.create(pair=hard, month=1, going="hard", answered_at=timezone.now())
    fine = PairFactory.create(
        participant__partnership=partnership,
        participant__first_name="Bra",
        status=Pair.Status.ACTIVE,
    )
    FollowUpFactory.create(pair=fine, month=1, going="good", answered_at=timezone.now())
    link = f'href="{base(partnership)}pairs/{hard.pk}/"'

    overview = client.get(base(partnership))
    start = client.get(f"/p/{partnership.slug}/")

    for response in (overview, start):
        assert response.status_code == 200
        html = response.content.decode()
        section = html[html.index("Par där det inte går så bra") :]
        section = section[: section.index("</ul>")]
        assert link in section
        assert "Svår" in section
        assert f'href="{base(partnership)}pairs/{fine.pk}/"' not in section


def test_the_person_page_shows_their_pairs_and_limits(partnership, client):
    pair = PairFactory.create(participant__partnership=partnership, status=Pair.Status.CONFIRMED)
    FollowUpFactory.create(pair=pair, month=3, due_on=timezone.localdate() + timedelta(days=60))

    response = client.get(f"/p/{partnership.slug}/people/{pair.participant_id}/")
    text = text_of(response)
    html = response.content.decode()

    assert "Språkvänspar" in text
    assert f"{pair.friend} (språkvän)" in text
    assert f"{base(partnership)}pairs/{pair.pk}/" in html
    assert "Nästa uppföljning: månad 3" in text
    assert f"{base(partnership)}people/{pair.participant_id}/limits/" in html


# Query counts ---------------------------------------------------------------------------------


def queries_of(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def grow(partnership: Partnership, number: int) -> None:
    for _ in range(number):
        pair = PairFactory.create(participant__partnership=partnership, returned_at=timezone.now())
        confirmed = PairFactory.create(
            participant__partnership=partnership, status=Pair.Status.CONFIRMED
        )
        FollowUpFactory.create(pair=confirmed, sent_at=timezone.now() - timedelta(days=20))
        FollowUpFactory.create(pair=pair, due_on=timezone.localdate())


@pytest.mark.parametrize("page", ["", "pairs/", "run"])
def test_queries_do_not_grow_with_the_data(partnership, client, page):
    client.get(base(partnership))  # the session's first request: not what we measure
    pool(partnership, 2)
    grow(partnership, 2)
    run = run_create(partnership=partnership, actor="system:test")
    url = base(partnership) + (f"runs/{run.pk}/" if page == "run" else page)
    few = queries_of(client, url)

    pool(partnership, 6)
    grow(partnership, 6)
    run = run_create(partnership=partnership, actor="system:test")
    url = base(partnership) + (f"runs/{run.pk}/" if page == "run" else page)
    many = queries_of(client, url)

    assert run.proposals.count() == 8
    assert many == few
