"""A person's rights over their data: export (JSON and PDF), erasure, and anonymisation.

Erasure and anonymisation strip the same things (DESIGN §6). What stays is a *statistical
remainder*: the Person row keeps only what statistics count (partnership, gender, birth year,
residence and district, languages, Swedish level, education, years-in-Sweden band, work status,
referral source, preferred language, dates) and the existence of its role profiles, now
inactive; every field declared as register data in people/privacy.py is blanked, consent
records and a volunteer's own login account are deleted, and `anonymised_at` is set. So counts
by gender, district, role … are the same before and after, and no name, contact or free text is
left. Both delete the person's sessions, outgoing mail and SMS files addressed to them and
uploaded import files still waiting that name them; erasure also appends to the erasure journal
outside the database, and on SQLite the write-ahead log is truncated, so with `secure_delete`
the old values are overwritten on disk too (docs/privacy.md §5).
"""

from __future__ import annotations

import calendar
import json
import logging
import os
import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction
from django.db.models import Q, QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from vises.accounts.services import sessions_end
from vises.common import audit
from vises.common.pdf import pdf_from_html, pdf_html
from vises.common.privacy import EXPORT_ERASE, declared_fields, person_sections
from vises.partnerships.models import Partnership
from vises.people.models import Person
from vises.people.validation import display_phone

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "vises.person-export/1"
# Session keys that name a person end like this (e.g. "vises_self_service_person_id").
SESSION_PERSON_KEY = re.compile(r"(^|_)person(_id|_pk)?$")
# Django's console and file e-mail backends end every message with this line.
MESSAGE_SEPARATOR = "-" * 79 + "\n"


# Export ------------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _person_fields(person: Person) -> dict[str, Any]:
    """The person's own fields under their model names; related rows by name, not by id."""
    data: dict[str, Any] = {"id": person.pk, "partnership": person.partnership.name}
    for field in Person._meta.concrete_fields:
        if field.name in data:
            continue
        if field.name == "district":
            data["district"] = person.district.name if person.district else None
        elif field.name == "education_level":
            level = person.education_level
            data["education_level"] = (
                {"code": level.code, "name_sv": level.name_sv, "name_en": level.name_en}
                if level
                else None
            )
        elif field.name == "signed_up_by":
            user = person.signed_up_by
            data["signed_up_by"] = (user.get_full_name() or user.get_username()) if user else None
        else:
            data[field.name] = _json_value(getattr(person, field.attname))
    data["languages"] = [
        {"code": language.code, "name_sv": language.name_sv, "name_en": language.name_en}
        for language in person.languages.order_by("code")
    ]
    return data


def _export_data(person: Person) -> dict[str, Any]:
    person = Person.objects.select_related(
        "partnership", "district", "education_level", "signed_up_by"
    ).get(pk=person.pk)
    data = _person_fields(person)
    for section in person_sections():
        data[section.name] = section.export(person)
    data["export"] = {
        "format": EXPORT_FORMAT,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return data


def person_export(*, person: Person, actor: audit.Actor) -> dict[str, Any]:
    """Everything stored about the person, JSON-ready: their own fields under the model's
    field names (first_name, last_name, phone, email, …, languages, district, education_level),
    then one key per related record kind (participant, language_friend, volunteer, consents;
    later apps add theirs). Writes the audit event "people.person.exported"."""
    data = _export_data(person)
    audit.log(actor, "people.person.exported", person, fields=["json"])
    return data


_DATE_KEY = re.compile(r"(_at|_since|^date_joined|^last_login)$")


def _readable(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, str) and _DATE_KEY.search(key):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if isinstance(moment, datetime) and "T" in value:
            return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
        return formats.date_format(moment, "SHORT_DATE_FORMAT")
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_readable(k, v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_readable(key, item) for item in value)
    return str(value)


def _field_rows(person: Person) -> list[tuple[str, str]]:
    """The person's own fields with their labels and display values, in the active language."""
    rows: list[tuple[str, str]] = []
    for field in Person._meta.concrete_fields:
        if field.name in {"id", "partnership"}:
            continue
        label = str(field.verbose_name)
        label = label[:1].upper() + label[1:]
        if field.choices:
            value: Any = getattr(person, f"get_{field.name}_display")()
        elif field.name == "phone":
            # Isolated left-to-right, so a number reads the same in Arabic and Persian.
            value = f"\u2066{display_phone(person.phone)}\u2069" if person.phone else ""
        elif field.name == "resident_in_municipality":
            value = person.resident_in_municipality
        elif isinstance(field, models.ForeignKey):
            value = str(getattr(person, field.name) or "")
        else:
            value = _json_value(getattr(person, field.attname))
        rows.append((label, _readable(field.name, value)))
    english = translation.get_language() != "sv"
    languages = ", ".join(
        language.name_en if english else language.name_sv for language in person.languages.all()
    )
    rows.append((_("Languages spoken"), languages or "–"))
    return rows


def _extra_labels() -> dict[str, str]:
    """Labels of export keys that are not fields of the section's model."""
    return {
        "text_version": _("Version of the text"),
        "text_language": _("Language of the text"),
        "text": _("Text"),
        "cafe": _("Café"),
        "cafe_starts_at": _("Café starts"),
        "created_at": _("Created"),
        "user_account": _("User account"),
        "email_addresses": _("E-mail addresses"),
        "second_factors": _("Second factors"),
        "sessions": _("Logins"),
    }


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _key_label_and_value(model: type[models.Model] | None, key: str, value: Any) -> tuple[str, Any]:
    """The label a reader understands, and a choice's name instead of its code."""
    languages = dict(settings.LANGUAGES)
    field = None
    if model is not None:
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            field = None
    if isinstance(field, models.Field):
        label = str(field.verbose_name)
        if field.choices and isinstance(value, str):
            value = dict(field.flatchoices).get(value, value)
    else:
        label = _extra_labels().get(key, key.replace("_", " "))
    if key.endswith("language") and value in languages:
        value = languages[value]
    return _capitalised(str(label)), value


def _section_records(
    value: Any, model: type[models.Model] | None = None
) -> list[list[tuple[str, str]]]:
    """A section's records as rows of (label, readable value)."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    records = []
    for item in items:
        if not isinstance(item, dict):
            records.append([("", _readable("", item))])
            continue
        rows: list[tuple[str, str]] = []
        for key, inner in item.items():
            label, shown = _key_label_and_value(model, key, inner)
            if isinstance(inner, dict) and inner:
                for inner_key, inner_value in inner.items():
                    inner_label, inner_shown = _key_label_and_value(None, inner_key, inner_value)
                    rows.append((f"{label} – {inner_label}", _readable(inner_key, inner_shown)))
            else:
                rows.append((label, _readable(key, shown)))
        records.append(rows)
    return records


def export_html(*, person: Person, data: dict[str, Any] | None = None) -> str:
    """The export as an HTML document in the person's language (what the PDF prints)."""
    data = data if data is not None else _export_data(person)
    person = Person.objects.select_related(
        "partnership", "district", "education_level", "signed_up_by"
    ).get(pk=person.pk)
    with translation.override(person.language):
        sections = [
            {
                "title": str(section.title or _capitalised(section.name.replace("_", " "))),
                "records": records,
            }
            for section in person_sections()
            if (records := _section_records(data.get(section.name), section.model))
        ]
        return pdf_html(
            "people/privacy/export_pdf.html",
            {
                "person": person,
                "rows": _field_rows(person),
                "sections": sections,
                "exported_at": timezone.now(),
            },
        )


def person_export_pdf(*, person: Person, actor: audit.Actor) -> bytes:
    """The export as a readable PDF in the person's language (`vises.common.pdf`, nothing
    fetched from outside). Writes the audit event "people.person.exported"."""
    pdf = pdf_from_html(export_html(person=person))
    audit.log(actor, "people.person.exported", person, fields=["pdf"])
    return pdf


# Erasure and anonymisation -------------------------------------------------------------------


def _identifiers(person: Person) -> list[str]:
    """How outgoing messages name the person: e-mail addresses and phone numbers as written."""
    found = set()
    if person.email:
        found.add(person.email.lower())
    if person.phone:
        found |= {person.phone, person.phone.lstrip("+"), display_phone(person.phone)}
        found.add(re.sub(r"\D", "", display_phone(person.phone)))
    volunteer = getattr(person, "volunteer", None)
    if volunteer is not None and volunteer.user is not None and volunteer.user.email:
        found.add(volunteer.user.email.lower())
    return sorted(item for item in found if len(item) >= 5)


def _strip(person: Person, now: datetime) -> None:
    """Remove every register field and related record; keep the statistical remainder."""
    for section in person_sections():
        section.strip(person)
    blank: dict[str, Any] = {"signed_up_by": None, "phone_is_shared": False, "anonymised_at": now}
    for name, classification in declared_fields().get("people.Person", {}).items():
        if classification.handling == EXPORT_ERASE:
            field = Person._meta.get_field(name)
            assert isinstance(field, models.Field)  # noqa: S101 - declared names are fields
            blank[name] = None if field.null else field.get_default()
    Person.objects.filter(pk=person.pk).update(**blank)


def _session_names_person(data: dict[str, Any], person_pk: int) -> bool:
    for key, value in data.items():
        if not SESSION_PERSON_KEY.search(str(key)):
            continue
        values = value if isinstance(value, list | tuple) else [value]
        if str(person_pk) in {str(item) for item in values}:
            return True
    return False


def _delete_sessions(person: Person) -> int:
    """Delete sessions that name the person (e.g. a self-service session)."""
    return sessions_end(naming=lambda data: _session_names_person(data, person.pk))


def _outbox_dirs() -> list[Path]:
    dirs = []
    for name in ("EMAIL_FILE_PATH", "VISES_SMS_FILE_PATH"):
        value = getattr(settings, name, None)
        if value and Path(value).is_dir():
            dirs.append(Path(value))
    return dirs


def _split_messages(text: str, path: Path) -> list[str]:
    if path.suffix == ".jsonl":
        return text.splitlines(keepends=True)
    parts = text.split(MESSAGE_SEPARATOR)
    messages = [part + MESSAGE_SEPARATOR for part in parts[:-1]]
    if parts[-1]:
        messages.append(parts[-1])
    return messages


def _clean_outboxes(identifiers: Iterable[str]) -> int:
    """Remove outgoing messages (file e-mail and SMS backends) addressed to the person;
    a file left empty is deleted. Returns how many messages were removed."""
    needles = [item.lower() for item in identifiers]
    if not needles:
        return 0
    removed = 0
    for directory in _outbox_dirs():
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            text = path.read_bytes().decode("utf-8", errors="replace")
            if not any(needle in text.lower() for needle in needles):
                continue
            messages = _split_messages(text, path)
            kept = [m for m in messages if not any(n in m.lower() for n in needles)]
            removed += len(messages) - len(kept)
            if kept:
                temporary = path.with_name(f".{path.name}.tmp")
                temporary.write_text("".join(kept), encoding="utf-8")
                os.replace(temporary, path)
            else:
                path.unlink()
    return removed


def _file_names_any(path: Path, needles: list[str]) -> bool:
    """True when a waiting import file (its parsed rows, one JSON line each) names any of
    the needles; read a line at a time, never whole."""
    with path.open("rb") as lines:
        for line in lines:
            text = line.decode("utf-8", errors="replace").lower()
            if any(needle in text for needle in needles):
                return True
    return False


def _clean_import_files(identifiers: Iterable[str]) -> int:
    """Delete uploaded import files still waiting for confirmation that name the person
    (they are purged after a day anyway); the coordinator uploads again if needed."""
    from vises.people.services.import_files import imports_dir

    needles = [item.lower() for item in identifiers]
    folder = imports_dir()
    if not needles or not folder.is_dir():
        return 0
    deleted = 0
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        if _file_names_any(path, needles):
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


def _append_line(path: Path, entry: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _pending_path() -> Path:
    journal = Path(settings.VISES_ERASURE_JOURNAL)
    return journal.with_name(f"{journal.stem}.pending{journal.suffix}")


def _pending() -> list[dict[str, Any]]:
    path = _pending_path()
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _pending_drop(person_id: int) -> None:
    """Forget the intent to erase `person_id` (rewritten whole: the file holds a few ids)."""
    path = _pending_path()
    kept = [entry for entry in _pending() if entry["person_id"] != person_id]
    if not kept:
        path.unlink(missing_ok=True)
        return
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text("".join(json.dumps(entry) + "\n" for entry in kept), encoding="utf-8")
    os.replace(temporary, path)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _journal_erasure(person_id: int, partnership_id: int, erased_at: datetime) -> None:
    """Append to the erasure journal outside the database: ids and time only (DESIGN §6)."""
    _append_line(
        Path(settings.VISES_ERASURE_JOURNAL),
        {"person_id": person_id, "partnership_id": partnership_id, "erased_at": _utc(erased_at)},
    )


def _journalled(person_id: int) -> bool:
    path = Path(settings.VISES_ERASURE_JOURNAL)
    if not path.exists():
        return False
    with path.open(encoding="utf-8") as lines:
        return any(json.loads(line)["person_id"] == person_id for line in lines if line.strip())


def checkpoint_database() -> None:
    """On SQLite, move the write-ahead log into the database file and truncate it, so erased
    values do not linger in the log (secure_delete already zeroes freed space in the file)."""
    if connection.vendor != "sqlite":
        return
    if connection.in_atomic_block:
        # Only inside a test's never-committed transaction: nothing was written to the log.
        logger.info("WAL checkpoint skipped inside a transaction")
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy = cursor.fetchone()[0]
    if busy:
        logger.warning("WAL checkpoint could not finish (readers busy); the next one will")


def _remove(
    *, person: Person, actor: audit.Actor, action: str, after: Callable[[], None] | None = None
) -> tuple[list[str], int]:
    identifiers = _identifiers(person)
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        audit.log(actor, action, locked)
        _strip(locked, timezone.now())
        _delete_sessions(locked)
    return identifiers, locked.partnership_id


def person_erase(*, person: Person, actor: audit.Actor) -> None:
    """Erase the person (DESIGN §6), all or nothing: strip them to the statistical remainder,
    release their seats (the waitlist moves up), delete their sessions and outgoing message
    files, journal the erasure (ids and time) outside the database, and checkpoint SQLite's
    log. Audit event "people.person.erased", no data.

    The intent is journalled first (a pending line, ids only), then the files are scrubbed,
    then the database changes in one transaction; the journal line is written and the intent
    dropped when that commits. A crash or an error anywhere in between leaves the intent, and
    `erasures_reconcile` (the scheduler's `people.erasures_reconcile`, every 5 minutes)
    finishes the erasure: nothing is left half done for long, and nothing half done is lost.
    """
    person_id, partnership_id = int(person.pk), int(person.partnership_id)
    if not any(entry["person_id"] == person_id for entry in _pending()):
        _append_line(
            _pending_path(),
            {
                "person_id": person_id,
                "partnership_id": partnership_id,
                "requested_at": _utc(timezone.now()),
            },
        )
    identifiers = _identifiers(person)
    _clean_outboxes(identifiers)
    _clean_import_files(identifiers)
    _remove(person=person, actor=actor, action="people.person.erased")
    erased_at = timezone.now()

    def after_commit() -> None:
        if not _journalled(person_id):
            _journal_erasure(person_id, partnership_id, erased_at)
        _pending_drop(person_id)
        checkpoint_database()

    transaction.on_commit(after_commit)
    person.refresh_from_db()


def erasures_reconcile(*, actor: audit.Actor = "system:erasure") -> int:
    """Finish every erasure whose intent is journalled but not its end (a crash, a failed
    transaction): erase the person again if the register still holds them, write the journal
    line if it is missing, drop the intent. Returns how many were finished."""
    finished = 0
    for entry in _pending():
        person_id = int(entry["person_id"])
        person = Person.objects.filter(pk=person_id).first()
        if person is not None and person.anonymised_at is None:
            person_erase(person=person, actor=actor)
        else:
            if person is not None and not _journalled(person_id):
                erased_at = person.anonymised_at or timezone.now()
                _journal_erasure(person_id, int(entry["partnership_id"]), erased_at)
            _pending_drop(person_id)
        finished += 1
    return finished


def person_anonymise(*, person: Person, actor: audit.Actor, checkpoint: bool = True) -> None:
    """Strip the person as erasure does, because of inactivity (retention, DESIGN §6).
    Audit event "people.person.anonymised"."""
    identifiers, _partnership_id = _remove(
        person=person, actor=actor, action="people.person.anonymised"
    )

    def after_commit() -> None:
        _clean_outboxes(identifiers)
        _clean_import_files(identifiers)
        if checkpoint:
            checkpoint_database()

    transaction.on_commit(after_commit)
    person.refresh_from_db()


# Retention ----------------------------------------------------------------------------------


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (clamped to the month's end)."""
    year, month_index = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month_index + 1)[1])
    return moment.replace(year=year, month=month_index + 1, day=day)


def retention_candidates(*, now: datetime) -> QuerySet[Person]:
    """Persons not yet anonymised whose last activity is older than their partnership's
    retention_months. Active volunteers are kept: they work with us, they are not our
    participants (DESIGN §6 names participants and friends)."""
    condition = Q(pk__in=[])
    for partnership_id, months in Partnership.objects.values_list("pk", "retention_months"):
        condition |= Q(
            partnership_id=partnership_id, last_activity_at__lt=months_before(now, months)
        )
    return (
        Person.objects.filter(condition, anonymised_at__isnull=True)
        .exclude(volunteer__is_active=True)
        .order_by("partnership_id", "pk")
    )


def retention_apply(*, now: datetime, actor: audit.Actor) -> int:
    """Anonymise every retention candidate; returns how many were anonymised."""
    count = 0
    for person in list(retention_candidates(now=now)):
        person_anonymise(person=person, actor=actor, checkpoint=False)
        count += 1
    if count:
        transaction.on_commit(checkpoint_database)
    return count
