"""`GET /api/v1/stats?year=YYYY` (Bearer token, staff): a calendar year's statistics of one
partnership (issue 12, point 8; DESIGN §9), from the one statistics service
(vises.reporting.statistics), always suppressed as for the municipal role: a count of 1–4
persons, and any count that would reveal one from the totals, is `null` with
`"suppressed": true`. The answer holds no identifier of a person, company or café."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.security import HttpBearer

from vises.api.cafes import ErrorOut
from vises.api.errors import error_response
from vises.api.tokens import token_user
from vises.partnerships.access import Perm
from vises.partnerships.models import Membership
from vises.reporting.statistics import published, statistics

router = Router(tags=["statistics"])

FIRST_YEAR, LAST_YEAR = 2000, 2100


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` made by `vises token create USERNAME`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return token_user(token)


class StatsQuery(Schema):
    year: int = Field(description="The calendar year.", ge=FIRST_YEAR, le=LAST_YEAR)
    partnership: str | None = Field(
        None,
        description="The partnership's slug; needed only when the token's user is staff of "
        "several.",
        pattern=r"^[-a-zA-Z0-9_]+$",
        max_length=50,
    )


class StatsTable(Schema):
    rows: list[dict[str, str | int | bool | None]] = Field(
        description="One row per cell: the table's dimensions by name (`unknown`: uppgift "
        "saknas), `count` (null when suppressed) and `suppressed`."
    )


class StatsOut(Schema):
    year: int
    partnership: str
    start: date
    end: date
    tables: dict[str, StatsTable]
    sums: dict[str, str] = Field(description="Sums that are not counts of persons (hours).")


def _memberships(user: Any) -> list[Membership]:
    """The user's active memberships whose role may read statistics."""
    return [
        membership
        for membership in Membership.objects.filter(user=user, is_active=True)
        .select_related("partnership")
        .order_by("partnership__slug")
        if membership.allows(Perm.VIEW_STATISTICS)
    ]


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


@router.get(
    "/stats",
    response={200: StatsOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=TokenAuth(),
    summary="A year's statistics, suppressed",
    description=__doc__,
)
def year_statistics(request: HttpRequest, query: Query[StatsQuery]) -> Any:
    memberships = _memberships(getattr(request, "auth", None))  # set by TokenAuth
    if not memberships:
        return error_response(
            403, "forbidden", _("This token's user may not read statistics of any partnership.")
        )
    if query.partnership:
        chosen = [m for m in memberships if m.partnership.slug == query.partnership]
        if not chosen:
            # Another partnership, or none of that name: the same answer (DESIGN §9).
            return error_response(404, "not_found", _("Not found."))
        membership = chosen[0]
    elif len(memberships) == 1:
        membership = memberships[0]
    else:
        slugs = ", ".join(m.partnership.slug for m in memberships)
        return error_response(
            400,
            "invalid",
            _("Check the fields."),
            {"partnership": _("Name the partnership: one of %(slugs)s.") % {"slugs": slugs}},
        )
    partnership = membership.partnership
    start, end = date(query.year, 1, 1), date(query.year, 12, 31)
    shown = published(statistics(partnership=partnership, start=start, end=end), suppressed=True)
    return _answer(query.year, partnership.slug, shown)


def _answer(year: int, slug: str, shown: Any) -> dict[str, Any]:
    return {
        "year": year,
        "partnership": slug,
        "start": shown.start,
        "end": shown.end,
        "tables": {name: {"rows": stat.records()} for name, stat in shown.stats.items()},
        "sums": {name: _amount(value) for name, value in shown.sums.items()},
    }
