"""Forms of the cafés' staff pages. The rules live in the services (vises.cafes.services);
the forms carry the answers, and the views put the services' errors on these fields."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vises.cafes.models import Cafe, CafeVolunteer
from vises.cafes.services.cafes import CAFE_FIELDS
from vises.companies.models import Company
from vises.partnerships.models import District, Partnership
from vises.people.models import Language, Volunteer

# Cafés are planned in Swedish local time, whatever the browser's zone (DESIGN §5).
STOCKHOLM = ZoneInfo("Europe/Stockholm")
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class StockholmDateTimeField(forms.DateTimeField):
    """A `datetime-local` input read and shown as Europe/Stockholm wall-clock time."""

    input_formats = [DATETIME_LOCAL, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)

    def to_python(self, value: Any) -> datetime | None:
        with timezone.override(STOCKHOLM):
            return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime) and timezone.is_aware(value):
            return value.astimezone(STOCKHOLM).replace(tzinfo=None)
        return value


class CafeForm(forms.Form):
    """A café's plan, for cafe_create and cafe_update."""

    company = forms.ModelChoiceField(label=_("host company"), queryset=Company.objects.none())
    starts_at = StockholmDateTimeField(label=_("starts"))
    ends_at = StockholmDateTimeField(label=_("ends"))
    signup_deadline = StockholmDateTimeField(
        label=_("sign-up deadline"),
        required=False,
        help_text=_("Empty: people can sign up until the café starts."),
    )
    capacity = forms.IntegerField(
        label=_("places for participants"), min_value=1, max_value=200, initial=8
    )
    expected_employees = forms.IntegerField(
        label=_("expected employees"), min_value=0, max_value=1000, initial=0
    )
    place = forms.CharField(
        label=_("place"), max_length=200, help_text=_("e.g. the staff room, 2nd floor")
    )
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    bus_stop = forms.CharField(label=_("nearest bus stop"), max_length=200, required=False)
    entrance = forms.CharField(label=_("entrance"), max_length=200, required=False)
    accessibility = forms.CharField(label=_("accessibility"), max_length=300, required=False)
    children_welcome = forms.BooleanField(label=_("children are welcome"), required=False)
    fika = forms.CharField(
        label=_("what the fika holds"),
        max_length=300,
        required=False,
        help_text=_("for allergies"),
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("languages spoken on site"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("public description (Swedish)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown in the calendar; the other languages fall back to it."),
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        companies = Company.objects.filter(partnership=partnership).exclude(
            stage=Company.Stage.DECLINED
        )
        self.fields["company"].queryset = companies  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, cafe: Cafe) -> dict[str, Any]:
        initial: dict[str, Any] = {field: getattr(cafe, field) for field in CAFE_FIELDS}
        initial["languages"] = list(cafe.languages.all())
        return initial

    def cafe_values(self) -> dict[str, Any]:
        """Keyword arguments for cafe_create / cafe_update (languages apart)."""
        return {field: self.cleaned_data[field] for field in CAFE_FIELDS}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the café cancelled?"),
        max_length=300,
        help_text=_("Kept with the café for the follow-up; the people registered are told."),
        widget=forms.TextInput(),
    )


class VolunteerAssignForm(forms.Form):
    volunteer = forms.ModelChoiceField(label=_("volunteer"), queryset=Volunteer.objects.none())
    role = forms.ChoiceField(label=_("role"), choices=CafeVolunteer.Role.choices)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        volunteers = (
            Volunteer.objects.filter(
                person__partnership=partnership,
                person__anonymised_at__isnull=True,
                is_active=True,
            )
            .select_related("person")
            .order_by("person__first_name", "person__last_name", "pk")
        )
        self.fields["volunteer"].queryset = volunteers  # type: ignore[attr-defined]


def description_languages() -> list[tuple[str, str]]:
    """The participant languages other than Swedish (Swedish is on the café form)."""
    return [
        (code, str(name)) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]


class DescriptionsForm(forms.Form):
    """One text box per participant language; an empty box falls back to Swedish."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in description_languages():
            self.fields[code] = forms.CharField(
                label=name,
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
            )


class InvitationFilterForm(forms.Form):
    """Filters of the invitation page (GET)."""

    language = forms.ModelChoiceField(
        label=_("Speaks"),
        queryset=Language.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All languages"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("All districts"),
    )
    never_attended = forms.BooleanField(label=_("Never attended a café"), required=False)
    waiting_for_friend = forms.BooleanField(
        label=_("Waiting for a language friend"), required=False
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(partnership=partnership)  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for invitation_candidates (empty when invalid)."""
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}
