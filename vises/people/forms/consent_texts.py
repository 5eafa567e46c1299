"""The form that publishes a new version of a consent text (a purpose in one language)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vises.common.validators import clean_text
from vises.people.models import ConsentPurpose


class ConsentTextForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    text = forms.CharField(
        label=_("Text"),
        help_text=_(
            "Exactly what the person agrees to, in plain words. Publishing makes a new "
            "version; consents already given keep the version they were given to."
        ),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )

    def clean_text(self) -> str:
        text = clean_text(self.cleaned_data["text"]).strip()
        if not text:
            raise ValidationError(_("Write the text."), code="required")
        return text

    def publish_values(self) -> dict[str, Any]:
        return {
            "purpose": self.cleaned_data["purpose"],
            "language": self.cleaned_data["language"],
            "text": self.cleaned_data["text"],
        }
