"""Forms of the self-service pages: one question at a time, in plain words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vises.people.languages import OwnNameLanguagesField, interface_language_choices
from vises.people.models import Concern, Language, Person
from vises.people.validation import normalise_email, normalise_phone

# The person's own details they may correct themselves, in the order the page shows them.
EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "email",
    "language",
    "district",
    "languages",
    "gender",
    "birth_year",
    "swedish_level",
    "education_level",
    "years_in_sweden",
    "work_status",
    "resident_in_municipality",
    "occupation",
    "interests",
    "availability",
)


def upper_first(label: Any) -> str:
    """A field's label as a heading: the first letter in upper case, the rest as it is."""
    text = str(label)
    return text[:1].upper() + text[1:]


class PersonFieldForm(forms.Form):
    """Change one of the person's details: the form has exactly that one field."""

    def __init__(self, *args: Any, person: Person, field_name: str, **kwargs: Any) -> None:
        if field_name not in EDITABLE_FIELDS:
            raise ValueError(f"{field_name} cannot be changed here")
        super().__init__(*args, **kwargs)
        if field_name == "languages":
            self.initial[field_name] = list(person.languages.values_list("code", flat=True))
        else:
            self.initial[field_name] = getattr(person, field_name)
        self.field_name = field_name
        self.fields[field_name] = self._make_field(person, field_name)

    @staticmethod
    def _make_field(person: Person, name: str) -> forms.Field:
        model_field = Person._meta.get_field(name)
        if name == "languages":
            return OwnNameLanguagesField(
                queryset=Language.objects.order_by("name_local"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=_("Languages you speak"),
            )
        if name == "district":
            return forms.ModelChoiceField(
                queryset=person.partnership.districts.all(),
                required=False,
                label=upper_first(model_field.verbose_name),  # type: ignore[union-attr]
                empty_label=_("I do not want to say"),
            )
        if name == "language":
            return forms.ChoiceField(
                choices=interface_language_choices(),
                label=upper_first(model_field.verbose_name),  # type: ignore[union-attr]
            )
        field = model_field.formfield()  # type: ignore[union-attr]
        assert field is not None  # noqa: S101 - every editable field is a form field
        field.label = upper_first(field.label)
        if name == "phone":
            field.widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
        elif name == "email":
            field.widget.attrs["autocomplete"] = "email"
        elif name == "first_name":
            field.widget.attrs["autocomplete"] = "given-name"
        elif name == "last_name":
            field.widget.attrs["autocomplete"] = "family-name"
        return field

    def value(self) -> Any:
        """The cleaned value as person_update takes it."""
        value = self.cleaned_data[self.field_name]
        if self.field_name in {"phone", "email", "first_name", "last_name"}:
            return (value or "").strip()
        return value


class ConcernForm(forms.ModelForm):
    class Meta:
        model = Concern
        fields = ["text"]
        labels = {"text": _("What worries you?")}
        help_texts = {
            "text": _("Only the coordinator reads this. Write in any language you like."),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}


class NewLinkForm(forms.Form):
    contact = forms.CharField(
        label=_("Your mobile number or e-mail address"),
        max_length=254,
        help_text=_("The one you gave us. We send the new link there."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )

    def clean_contact(self) -> str:
        """E.164 for a phone number, the normalised address for an e-mail; sets `channel`."""
        value = self.cleaned_data["contact"].strip()
        if "@" in value:
            self.channel = "email"
            return normalise_email(value)
        self.channel = "phone"
        return normalise_phone(value)
