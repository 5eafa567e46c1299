"""`vises report --year YYYY --format docx|pdf|xlsx -o PATH [--partnership SLUG]` (issue 12,
point 5) with DESIGN §9's exit codes: 0 written, 1 refused (one line on stderr), 2 wrong usage."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vises.partnerships.tests.factories import PartnershipFactory
from vises.people.tests.test_privacy_commands import run_vises, vises_env
from vises.reporting.tests.annual_world import build
from vises.reporting.tests.files import docx_text, pdf_text, xlsx_sheets


def report(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_the_command_writes_the_file_with_the_numbers(partnership, tmp_path, fmt):
    build(partnership)
    target = tmp_path / f"rapport.{fmt}"

    printed = report("--year", "2025", "--format", fmt, "-o", str(target))

    assert printed.strip() == str(target)
    data = target.read_bytes()
    if fmt == "pdf":
        assert "35–44 <5 .. 0 0 9" in pdf_text(data, tmp_path)
    elif fmt == "docx":
        assert "35–44 <5 .. 0 0 9" in docx_text(data)
    else:
        assert ["35–44", "<5", "..", 0, 0, 9] in xlsx_sheets(data)["Deltagare, efter ålder"]


@pytest.mark.django_db
def test_several_partnerships_need_a_slug(partnership, tmp_path):
    PartnershipFactory.create(slug="a-other")
    target = tmp_path / "r.xlsx"

    with pytest.raises(CommandError) as refused:
        report("--year", "2025", "--format", "xlsx", "-o", str(target))
    report("--year", "2025", "--format", "xlsx", "-o", str(target), "--partnership", "a-other")

    assert str(refused.value) == (
        f"Det finns flera partnerskap (a-other, {partnership.slug}); ange ett med --partnership."
    )
    assert xlsx_sheets(target.read_bytes())["Sammanfattning"][0][0] == "Årsrapport 2025"


@pytest.mark.django_db
def test_a_folder_that_does_not_exist_is_refused(partnership, tmp_path):
    with pytest.raises(CommandError) as refused:
        report("--year", "2025", "--format", "pdf", "-o", str(tmp_path / "nowhere" / "r.pdf"))

    assert str(refused.value) == f"Mappen {tmp_path / 'nowhere'} finns inte."


# In a subprocess: the real console script and its exit codes.

CREATE = """
from vises.partnerships.tests.factories import PartnershipFactory
from vises.reporting.tests.annual_world import build
build(PartnershipFactory.create(slug="vi-ses"))
"""


@pytest.fixture(scope="module")
def cli(tmp_path_factory) -> dict[str, str]:
    env = vises_env(tmp_path_factory.mktemp("vises-report"))
    migrated = run_vises(env, "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    created = run_vises(env, "shell", "-c", CREATE)
    assert created.returncode == 0, created.stderr
    return env


def test_cli_writes_the_report_and_exits_0(cli, tmp_path):
    target = tmp_path / "rapport.docx"

    result = run_vises(cli, "report", "--year", "2025", "--format", "docx", "-o", str(target))

    assert result.returncode == 0, result.stderr
    assert "Deltagare, efter ålder" in docx_text(target.read_bytes())


def test_cli_an_unknown_partnership_exits_1_with_one_line(cli, tmp_path):
    result = run_vises(
        cli,
        "report",
        "--year",
        "2025",
        "--format",
        "pdf",
        "-o",
        str(tmp_path / "r.pdf"),
        "--partnership",
        "nobody",
    )

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["CommandError: Inget partnerskap heter nobody."]
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "pdf", "-o", "r.pdf"],
        ["--year", "2025", "--format", "odt", "-o", "r.odt"],
        ["--year", "2025", "--format", "pdf"],
    ],
)
def test_cli_wrong_usage_exits_2(cli, args):
    result = run_vises(cli, "report", *args)

    assert result.returncode == 2


@pytest.mark.django_db
def test_a_year_out_of_range_is_refused(partnership, tmp_path):
    with pytest.raises(CommandError) as refused:
        report("--year", "1999", "--format", "pdf", "-o", str(tmp_path / "r.pdf"))

    assert str(refused.value) == "Året måste vara mellan 2000 och 2100."
