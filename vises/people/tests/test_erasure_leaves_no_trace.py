"""Point 7 of issue 3: after a person has been through every flow that exists, erasure leaves
no trace of their name, phone or e-mail anywhere the system keeps things, while the
aggregate statistics stay exactly the same.

Searched: a full database dump, every file under the data directory (mail and SMS outboxes,
waiting import files, the erasure journal, the audit heads), queued task payloads, sessions,
captured logs, and on SQLite the database file itself after the checkpoint.
"""

from __future__ import annotations

import json
import logging
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django_tasks_db.models import DBTaskResult

from vises.cafes.models import Registration
from vises.cafes.services.signup import public_signup
from vises.cafes.tests.factories import CafeFactory
from vises.common import audit
from vises.partnerships.access import Role
from vises.partnerships.tests.factories import MembershipFactory
from vises.people.models import ConsentPurpose, Participant, Person
from vises.people.outbox.catalogue import person_link_send
from vises.people.outbox.service import Basis, Message, message_send
from vises.people.services.import_files import import_file_store
from vises.people.services.imports import import_confirm, import_preview
from vises.people.services.links import person_link
from vises.people.services.persons import person_update
from vises.people.services.privacy import checkpoint_database, person_erase, person_export
from vises.people.tests.factories import ConsentTextFactory, DistrictFactory, PersonFactory

FIRST, LAST = "Zaynabeth", "Qorvashi"
PHONE, EMAIL = "+46735551234", "zaynabeth.q@example.org"
# Every way the system writes them: E.164, national digits and display, and the e-mail.
NEEDLES = [FIRST, LAST, PHONE, "735551234", "073-555 12 34", EMAIL]
NEWS = Message("person_link", "Your link to Vi Ses!", Basis.CONSENT, "people.person.message_sent")


def database_dump() -> str:
    """Every row of every table as text: SQLite's own dump, or SELECT * on any other database."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return "\n".join(connection.connection.iterdump())
    lines: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            lines.extend(f"{table}: {row!r}" for row in cursor.fetchall())
    return "\n".join(lines)


def file_texts(root: Path) -> dict[str, str]:
    """Every file under root as text; zipped files (xlsx) by their parts."""
    texts = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                raw = b"\n".join(archive.read(name) for name in archive.namelist())
        texts[str(path.relative_to(root))] = raw.decode("utf-8", errors="replace")
    return texts


def traces(places: dict[str, str]) -> list[str]:
    return sorted(
        f"{place}: {needle}"
        for place, text in places.items()
        for needle in NEEDLES
        if needle.lower() in text.lower()
    )


def statistics() -> dict[str, Any]:
    def counts(queryset: Any, *fields: str) -> dict[str, int]:
        return {
            "/".join(str(row[field]) for field in fields): row["n"]
            for row in queryset.values(*fields).annotate(n=Count("pk")).order_by(*fields)
        }

    return {
        "persons": Person.objects.count(),
        "by_gender": counts(Person.objects, "gender"),
        "by_district": counts(Person.objects, "district__name"),
        "by_birth_year": counts(Person.objects, "birth_year"),
        "by_years_in_sweden": counts(Person.objects, "years_in_sweden"),
        "by_education": counts(Person.objects, "education_level"),
        "by_referral": counts(Person.objects, "referral_source"),
        "by_language": dict(
            Counter(Person.languages.through.objects.values_list("language_id", flat=True))
        ),
        "participants": Participant.objects.count(),
        "registrations": counts(Registration.objects, "status", "attendance", "person__gender"),
    }


def run_queued_tasks() -> None:
    """Run what is queued, as the worker would; the stored payloads stay for the search."""
    from django.utils.module_loading import import_string

    for result in DBTaskResult.objects.filter(status="READY").order_by("enqueued_at"):
        task = import_string(result.task_path)
        task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])


CSV = (
    "roll;förnamn;efternamn;telefon;e-post;språk;kön;födelseår;stadsdel;talade språk;"
    "år i sverige;sysselsättning;intressen;samtycke;samtycke utskick\n"
    f"deltagare;{FIRST};{LAST};073-555 12 34;{EMAIL};en;kvinna;1991;Skäggetorp;arabiska, somaliska;"
    f"1–2 år;Barnskötare hos {FIRST};Matlagning;ja;ja\n"
    "deltagare;Omar;Ali;070-111 22 33;omar@example.org;sv;man;1985;Berga;arabiska;3–5 år;;;ja;ja\n"
)


@pytest.fixture
def world(partnership, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.VISES_SMS_BACKEND = "vises.common.sms.FileBackend"
    settings.VISES_SMS_FILE_PATH = tmp_path / "sms"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    for purpose in (ConsentPurpose.REGISTER, ConsentPurpose.MESSAGES):
        ConsentTextFactory.create(partnership=partnership, purpose=purpose, language="sv")
    for name in ("Skäggetorp", "Berga"):
        DistrictFactory.create(partnership=partnership, name=name)
    coordinator = MembershipFactory.create(partnership=partnership, role=Role.COORDINATOR).user
    others = PersonFactory.create_batch(3, partnership=partnership, gender=Person.Gender.MAN)
    return coordinator, others


@pytest.mark.django_db
def test_erasure_leaves_no_trace_and_the_statistics_unchanged(
    world, partnership, tmp_path, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    coordinator, _others = world

    # Import from a spreadsheet; the uploaded file is left waiting, as after a preview.
    with django_capture_on_commit_callbacks(execute=True):
        source = import_file_store(
            uploaded=SimpleUploadedFile("deltagare.csv", CSV.encode("utf-8"))
        )
        preview = import_preview(partnership=partnership, source=source, actor=coordinator)
        assert (preview.new_count, preview.error_count) == (2, 0), preview.problems
        import_confirm(partnership=partnership, source=source, actor=coordinator)
    person = Person.objects.get(first_name=FIRST)
    assert (person.phone, person.email) == (PHONE, EMAIL)

    with django_capture_on_commit_callbacks(execute=True):
        # Sign-up for a café with the same phone: the register knows them already.
        cafe = CafeFactory.create(partnership=partnership, company__partnership=partnership)
        public_signup(cafe_id=cafe.pk, first_name=FIRST, phone="0735551234", consent=True)
        # The coordinator edits and reads the person page (audited).
        person_update(person=person, actor=coordinator, last_name=LAST, interests="Fika")
        coordinator_client = Client()
        coordinator_client.force_login(coordinator)
        page = coordinator_client.get(f"/p/{partnership.slug}/people/{person.pk}/")
        assert page.status_code == 200
        assert FIRST in page.content.decode()
        # Messages by e-mail and SMS, through the tasks.
        person_link_send(person=person, channel="email")
        person_link_send(person=person, channel="phone")
        message_send(person=person, message=NEWS, context={"days": 30})
    run_queued_tasks()

    # The person's own pages: see, download, report a concern.
    link = person_link(person=person)
    own = Client()
    assert own.get(link).status_code == 200
    assert own.get(f"{link}my-data.json").status_code == 200
    assert own.get(f"{link}my-data.pdf").status_code == 200
    concern = own.post(f"{link}concern/", {"text": f"{FIRST} {LAST} här, ring {PHONE}"})
    assert concern.status_code == 302
    export = person_export(person=person, actor="system:test")
    assert export["first_name"] == FIRST and export["registrations"]
    audit.record_heads()
    run_queued_tasks()
    assert len(list((tmp_path / "mail").iterdir())) >= 2
    assert len(list((tmp_path / "sms").iterdir())) >= 1
    assert (tmp_path / "imports").is_dir()

    before = statistics()
    # Sanity: the search finds the person everywhere before the erasure.
    assert {f"database: {n}" for n in (FIRST, LAST, PHONE, EMAIL)} <= set(
        traces({"database": database_dump()})
    )
    assert traces({"mail": "".join(file_texts(tmp_path / "mail").values())})
    assert traces({"imports": "".join(file_texts(tmp_path / "imports").values())})
    assert traces({"logs": caplog.text}) == []

    # The erasure, as the person asks for it on their own page.
    with django_capture_on_commit_callbacks(execute=True):
        erased = own.post(f"{link}erase/")
    assert erased.status_code == 302
    run_queued_tasks()
    call_command("erase-person", str(person.pk))  # the command on an erased person is harmless

    # The seat at the café still to come is released (the waitlist moves up); every other
    # count is exactly as before.
    assert before["registrations"] == {"confirmed//woman": 1}
    assert statistics() == before | {"registrations": {"cancelled//woman": 1}}
    assert traces({"database": database_dump()}) == []
    assert traces(file_texts(tmp_path)) == []
    payloads = {
        f"task {result.pk}": json.dumps([result.args_kwargs, result.return_value, result.traceback])
        for result in DBTaskResult.objects.all()
    }
    assert len(payloads) >= 4
    assert traces(payloads) == []
    sessions = {
        f"session {session.pk}": json.dumps(session.get_decoded(), default=str)
        for session in Session.objects.all()
    }
    assert traces(sessions) == []
    assert traces({"logs": caplog.text}) == []
    journal = (tmp_path / "erasures.jsonl").read_text().splitlines()
    assert {json.loads(line)["person_id"] for line in journal} == {person.pk}
    assert traces({"own page": own.get(link).content.decode()}) == []


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="reads the bytes of the SQLite database file (secure_delete, WAL checkpoint); "
    "PostgreSQL keeps no such file here, and its full dump is searched by the test above",
)
@pytest.mark.django_db(transaction=True)
def test_the_sqlite_file_holds_no_trace_after_the_erasure(partnership):
    database = Path(connection.settings_dict["NAME"])
    person = PersonFactory.create(
        partnership=partnership, first_name=FIRST, email=EMAIL, phone=PHONE
    )
    checkpoint_database()

    def on_disk() -> bytes:
        files = [database, Path(f"{database}-wal"), Path(f"{database}-journal")]
        return b"".join(path.read_bytes() for path in files if path.exists())

    assert EMAIL.encode() in on_disk()  # the search would see it

    person_erase(person=person, actor="system:test")

    content = on_disk()
    assert EMAIL.encode() not in content
    assert FIRST.encode() not in content
    assert PHONE.encode() not in content
    assert Path(f"{database}-wal").stat().st_size == 0
