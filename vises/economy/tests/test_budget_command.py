"""`vises budget --year YYYY [--partnership SLUG] --json` as DESIGN §9 says: exit 0 done, 1
refused (one line on stderr), 2 wrong usage."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vises.partnerships.tests.factories import PartnershipFactory, agreement_for
from vises.people.tests.test_privacy_commands import run_vises, vises_env

EXPECTED_2024 = {
    "year": 2024,
    "total": "1202702.40",
    "municipality": "624240.00",
    "organisation": "578462.40",
    "lines": [
        {"category": "projektledare", "payer": "municipality", "amount": "624240.00"},
        {"category": "volontärer", "payer": "organisation", "amount": "318362.40"},
        {"category": "lokaler", "payer": "organisation", "amount": "173746.80"},
        {"category": "oh-kostnader", "payer": "organisation", "amount": "38494.80"},
        {
            "category": "marknadsföring och aktiviteter",
            "payer": "organisation",
            "amount": "47858.40",
        },
    ],
}


def contract_keys(document: dict) -> dict:
    """The document without the additive `kind` of each line."""
    return {
        **document,
        "lines": [{k: v for k, v in line.items() if k != "kind"} for line in document["lines"]],
    }


def budget(*args: str) -> str:
    out = StringIO()
    call_command("budget", *args, stdout=out)
    return out.getvalue()


def test_the_json_of_2024_is_the_contracts(partnership):
    agreement_for(partnership, extensions=2)

    document = json.loads(budget("--year", "2024", "--json"))

    assert contract_keys(document) == EXPECTED_2024
    assert [line["kind"] for line in document["lines"]] == ["cash"] + ["in_kind"] * 4


def test_a_year_outside_the_periods_is_refused_naming_the_covered_years(partnership):
    agreement_for(partnership, extensions=1)

    with pytest.raises(CommandError) as refused:
        budget("--year", "2026", "--json")

    assert str(refused.value) == "Överenskommelsen gäller inte 2026; den gäller 2022–2025."


def test_several_partnerships_need_a_slug(partnership):
    agreement_for(partnership, extensions=2)
    other = PartnershipFactory.create(slug="a-other")

    with pytest.raises(CommandError) as refused:
        budget("--year", "2024", "--json")
    named = json.loads(budget("--year", "2024", "--partnership", partnership.slug, "--json"))

    assert str(refused.value) == (
        f"Det finns flera partnerskap (a-other, {partnership.slug}); ange ett med --partnership."
    )
    assert other.slug in str(refused.value)
    assert named["total"] == "1202702.40"


def test_no_agreement_is_refused(partnership):
    with pytest.raises(CommandError) as refused:
        budget("--year", "2024")

    assert str(refused.value) == (
        f"Partnerskapet {partnership.slug} har ingen registrerad överenskommelse."
    )


def test_without_json_a_table(partnership):
    agreement_for(partnership, extensions=2)

    table = budget("--year", "2024")

    assert "Budget 2024" in table
    assert "624,240.00" in table
    assert "1,202,702.40" in table


# In a subprocess: the real console script and its exit codes.

CREATE = """
from vises.partnerships.tests.factories import PartnershipFactory, agreement_for
agreement_for(PartnershipFactory.create(slug="vi-ses"), extensions=2)
"""


@pytest.fixture(scope="module")
def cli(tmp_path_factory) -> dict[str, str]:
    env = vises_env(tmp_path_factory.mktemp("vises-budget"))
    migrated = run_vises(env, "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    created = run_vises(env, "shell", "-c", CREATE)
    assert created.returncode == 0, created.stderr
    return env


def test_cli_prints_the_contracts_json(cli):
    result = run_vises(cli, "budget", "--year", "2024", "--json")

    assert result.returncode == 0, result.stderr
    assert contract_keys(json.loads(result.stdout)) == EXPECTED_2024


def test_cli_a_year_outside_exits_1_with_one_line(cli):
    result = run_vises(cli, "budget", "--year", "2028", "--json")

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "CommandError: Överenskommelsen gäller inte 2028; den gäller 2022–2027."
    ]


@pytest.mark.parametrize("args", [[], ["--year", "twenty"], ["--year", "2024", "--bogus"]])
def test_cli_wrong_usage_exits_2(cli, args):
    result = run_vises(cli, "budget", *args)

    assert result.returncode == 2
