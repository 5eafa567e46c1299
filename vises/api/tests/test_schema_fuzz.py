"""The API against its own OpenAPI document (issue 8): schemathesis generates requests from
`/api/v1/openapi.json`, valid and invalid, and every check it has must hold: no 5xx, every
answer in the documented shape and status, the documented headers and content types, invalid
data refused; the statistics endpoint is called with a municipal member's token.
One check is told one thing more: a request the schema allows may still be
refused with 400 `invalid` naming the field, because whether a phone number exists (the
schema gives its written form) and that one of phone or e-mail is there (the schema says so
with anyOf, which generators do not always keep) are rules of the service. The number of
examples comes from the hypothesis profile (vises/conftest.py): a few in `make test` on a
developer's machine, 1 000 in CI, 10 000 in `make fuzz`."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import settings as hypothesis_settings
from schemathesis.config import SchemathesisConfig

from vises.api.tokens import token_create
from vises.cafes.models import Cafe
from vises.cafes.tests.factories import CafeFactory
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory
from vises.people.models import ConsentPurpose
from vises.people.tests.factories import ConsentTextFactory


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's test client keeps the test's database connection open across requests; the
    WSGI handler schemathesis calls would close it after each, so do what the client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def stats_token(open_cafe) -> str:
    """A municipal member's token for the statistics endpoint (its security is Bearer)."""
    member = MembershipFactory.create(partnership=open_cafe.partnership, role=Role.MUNICIPAL)
    return token_create(user=member.user, name="fuzz", actor="system:test")[1]


@pytest.fixture
def open_cafe(db) -> Cafe:
    cafe = CafeFactory.create(capacity=3)
    ConsentTextFactory.create(partnership=cafe.partnership, purpose=ConsentPurpose.REGISTER)
    return cafe


CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"max-examples": hypothesis_settings().max_examples},
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404", "409", "429"]}
        },
    }
)
# Loaded from the app itself (a GET that touches no database), in-process through WSGI.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)


@pytest.mark.django_db
@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck), deadline=None)
def test_every_answer_matches_the_documented_shape(case, open_cafe, stats_token, settings):
    settings.VISES_RATE_LIMITS = False
    headers = case.headers or {}
    if case.operation.path.endswith("/stats") and "Authorization" in headers:
        # A real token where schemathesis made one up; a case it generated without the header
        # (a negative one: expected 401) is left without.
        headers["Authorization"] = f"Bearer {stats_token}"
    cafe_id = (case.path_parameters or {}).get("cafe_id")
    if isinstance(cafe_id, int) and cafe_id % 2 == 0:
        case.path_parameters["cafe_id"] = open_cafe.pk  # half the sign-ups reach a real café
    case.call_and_validate()
