"""The forms of a pair's link pages: one side's decline with its reason, and the follow-up's
three questions. Labels and choices are what the participant or language friend reads, in
their own language."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vises.matching.answers import Continue, DeclineReason, Going, Meetings

REQUIRED = {"required": _("Please choose one answer.")}


class DeclineForm(forms.Form):
    decline_code = forms.ChoiceField(
        label=_("Why do you say no?"),
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages=REQUIRED,
    )
    decline_reason = forms.CharField(
        label=_("Do you want to tell us more? (you do not have to)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
    )


class FollowUpForm(forms.Form):
    meetings = forms.ChoiceField(
        label=_("How often have you met?"),
        choices=Meetings.choices,
        widget=forms.RadioSelect,
        error_messages=REQUIRED,
    )
    going = forms.ChoiceField(
        label=_("How is it going?"),
        choices=Going.choices,
        widget=forms.RadioSelect,
        error_messages=REQUIRED,
    )
    wants_to_continue = forms.ChoiceField(
        label=_("Do you want to go on meeting?"),
        choices=Continue.choices,
        widget=forms.RadioSelect,
        error_messages=REQUIRED,
    )
