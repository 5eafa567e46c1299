"""Forms of the agreement page: the manager records an extension or a termination. The rules
live in the services (vises.partnerships.services); the views put their errors on the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class AgreementExtendForm(forms.Form):
    decided_on = forms.DateField(label=_("decided on"), widget=DateInput())
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AgreementTerminateForm(forms.Form):
    terminated_on = forms.DateField(
        label=_("terminated on"),
        widget=DateInput(),
        help_text=_("The last day the agreement was in force."),
    )
    termination_reason = forms.CharField(
        label=_("reason for the termination"), widget=forms.Textarea(attrs={"rows": 2})
    )
    settlement_note = forms.CharField(
        label=_("settlement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How the costs actually incurred up to the termination day are settled."),
    )
