"""Template filters that show stored personal values the way people read them."""

from __future__ import annotations

from django import template
from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from vises.people.models import Person
from vises.people.validation import display_phone as _display_phone

register = template.Library()


@register.filter
def display_phone(e164: str) -> str:
    """+46701234567 → 070-123 45 67 (other countries in international form)."""
    return _display_phone(e164)


# Audit actions a person's history shows, in words; others show by their name.
AUDIT_ACTIONS = {
    "people.person.created": _("Added to the register"),
    "people.person.changed": _("Details changed"),
    "people.person.viewed": _("Person page viewed"),
    "people.person.merged": _("Merged with another record"),
    "people.person.exported": _("Data exported"),
    "people.participant.created": _("Became a participant"),
    "people.participant.changed": _("Participant details changed"),
    "people.languagefriend.created": _("Became a language friend"),
    "people.languagefriend.changed": _("Language friend details changed"),
    "people.volunteer.created": _("Became a volunteer"),
    "people.volunteer.changed": _("Volunteer details changed"),
    "people.consent.given": _("Consent given"),
    "people.consent.withdrawn": _("Consent withdrawn"),
    "people.person.sms_stopped": _("SMS stopped: the person answered STOP"),
}


@register.filter
def audit_action(action: str) -> str:
    """An audit action in words, e.g. 'people.consent.given' → 'Consent given'."""
    label = AUDIT_ACTIONS.get(action)
    return str(label) if label is not None else action


@register.simple_tag
def field_label(obj: Model, name: str) -> str:
    """A model field's name as a label: {% field_label person "birth_year" %} → 'Birth year'."""
    field = obj._meta.get_field(name)
    return str(capfirst(getattr(field, "verbose_name", name)))


HINT_PARTS = ("birth_year", "district", "phone")


@register.filter
def person_hint(person: Person, parts: str = "") -> str:
    """What tells two people of the same name apart on a staff page: birth year, district and
    the last digits of the phone, e.g. 'b. 1988 · Skäggetorp · …45 67' (missing parts left out).
    `parts` (comma-separated) limits it to some of them, where the page shows the rest."""
    wanted = [part for part in parts.split(",") if part] or list(HINT_PARTS)
    pieces = []
    if "birth_year" in wanted and person.birth_year:
        pieces.append(str(_("b. %(year)s") % {"year": person.birth_year}))
    if "district" in wanted and person.district_id:
        pieces.append(str(person.district))
    if "phone" in wanted and person.phone:
        last = person.phone[-4:]
        pieces.append(f"…{last[:2]} {last[2:]}")
    return " · ".join(pieces)
