"""Forms of the steering pages. The rules live in vises.steering.services; the forms carry
the answers, and the views put the services' errors on these fields."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vises.partnerships.models import Membership
from vises.steering.models import ActionItem

NAME_NOBODY = _(
    "Plain text. The municipal member reads it too: never name a participant, a language "
    "friend or anyone else in the register."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class MemberChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return member_name(obj)


class MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return member_name(obj)


def member_name(membership: Membership) -> str:
    user = membership.user
    name = f"{user.first_name} {user.last_name}".strip() or user.get_username()
    return f"{name} ({membership.get_role_display()})"


class MeetingForm(forms.Form):
    day = forms.DateField(label=_("date"), widget=DateInput())
    time = forms.TimeField(label=_("time"), widget=TimeInput())
    place = forms.CharField(label=_("place"), max_length=200)
    agenda = forms.CharField(
        label=_("agenda"), max_length=10000, widget=forms.Textarea(), help_text=NAME_NOBODY
    )
    attendees = MemberChoices(
        label=_("attendees"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(),
    )
    minutes = forms.CharField(
        label=_("minutes"),
        max_length=50000,
        required=False,
        widget=forms.Textarea(),
        help_text=NAME_NOBODY,
    )
    decisions = forms.CharField(
        label=_("decisions"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(),
        help_text=NAME_NOBODY,
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members  # type: ignore[attr-defined]

    def starts_at(self) -> datetime:
        """The local date and time as an aware moment."""
        return timezone.make_aware(
            datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        )


class ActionItemForm(forms.Form):
    text = forms.CharField(label=_("action"), max_length=500, help_text=NAME_NOBODY)
    owner = MemberChoice(label=_("owner"), queryset=Membership.objects.none(), required=False)
    due_on = forms.DateField(label=_("due date"), required=False, widget=DateInput())

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=ActionItem.Status.choices)
