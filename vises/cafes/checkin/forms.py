"""Forms of the door and of volunteer hours."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy

from vises.people.models import Person


class WalkInForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=100)
    phone = forms.CharField(
        label=gettext_lazy("Mobile phone (if they want to give it)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language for messages"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )
    gender = forms.ChoiceField(
        label=gettext_lazy("Gender (if they want to say)"),
        choices=Person.Gender.choices,
        initial=Person.Gender.UNDISCLOSED,
        required=False,
    )
    consent = forms.BooleanField(
        label=gettext_lazy("The person agrees that we keep their first name (and phone)."),
    )
    key = forms.UUIDField(widget=forms.HiddenInput)


class HoursForm(forms.Form):
    hours = forms.CharField(
        label=gettext_lazy("Hours"),
        required=False,
        max_length=8,
        help_text=gettext_lazy("Leave empty for the café's length plus preparation."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
