"""Importing participants, language friends and volunteers from Excel (.xlsx) or CSV.

Upload → preview (reads only: every row with its outcome, new / likely duplicate / error)
→ confirm (all or nothing, in one durable transaction, each person created through the
services so that it is audited). Between preview and confirm the file waits as
services.import_files describes.

Rows are read one at a time, and duplicates are looked up in the database per batch of
rows, so 10 000 rows preview in seconds.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from vises.common import audit
from vises.partnerships.models import Partnership
from vises.people.models import ConsentChannel, ConsentPurpose, ConsentText, Person
from vises.people.resources import (
    HEADERS,
    PERSON_COLUMNS,
    ROLE_LANGUAGE_FRIEND,
    ROLE_PARTICIPANT,
    ROLE_VOLUNTEER,
    ROLES,
    ColumnMap,
    Lookups,
    PersonResource,
    cell_text,
)
from vises.people.selectors import person_duplicates
from vises.people.services.consent import consent_give
from vises.people.services.import_files import (
    KEEP_FOR,
    MAX_ROWS,
    ImportFile,
    UnreadableFile,
    import_file_discard,
    import_file_store,
    import_files_purge,
    read_rows,
)
from vises.people.services.persons import (
    language_friend_set,
    participant_set,
    person_create,
    volunteer_set,
)

BATCH = 500
CONSENT_COLUMNS = {
    "consent_register": ConsentPurpose.REGISTER,
    "consent_messages": ConsentPurpose.MESSAGES,
    "consent_matching": ConsentPurpose.MATCHING,
}


@dataclass(frozen=True)
class RowProblem:
    """Why a row cannot be imported: the column as the file names it, and the reason."""

    field: str
    column: str
    message: str
    code: str


@dataclass(frozen=True)
class Match:
    """A likely duplicate: an earlier row of the same file, or a person already registered."""

    reasons: tuple[str, ...]  # "email", "phone"
    row: int | None = None
    person: Person | None = None


@dataclass
class ImportRow:
    number: int  # the row number a spreadsheet shows; the header is row 1
    values: dict[str, Any] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    consents: list[str] = field(default_factory=list)
    profile: dict[str, Any] = field(default_factory=dict)
    errors: list[RowProblem] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    # Phone and e-mail as the file has them, so the preview shows what the person wrote.
    written: dict[str, str] = field(default_factory=dict)

    @property
    def outcome(self) -> str:
        if self.errors:
            return "error"
        return "duplicate" if self.matches else "new"

    @property
    def name(self) -> str:
        return " ".join(
            str(self.values.get(key) or "") for key in ("first_name", "last_name")
        ).strip()

    @property
    def match_lines(self) -> list[str]:
        """What each likely duplicate matched, e.g. "same phone as row 3"."""
        lines = []
        for match in self.matches:
            same = (
                _("same e-mail and phone")
                if len(match.reasons) == 2
                else _("same e-mail")
                if match.reasons == ("email",)
                else _("same phone")
            )
            if match.row is not None:
                lines.append(_("%(same)s as row %(row)s") % {"same": same, "row": match.row})
            else:
                lines.append(
                    _("%(same)s as %(name)s, already registered")
                    % {"same": same, "name": match.person}
                )
        return lines

    @property
    def error_lines(self) -> list[str]:
        return [
            _("Row %(row)s: %(column)s: %(message)s")
            % {"row": self.number, "column": problem.column, "message": problem.message}
            for problem in self.errors
        ]


@dataclass
class ImportPreview:
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # about the whole file
    ignored_columns: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def new_count(self) -> int:
        return self.count("new")

    @property
    def duplicate_count(self) -> int:
        return self.count("duplicate")

    @property
    def error_count(self) -> int:
        return self.count("error")

    @property
    def error_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def duplicate_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.outcome == "duplicate"]

    @property
    def can_import(self) -> bool:
        return bool(self.rows) and not self.problems and not self.error_rows


@dataclass(frozen=True)
class ImportResult:
    created: int
    skipped: int


class ImportRejected(Exception):
    """Nothing was written: the preview lists the file's problems and every bad row."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__("import rejected")
        self.preview = preview


# --- the preview --------------------------------------------------------------------------


class _Analysis:
    """Reads a file once and judges every row; state shared by the batches."""

    def __init__(self, *, partnership: Partnership, default_role: str) -> None:
        self.partnership = partnership
        self.default_role = default_role
        self.resource = PersonResource(lookups=Lookups.for_partnership(partnership))
        self.texts = set(
            ConsentText.objects.filter(partnership=partnership).values_list("purpose", "language")
        )
        self.seen_email: dict[str, int] = {}
        self.seen_phone: dict[str, int] = {}
        self.preview = ImportPreview()
        self.columns = ColumnMap({}, {}, [], [])

    def column_label(self, name: str) -> str:
        if name not in HEADERS:
            return ""
        return self.columns.headers.get(name) or HEADERS[name][0]

    def problem(self, row: ImportRow, name: str, error: ValidationError) -> None:
        for item in error.error_list:
            row.errors.append(
                RowProblem(
                    name, self.column_label(name), "; ".join(item.messages), item.code or "invalid"
                )
            )

    def read_header(self, cells: list[Any]) -> None:
        self.columns = PersonResource.column_map(cells)
        self.preview.ignored_columns = self.columns.unknown
        index = self.columns.index
        if "first_name" not in index:
            self.preview.problems.append(
                _("The file has no column “%(column)s” (first name).") % {"column": "förnamn"}
            )
        if "phone" not in index and "email" not in index:
            self.preview.problems.append(
                _("The file has neither a column “%(phone)s” nor “%(email)s”.")
                % {"phone": "telefon", "email": "e-post"}
            )
        for header in self.columns.repeated:
            self.preview.problems.append(
                _("The column “%(column)s” appears twice.") % {"column": header}
            )

    def judge(self, number: int, cells: list[Any]) -> ImportRow:
        row = ImportRow(number=number)
        raw = {
            name: cells[position] if position < len(cells) else None
            for name, position in self.columns.index.items()
        }
        values, errors = self.resource.clean_cells(raw)
        row.written = {key: cell_text(raw.get(key)) for key in ("phone", "email")}
        for name, error in errors.items():
            self.problem(row, name, error)
        row.roles = values.pop("roles", None) or [self.default_role]
        row.languages = values.pop("languages", None) or []
        row.consents = [
            purpose for column, purpose in CONSENT_COLUMNS.items() if values.pop(column, None)
        ]
        for key in ("wants_language_friend", "same_gender", "capacity"):
            value = values.pop(key, None)
            if value is not None:
                row.profile[key] = value
        row.values = {key: values[key] for key in PERSON_COLUMNS if key in values}
        if row.values.get("phone_is_shared") is None:
            row.values["phone_is_shared"] = False
        self.check_person(row, errors)
        self.check_consents(row)
        self.match_earlier_rows(row)
        return row

    def check_person(self, row: ImportRow, errors: dict[str, ValidationError]) -> None:
        contact = row.values.get("phone") or row.values.get("email")
        if "phone" not in errors and "email" not in errors and not contact:
            name = "phone" if "phone" in self.columns.index else "email"
            self.problem(
                row,
                name,
                ValidationError(
                    _("Give a phone number or an e-mail address, so we can reach the person."),
                    code="contact_required",
                ),
            )
        # The widgets apply every rule of the model's fields (lengths, choices, years), so the
        # model's own full_clean, 10 000 times, would only cost time; the services run it.
        if not row.values.get("first_name") and "first_name" not in errors:
            self.problem(
                row,
                "first_name",
                ValidationError(_("Write the person's first name."), code="required"),
            )

    def check_consents(self, row: ImportRow) -> None:
        language = row.values.get("language") or settings.LANGUAGE_CODE
        for column, purpose in CONSENT_COLUMNS.items():
            if purpose not in row.consents:
                continue
            if (purpose, language) in self.texts or (purpose, settings.LANGUAGE_CODE) in self.texts:
                continue
            self.problem(
                row,
                column,
                ValidationError(
                    _("There is no consent text for this purpose to record the consent against."),
                    code="no_consent_text",
                ),
            )

    def match_earlier_rows(self, row: ImportRow) -> None:
        email = (row.values.get("email") or "").lower()
        phone = "" if row.values["phone_is_shared"] else row.values.get("phone") or ""
        earlier: dict[int, list[str]] = {}
        if email and email in self.seen_email:
            earlier.setdefault(self.seen_email[email], []).append("email")
        if phone and phone in self.seen_phone:
            earlier.setdefault(self.seen_phone[phone], []).append("phone")
        for number, reasons in sorted(earlier.items()):
            row.matches.append(Match(reasons=tuple(reasons), row=number))
        if email:
            self.seen_email.setdefault(email, row.number)
        if phone:
            self.seen_phone.setdefault(phone, row.number)

    def match_registered(self, rows: list[ImportRow]) -> None:
        """One query per batch finds the rows that may match someone registered; only those
        ask person_duplicates, which decides (same e-mail, or same phone not marked shared)."""
        emails = {row.values["email"].lower() for row in rows if row.values.get("email")}
        phones = {
            row.values["phone"]
            for row in rows
            if row.values.get("phone") and not row.values["phone_is_shared"]
        }
        if not emails and not phones:
            return
        known = (
            Person.objects.filter(partnership=self.partnership, anonymised_at__isnull=True)
            .annotate(email_lower=Lower("email"))
            .filter(Q(email_lower__in=emails) | Q(phone__in=phones, phone_is_shared=False))
            .values_list("email_lower", "phone")
        )
        known_emails: set[str] = set()
        known_phones: set[str] = set()
        for known_email, known_phone in known:
            known_emails.add(known_email)
            known_phones.add(known_phone)
        for row in rows:
            email = row.values.get("email") or ""
            phone = row.values.get("phone") or ""
            shared = row.values["phone_is_shared"]
            if email.lower() in known_emails or (phone in known_phones and not shared):
                for candidate in person_duplicates(
                    partnership=self.partnership, email=email, phone=phone, phone_is_shared=shared
                ):
                    row.matches.append(Match(reasons=candidate.reasons, person=candidate.person))

    def run(self, source: ImportFile) -> ImportPreview:
        header_seen = False
        batch: list[ImportRow] = []
        consents_asked: set[str] = set()
        try:
            for number, cells in read_rows(source):
                if not any(cell_text(cell) for cell in cells):
                    continue
                if not header_seen:
                    header_seen = True
                    self.read_header(cells)
                    if self.preview.problems:
                        break
                    continue
                if len(self.preview.rows) >= MAX_ROWS:
                    self.preview.problems.append(
                        _("The file has more than %(max)s rows. Split it into smaller files.")
                        % {"max": MAX_ROWS}
                    )
                    break
                row = self.judge(number, cells)
                consents_asked.update(row.consents)
                self.preview.rows.append(row)
                batch.append(row)
                if len(batch) == BATCH:
                    self.match_registered(batch)
                    batch = []
        except UnreadableFile:
            self.preview.problems.append(
                _("The file could not be read. Save it again as Excel (.xlsx) or CSV (UTF-8).")
            )
            return self.preview
        self.match_registered(batch)
        if not header_seen:
            self.preview.problems.append(_("The file is empty."))
        elif not self.preview.rows and not self.preview.problems:
            self.preview.problems.append(_("The file has a header row but no people."))
        for purpose in [p for p in CONSENT_COLUMNS.values() if p in consents_asked]:
            if not any(text_purpose == purpose for text_purpose, _lang in self.texts):
                self.preview.problems.append(
                    _(
                        "The partnership has no consent text for “%(purpose)s” yet, so the "
                        "consents in the file cannot be recorded. Publish the consent text "
                        "first, or leave that consent column empty."
                    )
                    % {"purpose": ConsentPurpose(purpose).label}
                )
        return self.preview


def import_preview(
    *,
    partnership: Partnership,
    source: ImportFile,
    default_role: str = ROLE_PARTICIPANT,
    actor: audit.Actor | None = None,
) -> ImportPreview:
    """Judge every row of the file without writing anything to the register.

    Rows whose e-mail, or phone not marked shared, equals an earlier row's or a registered
    person's are likely duplicates. With an actor, the preview is audited (it shows the
    names of registered persons that match), without any personal data in the event.
    """
    if default_role not in ROLES:
        raise ValueError(f"unknown role {default_role!r}")
    preview = _Analysis(partnership=partnership, default_role=default_role).run(source)
    if actor is not None:
        audit.log(actor, "people.import.previewed", partnership)
    return preview


# --- the confirmation ---------------------------------------------------------------------


def _create(row: ImportRow, *, partnership: Partnership, actor: User) -> Person:
    person = person_create(
        partnership=partnership,
        actor=actor,
        languages=row.languages,
        signed_up_by=actor,
        **row.values,
    )
    same_gender = row.profile.get("same_gender")
    if ROLE_PARTICIPANT in row.roles:
        values: dict[str, Any] = {}
        if row.profile.get("wants_language_friend"):
            values = {"wants_language_friend": True, "waiting_since": date.today()}
        if same_gender is not None:
            values["wants_friend_same_gender"] = same_gender
        participant_set(person=person, actor=actor, **values)
    if ROLE_LANGUAGE_FRIEND in row.roles:
        values = {}
        if "capacity" in row.profile:
            values["capacity"] = row.profile["capacity"]
        if same_gender is not None:
            values["wants_same_gender"] = same_gender
        language_friend_set(person=person, actor=actor, **values)
    if ROLE_VOLUNTEER in row.roles:
        volunteer_set(person=person, actor=actor)
    for purpose in row.consents:
        consent_give(
            person=person,
            purpose=purpose,
            channel=ConsentChannel.IMPORT,
            collected_by=actor,
            actor=actor,
        )
    return person


@transaction.atomic(durable=True)
def import_confirm(
    *,
    partnership: Partnership,
    source: ImportFile,
    default_role: str = ROLE_PARTICIPANT,
    import_duplicates: Collection[int] = (),
    actor: User,
) -> ImportResult:
    """Create every new row's person, profiles and consents, or nothing at all.

    The file is judged again inside the transaction. Likely duplicates are skipped unless
    their row number is in `import_duplicates`. Raises ImportRejected (nothing written)
    when the file has a problem or any row is bad; the preview it carries lists them all.
    """
    analysis = _Analysis(partnership=partnership, default_role=default_role)
    preview = analysis.run(source)
    if not preview.can_import:
        raise ImportRejected(preview)
    created = skipped = 0
    for row in preview.rows:
        if row.matches and row.number not in import_duplicates:
            skipped += 1
            continue
        try:
            with transaction.atomic():
                _create(row, partnership=partnership, actor=actor)
        except ValidationError as error:
            # The preview judged the same rules; this is a rule only the services know.
            errors = error.error_dict if hasattr(error, "error_dict") else {"": error.error_list}
            for name, items in errors.items():
                analysis.problem(row, name, ValidationError(items))
        else:
            created += 1
    if preview.error_rows:
        raise ImportRejected(preview)
    audit.log(actor, "people.import.confirmed", partnership)
    return ImportResult(created=created, skipped=skipped)


__all__ = [
    "KEEP_FOR",
    "ImportFile",
    "ImportPreview",
    "ImportRejected",
    "ImportResult",
    "ImportRow",
    "import_confirm",
    "import_file_discard",
    "import_file_store",
    "import_files_purge",
    "import_preview",
]
