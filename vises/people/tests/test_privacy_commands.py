"""`vises export-person`, `vises erase-person` and `vises retention` as DESIGN §9 says:
exit 0 done, 1 refused or not found (one line on stderr), 2 wrong usage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from vises.common.models import AuditEvent
from vises.people.models import Person
from vises.people.tests.factories import PersonFactory

VISES = str(Path(sys.executable).with_name("vises"))


# In a subprocess: the real console script, its own data directory and SQLite database.


def vises_env(data_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VISES_", "DATABASE_URL", "DJANGO_", "EMAIL_"))
    }
    env.update({"VISES_DEV": "1", "VISES_DATA_DIR": str(data_dir)})
    return env


def run_vises(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own console script with fixed arguments
        [VISES, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


CREATE = """
from vises.partnerships.tests.factories import PartnershipFactory
from vises.people.tests.factories import PersonFactory
partnership = PartnershipFactory.create(slug="linkoping")
PersonFactory.create(partnership=partnership, first_name="Amina", last_name="Yusuf",
              phone="+46701234567", email="amina@example.org")
PersonFactory.create(partnership=partnership, first_name="Omar", phone="+46709999999",
              email="family@example.org")
PersonFactory.create(partnership=partnership, first_name="Sara", phone="+46708888888",
              email="family@example.org")
"""


@pytest.fixture(scope="module")
def cli(tmp_path_factory) -> dict[str, str]:
    data_dir = tmp_path_factory.mktemp("vises-cli")
    env = vises_env(data_dir)
    migrated = run_vises(env, "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    created = run_vises(env, "shell", "-c", CREATE)
    assert created.returncode == 0, created.stderr
    return env


def test_cli_export_prints_the_persons_json(cli):
    result = run_vises(cli, "export-person", "--phone", "+46701234567")

    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["first_name"], data["last_name"]) == ("Amina", "Yusuf")
    assert (data["phone"], data["email"]) == ("+46701234567", "amina@example.org")
    assert data["consents"] == []


def test_cli_refuses_an_address_shared_by_several_persons_and_lists_their_ids(cli):
    result = run_vises(cli, "export-person", "--email", "family@example.org")

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        # The command speaks the installation's language: Swedish by default.
        "CommandError: 2 personer har e-postadressen som du angav (id 2, 3); ange ett id i stället."
    ]


def test_cli_wrong_usage_exits_with_2(cli):
    both = run_vises(cli, "export-person", "1", "--phone", "+46701234567")
    none = run_vises(cli, "erase-person")

    assert (both.returncode, none.returncode) == (2, 2)
    assert "not allowed with argument" in both.stderr
    assert "one of the arguments ID --phone --email is required" in none.stderr


def test_cli_erase_then_the_person_is_not_found(cli):
    erased = run_vises(cli, "erase-person", "--email", "amina@example.org")
    again = run_vises(cli, "export-person", "--email", "amina@example.org")
    remainder = run_vises(cli, "export-person", "1")

    assert (erased.returncode, erased.stdout, erased.stderr) == (0, "Raderade person 1.\n", "")
    assert again.returncode == 1
    assert again.stderr.strip().splitlines() == [
        "CommandError: Ingen person har e-postadressen som du angav."
    ]
    data = json.loads(remainder.stdout)
    assert (data["first_name"], data["email"], data["phone"]) == ("", "", "")
    assert data["anonymised_at"] is not None
    journal = (Path(cli["VISES_DATA_DIR"]) / "erasures.jsonl").read_text()
    assert json.loads(journal)["person_id"] == 1


def test_cli_retention_lists_counts_per_partnership(cli):
    result = run_vises(cli, "retention")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "linkoping: 0 ska anonymiseras (ingen aktivitet på 24 månader)",
        "0 personer ska anonymiseras totalt; anonymisera dem med --apply.",
    ]


# In this process, through call_command (checked in English; the CLI above in Swedish).

pytestmark_db = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_for_call_command(request):
    if request.node.name.startswith("test_cli_"):
        yield
        return
    with translation.override("en"):
        yield


@pytest.mark.django_db
def test_export_by_id_and_by_phone_in_national_form(partnership):
    person = PersonFactory.create(partnership=partnership, phone="+46701234567")
    by_id, by_phone = StringIO(), StringIO()

    call_command("export-person", str(person.pk), stdout=by_id)
    call_command("export-person", "--phone", "070-123 45 67", stdout=by_phone)

    assert json.loads(by_id.getvalue())["id"] == person.pk
    assert json.loads(by_phone.getvalue())["id"] == person.pk
    assert list(
        AuditEvent.objects.filter(action="people.person.exported").values_list("actor", flat=True)
    ) == ["system:cli", "system:cli"]


@pytest.mark.django_db
def test_export_of_an_unknown_id_is_refused():
    with pytest.raises(CommandError, match=r"^No person has id 999\.$"):
        call_command("export-person", "999")


@pytest.mark.django_db
def test_a_phone_matching_several_persons_is_refused_with_their_ids(partnership):
    first = PersonFactory.create(
        partnership=partnership, phone="+46701234567", phone_is_shared=True
    )
    second = PersonFactory.create(
        partnership=partnership, phone="+46701234567", phone_is_shared=True
    )

    with pytest.raises(CommandError) as refused:
        call_command("erase-person", "--phone", "+46701234567")

    assert str(refused.value) == (
        f"2 persons have the phone number given (ids {first.pk}, {second.pk}); give one ID instead."
    )
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 0


@pytest.mark.django_db
def test_a_malformed_phone_is_wrong_usage():
    with pytest.raises(CommandError, match="is not a valid phone number"):
        call_command("export-person", "--phone", "12")


@pytest.mark.django_db
def test_erase_by_email_in_any_case(partnership, django_capture_on_commit_callbacks):
    person = PersonFactory.create(partnership=partnership, email="amina@example.org")
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase-person", "--email", "Amina@EXAMPLE.org", stdout=out)

    person.refresh_from_db()
    assert out.getvalue() == f"Erased person {person.pk}.\n"
    assert (person.email, person.anonymised_at is not None) == ("", True)
    assert AuditEvent.objects.filter(action="people.person.erased", actor="system:cli").count() == 1


@pytest.mark.django_db
def test_retention_lists_and_applies(partnership, django_capture_on_commit_callbacks):
    old = timezone.now() - timedelta(days=800)
    PersonFactory.create_batch(2, partnership=partnership, last_activity_at=old)
    PersonFactory.create(partnership=partnership)
    listed, applied = StringIO(), StringIO()

    call_command("retention", stdout=listed)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("retention", "--apply", stdout=applied)

    assert listed.getvalue().splitlines() == [
        f"{partnership.slug}: 2 due (no activity for 24 months)",
        "2 persons due in all; anonymise them with --apply.",
    ]
    assert applied.getvalue() == "Anonymised 2 persons.\n"
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 2
