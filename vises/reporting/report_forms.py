"""The narrative sections the coordinator writes, one text field each."""

from __future__ import annotations

from typing import Any

from django import forms

from vises.reporting.annual import NARRATIVES
from vises.reporting.services import MAX_NARRATIVE


class NarrativesForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, title in NARRATIVES:
            self.fields[key] = forms.CharField(
                label=title,
                required=False,
                max_length=MAX_NARRATIVE,
                strip=True,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
