"""`GET /api/v1/stats?year=YYYY` and `vises token create USERNAME` (issue 12, point 8; DESIGN
§9): a staff token reads a year's statistics of its partnership, suppressed as for the
municipal role, with no identifier in the answer."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vises.api.models import ApiToken
from vises.cafes.models import Cafe, Registration
from vises.cafes.tests.factories import CafeFactory, RegistrationFactory
from vises.companies.tests.factories import CompanyFactory
from vises.partnerships.access import Role
from vises.partnerships.models import Membership
from vises.partnerships.tests.factories import MembershipFactory, PartnershipFactory
from vises.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats"


def token_for(membership: Membership) -> str:
    out = StringIO()
    call_command("token", "create", membership.user.username, stdout=out)
    return out.getvalue().strip()


def get(token: str | None, **params: Any) -> tuple[int, dict]:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    response = Client().get(URL, params, headers=headers)
    return response.status_code, json.loads(response.content)


def held_cafe(partnership, year: int = 2025) -> Cafe:
    company = CompanyFactory.create(partnership=partnership)
    return CafeFactory.create(
        company=company,
        partnership=partnership,
        starts_at=timezone.make_aware(datetime(year, 5, 12, 10)),
        status=Cafe.Status.HELD,
    )


def attend(cafe: Cafe, count: int, **person: object) -> list:
    people = PersonFactory.create_batch(count, partnership=cafe.partnership, **person)
    for someone in people:
        RegistrationFactory.create(
            cafe=cafe, person=someone, attendance=Registration.Attendance.ATTENDED
        )
    return people


def rows(answer: dict, table: str) -> dict[str, dict]:
    return {row["gender"]: row for row in answer["tables"][table]["rows"]}


# The token ----------------------------------------------------------------------------------


def test_a_token_is_printed_once_and_only_its_digest_is_stored(partnership):
    municipal = MembershipFactory.create(partnership=partnership, role=Role.MUNICIPAL)

    token = token_for(municipal)

    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
    stored = ApiToken.objects.get(user=municipal.user)
    assert stored.digest == hashlib.sha256(token.encode()).hexdigest()
    assert stored.prefix == token[:8]
    assert token not in json.dumps(list(ApiToken.objects.values()), default=str)


def test_only_an_active_staff_user_gets_a_token(partnership):
    volunteer = MembershipFactory.create(partnership=partnership, role=Role.VOLUNTEER)

    with pytest.raises(CommandError, match="har ingen personalroll; bara personal får API-token"):
        call_command("token", "create", volunteer.user.username)
    with pytest.raises(CommandError, match="Ingen aktiv användare heter nobody"):
        call_command("token", "create", "nobody")
    assert ApiToken.objects.count() == 0


def test_a_revoked_token_opens_nothing(partnership):
    municipal = MembershipFactory.create(partnership=partnership, role=Role.MUNICIPAL)
    token = token_for(municipal)
    assert get(token, year=2025)[0] == 200

    out = StringIO()
    call_command("token", "revoke", token[:8], stdout=out)

    assert out.getvalue().strip() == "Återkallad."
    assert get(token, year=2025) == (
        401,
        {"error": {"code": "unauthenticated", "message": "En giltig Bearer-token krävs."}},
    )


@pytest.mark.parametrize(
    "header",
    ["", "Bearer ", "Bearer wrong", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 500, "Bearer a\x00b"],
)
def test_without_a_valid_token_the_answer_is_401(partnership, header):
    response = Client().get(URL, {"year": 2025}, HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert json.loads(response.content)["error"]["code"] == "unauthenticated"


def test_a_deactivated_user_s_token_opens_nothing(partnership):
    municipal = MembershipFactory.create(partnership=partnership, role=Role.MUNICIPAL)
    token = token_for(municipal)
    municipal.user.is_active = False
    municipal.user.save()

    assert get(token, year=2025)[0] == 401


def test_a_token_whose_user_lost_the_staff_role_is_refused(partnership):
    municipal = MembershipFactory.create(partnership=partnership, role=Role.MUNICIPAL)
    token = token_for(municipal)
    Membership.objects.filter(pk=municipal.pk).update(role=Role.VOLUNTEER)

    status, body = get(token, year=2025)

    assert status == 403
    assert body["error"]["code"] == "forbidden"


# The answer ---------------------------------------------------------------------------------


def test_a_municipal_token_gets_the_suppressed_tables(partnership):
    cafe = held_cafe(partnership)
    attend(cafe, 7, gender="woman")
    attend(cafe, 3, gender="man")
    attend(cafe, 6, gender="undisclosed")
    token = token_for(MembershipFactory.create(partnership=partnership, role=Role.MUNICIPAL))

    status, answer = get(token, year=2025)

    assert status == 200
    assert answer["year"] == 2025
    assert answer["partnership"] == partnership.slug
    assert (answer["start"], answer["end"]) == ("2025-01-01", "2025-12-31")
    attendances = rows(answer, "attendances")
    assert attendances["man"] == {"gender": "man", "count": None, "suppressed": True}
    assert attendances["unknown"]["gender"] == "unknown"  # uppgift saknas is kept
    persons = {name for name in answer["tables"] if name not in ("cafes_held", "companies_by_sni")}
    for name in persons:
        for row in answer["tables"][name]["rows"]:
            assert row["count"] is None or row["count"] == 0 or row["count"] >= 5, row
            assert (row["count"] is None) == row["suppressed"]
    assert answer["tables"]["cafes_held"]["rows"] == [
        {"district": "unknown", "count_of": "cafes", "count": 1, "suppressed": False}
    ]


def test_a_coordinator_token_gets_the_same_suppressed_answer(partnership):
    cafe = held_cafe(partnership)
    attend(cafe, 3, gender="man")
    coordinator = token_for(
        MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR)
    )
    municipal = token_for(MembershipFactory.create(partnership=partnership, role=Role.MUNICIPAL))

    assert get(coordinator, year=2025) == get(municipal, year=2025)
    assert rows(get(coordinator, year=2025)[1], "attendances")["man"]["count"] is None


def test_the_answer_holds_no_identifier(partnership):
    cafe = held_cafe(partnership)
    people = attend(cafe, 6, gender="woman")
    token = token_for(MembershipFactory.create(partnership=partnership, role=Role.MUNICIPAL))

    status, answer = get(token, year=2025)

    assert status == 200
    keys: set[str] = set()
    for table in answer["tables"].values():
        for row in table["rows"]:
            keys.update(row)
    assert not {key for key in keys if key == "id" or key.endswith("_id")}
    text = json.dumps(answer, ensure_ascii=False)
    for person in people:
        for value in (person.first_name, person.last_name, person.phone, person.email):
            assert not value or value not in text


def test_a_year_with_no_data_gives_empty_tables(partnership):
    token = token_for(MembershipFactory.create(partnership=partnership, role=Role.MUNICIPAL))

    status, answer = get(token, year=2031)

    assert status == 200
    assert rows(answer, "attendances")["woman"] == {
        "gender": "woman",
        "count": 0,
        "suppressed": False,
    }


@pytest.mark.parametrize("year", ["1999", "2101", "soon", ""])
def test_a_year_outside_the_range_is_refused_with_the_field_named(partnership, year):
    token = token_for(MembershipFactory.create(partnership=partnership, role=Role.MUNICIPAL))

    status, body = get(token, year=year)

    assert status == 400
    assert body["error"]["code"] == "invalid"
    assert list(body["error"]["fields"]) == ["year"]


def test_staff_of_two_partnerships_name_one(partnership):
    other = PartnershipFactory.create()
    municipal = MembershipFactory.create(partnership=partnership, role=Role.MUNICIPAL)
    MembershipFactory.create(partnership=other, role=Role.MUNICIPAL, user=municipal.user)
    token = token_for(municipal)
    stranger = PartnershipFactory.create()

    status, body = get(token, year=2025)
    assert status == 400
    slugs = ", ".join(sorted([partnership.slug, other.slug]))
    assert body["error"]["fields"] == {"partnership": f"Ange partnerskapet: ett av {slugs}."}
    assert get(token, year=2025, partnership=other.slug)[1]["partnership"] == other.slug
    assert get(token, year=2025, partnership=stranger.slug)[0] == 404
    assert get(token, year=2025, partnership="no-such")[0] == 404
    status, body = get(token, year=2025, partnership="")
    assert (status, list(body["error"]["fields"])) == (400, ["partnership"])


@pytest.mark.parametrize("people", [2, 30])
def test_queries_do_not_grow_with_the_data(partnership, people, django_assert_max_num_queries):
    cafe = held_cafe(partnership)
    attend(cafe, people, gender="woman")
    token = token_for(MembershipFactory.create(partnership=partnership, role=Role.MUNICIPAL))

    with CaptureQueriesContext(connection) as queries:
        status, _answer = get(token, year=2025)

    assert status == 200
    assert len(queries) == QUERIES


# the token with its user, its last use, the memberships and the statistics service's own:
# the same for 2 and 30 people (the service reads the year's recruitment targets too)
QUERIES = 10


def test_the_openapi_document_holds_the_endpoint_with_its_bearer_security():
    document = json.loads(Client().get("/api/v1/openapi.json").content)

    operation = document["paths"]["/api/v1/stats"]["get"]
    assert sorted(operation["responses"]) == ["200", "400", "401", "403", "404"]
    (scheme,) = operation["security"][0]
    assert document["components"]["securitySchemes"][scheme] == {
        "type": "http",
        "scheme": "bearer",
    }
