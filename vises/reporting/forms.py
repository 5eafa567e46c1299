"""The dashboards' period filter: from and to, both days included."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from vises.matching.selectors.targets import target_groups
from vises.reporting.statistics import check_period


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is not None and end is not None:
            check_period(start, end)  # its ValidationError becomes the form's message
        return cleaned


class TargetForm(forms.Form):
    """One recruitment target: a group of one dimension and a number of language friends
    (0 removes the target). The groups are those `target_groups` lists for the dimension."""

    year = forms.IntegerField(widget=forms.HiddenInput)
    dimension = forms.CharField(widget=forms.HiddenInput)
    group = forms.ChoiceField(label=_("Group"))
    friends = forms.IntegerField(
        label=_("Language friends to recruit"),
        min_value=0,
        max_value=100000,
        help_text=_("0 removes the target."),
    )

    def __init__(self, *args: Any, dimension: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group = cast(forms.ChoiceField, self.fields["group"])
        group.choices = target_groups(dimension)
        self.prefix = dimension
