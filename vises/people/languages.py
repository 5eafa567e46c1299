"""How languages are named: in their own script in the menus a participant chooses from, in
Swedish (the staff's language) on staff pages (Language.__str__ is the Swedish name)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.conf.locale import LANG_INFO

from vises.people.models import Language


def interface_language_choices() -> list[tuple[str, str]]:
    """Each language we write to people in, by its own name, so everyone finds theirs."""
    return [
        (code, LANG_INFO.get(code, {}).get("name_local", code)) for code, _n in settings.LANGUAGES
    ]


class OwnNameLanguagesField(forms.ModelMultipleChoiceField):
    """Languages from the register, each shown by its own name (العربية, ትግርኛ, polski)."""

    def label_from_instance(self, obj: Any) -> str:
        language: Language = obj
        return language.name_local or language.name_en
