"""Privacy by declaration: every stored field says whether it is personal and how it is handled.

Each app declares its models in `<app>/privacy.py`, which its AppConfig.ready() imports
(Django's and third-party models are declared here). A meta-test walks every installed model
and fails on a text, e-mail, JSON, file or address field that nobody classified, and checks
that every field declared as register data is exported and removed by erasure and
anonymisation (DESIGN §6).

Apps also contribute *sections* of a person's data: how to export a related record (a consent,
later a registration or a pair) and how to strip it when the person is erased or anonymised.
The people app's privacy service asks every section in registration order
(`register_section`, called from the owning app's privacy module).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models

# A person of the register (vises.people.models.Person); the ground floor does not import it.
Person = Any

# Handlings of a personal field. Anything else is a reason written out in words.
EXPORT_ERASE = "export+erase+anonymise"  # exported; gone after erasure and anonymisation
EXPORT_STATISTIC = "export; kept without identity for statistics"  # survives on the remainder
ERASE_SECRET = "erase+anonymise; never exported (a security secret)"  # noqa: S105
NOT_PERSONAL = "not personal"

# Field types that can hold a person's words, contact details or identifiers.
TEXT_LIKE_FIELDS: tuple[type[models.Field], ...] = (
    models.CharField,  # also EmailField, SlugField, URLField
    models.TextField,
    models.JSONField,
    models.FileField,  # also ImageField
    models.GenericIPAddressField,
    models.BinaryField,
)


@dataclass(frozen=True)
class Classification:
    """Whether a field holds personal data, and what the system does with it."""

    personal: bool
    handling: str

    def __post_init__(self) -> None:
        if not self.handling.strip():
            raise ValueError("a classification needs a handling or a reason")
        if not self.personal and self.handling != NOT_PERSONAL and len(self.handling) < 8:
            raise ValueError("say why the field is not personal")

    @property
    def register_data(self) -> bool:
        """Data of a person in the register, covered by export (and erasure unless statistic)."""
        return self.personal and self.handling in {EXPORT_ERASE, EXPORT_STATISTIC, ERASE_SECRET}


def personal(handling: str = EXPORT_ERASE) -> Classification:
    return Classification(personal=True, handling=handling)


def not_personal(reason: str = NOT_PERSONAL) -> Classification:
    return Classification(personal=False, handling=reason)


_FIELDS: dict[str, dict[str, Classification]] = {}


def classify(model_label: str, fields: dict[str, Classification]) -> None:
    """Declare the fields of one model ("app_label.ModelName"); a second declaration of the
    same field is an error, so two apps cannot disagree silently."""
    declared = _FIELDS.setdefault(model_label, {})
    for name, classification in fields.items():
        if name in declared and declared[name] != classification:
            raise ValueError(f"{model_label}.{name} is classified twice")
        declared[name] = classification


def classification(model: type[models.Model], field_name: str) -> Classification | None:
    return _FIELDS.get(model._meta.label, {}).get(field_name)


def declared_fields() -> dict[str, dict[str, Classification]]:
    return {label: dict(fields) for label, fields in _FIELDS.items()}


def text_like_fields() -> Iterator[tuple[type[models.Model], models.Field]]:
    """Every field of every installed model that could hold personal data."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if isinstance(field, TEXT_LIKE_FIELDS):
                yield model, field


def unclassified_fields() -> list[str]:
    return sorted(
        f"{model._meta.label}.{field.name}"
        for model, field in text_like_fields()
        if field.name not in _FIELDS.get(model._meta.label, {})
    )


def register_data_fields() -> list[tuple[str, str, Classification]]:
    """(model label, field name, classification) of every field of the register's people."""
    return sorted(
        (label, name, item)
        for label, fields in declared_fields().items()
        for name, item in fields.items()
        if item.register_data
    )


@dataclass(frozen=True)
class PersonSection:
    """One kind of record about a person, contributed by the app that owns it.

    `export` returns what the section stores about the person (JSON-ready), `strip` removes
    the personal part of it on erasure and anonymisation, leaving what statistics count.
    `title` (lazy translated) heads the section in the PDF; keys of the export that are
    fields of `model` are shown there with the field's label and choice names.
    """

    name: str
    export: Callable[[Person], Any]
    strip: Callable[[Person], None]
    title: Any = None
    model: type[models.Model] | None = None


_SECTIONS: dict[str, PersonSection] = {}


def register_section(section: PersonSection) -> None:
    _SECTIONS[section.name] = section


def person_sections() -> list[PersonSection]:
    return list(_SECTIONS.values())


# Models of Django and of the installed third-party apps. Staff accounts are not part of the
# register: their data is shown to the staff member and removed with the account, except a
# volunteer's account, which is their person's.

STAFF_ACCOUNT = (
    "staff account data: removed when the account is deleted; a volunteer's own account "
    "is exported and erased with their person"
)
_IDS_ONLY = "not personal by design: tasks take and return object ids and counts, never data"
_AUDIT = "not personal by design: object types and ids, action and field names (DESIGN §6)"

classify(
    "auth.User",
    {
        "username": personal(),
        "first_name": personal(),
        "last_name": personal(),
        "email": personal(),
        "password": personal(ERASE_SECRET),
    },
)
classify("auth.Permission", {"name": not_personal(), "codename": not_personal()})
classify("auth.Group", {"name": not_personal("a role name, not a person")})
classify("contenttypes.ContentType", {"app_label": not_personal(), "model": not_personal()})
classify(
    "sessions.Session",
    {"session_key": personal(ERASE_SECRET), "session_data": personal(ERASE_SECRET)},
)
classify("account.EmailAddress", {"email": personal()})
classify("account.EmailConfirmation", {"key": personal(ERASE_SECRET)})
classify("mfa.Authenticator", {"type": personal(), "data": personal(ERASE_SECRET)})
classify(
    "usersessions.UserSession",
    {
        "ip": personal(),
        "user_agent": personal(),
        "data": personal(),
        "session_key": personal(ERASE_SECRET),
    },
)
classify(
    "django_tasks_database.DBTaskResult",
    {
        "status": not_personal(),
        "args_kwargs": not_personal(_IDS_ONLY),
        "return_value": not_personal(_IDS_ONLY),
        "task_path": not_personal(),
        "worker_ids": not_personal(),
        "queue_name": not_personal(),
        "backend_name": not_personal(),
        "exception_class_path": not_personal(),
        "traceback": not_personal(
            "not personal by design: our errors name objects by id; the erasure test checks"
        ),
    },
)
classify(
    "common.AuditEvent",
    {
        "chain": not_personal(_AUDIT),
        "actor": not_personal("a user id or link:<purpose>, never a name (DESIGN §6)"),
        "action": not_personal(_AUDIT),
        "object_type": not_personal(_AUDIT),
        "object_id": not_personal(_AUDIT),
        "fields": not_personal(_AUDIT),
        "prev_hash": not_personal(_AUDIT),
        "hash": not_personal(_AUDIT),
        "ip": personal(
            "a staff member's IP address on their own events, kept with the tamper-evident "
            "log for security; never recorded for people in the register"
        ),
    },
)
classify("common.AuditChainHead", {"chain": not_personal(_AUDIT), "hash": not_personal(_AUDIT)})
classify("common.ScheduledJobRun", {"name": not_personal("a job name")})
classify(
    "common.RateCounter",
    {"key": not_personal("a keyed hash of scope, subject and window, never the subject")},
)
