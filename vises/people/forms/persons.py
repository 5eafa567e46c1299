"""Forms of the people register's staff pages: search, create and edit a person."""

from __future__ import annotations

import re
from typing import Any, TypedDict

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from vises.partnerships.models import District, Partnership
from vises.people.models import (
    ConsentChannel,
    ConsentPurpose,
    ConsentText,
    EducationLevel,
    Language,
    Person,
)
from vises.people.selectors import PersonRole
from vises.people.services.persons import REGISTER_FIELDS
from vises.people.validation import display_phone, normalise_email, normalise_phone

ROLE_CHOICES = [
    (PersonRole.PARTICIPANT, _("Participant")),
    (PersonRole.LANGUAGE_FRIEND, _("Language friend")),
    (PersonRole.VOLUNTEER, _("Volunteer")),
]

DUPLICATE_MERGE = re.compile(r"merge-([0-9]{1,18})")

# What a typed search means: any letter makes it a name, digits alone a phone number.
LETTER = re.compile(r"[^\W\d_]")


class PersonSearchForm(forms.Form):
    """The register's search: one box for a name or a phone number, then filters."""

    q = forms.CharField(
        label=_("Name or phone"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autofocus": True, "autocomplete": "off"}),
    )
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
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *ROLE_CHOICES], required=False
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(partnership=partnership)  # type: ignore[attr-defined]

    def search_filters(self) -> dict[str, Any] | None:
        """Keyword arguments for selectors.person_search; None when the form is invalid."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        typed = data["q"].strip()
        filters: dict[str, Any] = {}
        if typed and (LETTER.search(typed) or not any(char.isdigit() for char in typed)):
            filters["name"] = typed
        elif typed:
            filters["phone"] = typed
        if data["language"]:
            filters["language"] = data["language"].code
        if data["district"]:
            filters["district"] = data["district"]
        if data["role"]:
            filters["role"] = data["role"]
        return filters


class RoleValues(TypedDict):
    """The roles a form asks for, as services.persons.person_roles_set takes them."""

    participant: dict[str, Any] | None
    language_friend: dict[str, Any] | None
    volunteer: dict[str, Any] | None


# Channels a coordinator collects consent through (the web form and links are the person's).
STAFF_CONSENT_CHANNELS = [
    (ConsentChannel.PAPER, ConsentChannel.PAPER.label),
    (ConsentChannel.PHONE, ConsentChannel.PHONE.label),
    (ConsentChannel.IN_PERSON, ConsentChannel.IN_PERSON.label),
]


class PersonForm(forms.ModelForm):
    """A person with their roles and the consents given or withdrawn now.

    Phone and e-mail are normalised here so duplicates can be looked for before saving; the
    services check them again and their errors are put on these fields by the view.
    """

    phone = forms.CharField(
        label=capfirst(_("mobile phone")),
        required=False,
        max_length=40,
        help_text=_("e.g. 070-123 45 67"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.CharField(
        label=capfirst(_("e-mail")),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "off"}),
    )
    languages = forms.ModelMultipleChoiceField(
        label=capfirst(_("languages spoken")),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    is_participant = forms.BooleanField(label=_("Participant"), required=False)
    wants_language_friend = forms.BooleanField(
        label=capfirst(_("wants a language friend")), required=False
    )
    wants_friend_same_gender = forms.BooleanField(
        label=capfirst(_("wants a friend of the same gender")), required=False
    )
    is_language_friend = forms.BooleanField(label=_("Language friend"), required=False)
    capacity = forms.IntegerField(
        label=capfirst(_("how many participants")),
        min_value=1,
        max_value=3,
        initial=1,
        required=False,
        help_text=_("1–3"),
    )
    friend_wants_same_gender = forms.BooleanField(
        label=capfirst(_("only a participant of the same gender")), required=False
    )
    is_volunteer = forms.BooleanField(label=_("Volunteer"), required=False)

    consents_given = forms.MultipleChoiceField(
        label=_("Consent given now"),
        choices=ConsentPurpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consents_withdrawn = forms.MultipleChoiceField(
        label=_("Consent withdrawn now"),
        choices=ConsentPurpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_channel = forms.ChoiceField(
        label=_("How the consent was given or withdrawn"),
        choices=[("", "---------"), *STAFF_CONSENT_CHANNELS],
        required=False,
    )

    # The coordinator's answer to a duplicate warning: "new" (they are different people) or
    # "merge-<id>" (the same person as that one). Only ever chosen, never assumed.
    duplicate_choice = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)

    class Meta:
        model = Person
        # The register's fields, with the languages spoken after the district.
        fields = [
            *REGISTER_FIELDS[: REGISTER_FIELDS.index("district") + 1],
            "languages",
            *REGISTER_FIELDS[REGISTER_FIELDS.index("district") + 1 :],
        ]
        widgets = {"birth_year": forms.NumberInput(attrs={"inputmode": "numeric"})}

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        active_consents: frozenset[str] = frozenset(),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["district"].queryset = District.objects.filter(partnership=partnership)  # type: ignore[attr-defined]
        self.fields["education_level"].queryset = EducationLevel.objects.all()  # type: ignore[attr-defined]
        # Consent is given for what is not active, and withdrawn from what is.
        self.fields["consents_given"].choices = [  # type: ignore[attr-defined]
            (value, label)
            for value, label in ConsentPurpose.choices
            if value not in active_consents
        ]
        self.fields["consents_withdrawn"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in ConsentPurpose.choices if value in active_consents
        ]
        person = self.instance
        if person.pk:
            self.initial["phone"] = display_phone(person.phone)  # as people type it
            for prefix, attribute in (
                ("is_participant", "participant"),
                ("is_language_friend", "language_friend"),
                ("is_volunteer", "volunteer"),
            ):
                profile = getattr(person, attribute, None)
                self.initial.setdefault(prefix, bool(profile and profile.is_active))
            participant = getattr(person, "participant", None)
            if participant is not None:
                self.initial.setdefault("wants_language_friend", participant.wants_language_friend)
                self.initial.setdefault(
                    "wants_friend_same_gender", participant.wants_friend_same_gender
                )
            friend = getattr(person, "language_friend", None)
            if friend is not None:
                self.initial.setdefault("capacity", friend.capacity)
                self.initial.setdefault("friend_wants_same_gender", friend.wants_same_gender)

    def clean_duplicate_choice(self) -> str:
        choice = str(self.cleaned_data["duplicate_choice"]).strip()
        if choice not in ("", "new") and not DUPLICATE_MERGE.fullmatch(choice):
            raise ValidationError(
                _("Choose what to do with the possible duplicate."), code="invalid"
            )
        return choice

    @property
    def confirmed_new(self) -> bool:
        """The coordinator said these are different people."""
        return self.cleaned_data.get("duplicate_choice") == "new"

    @property
    def merge_choice(self) -> int | None:
        """The id of the person the coordinator chose to merge what they typed into."""
        found = DUPLICATE_MERGE.fullmatch(self.cleaned_data.get("duplicate_choice") or "")
        return int(found.group(1)) if found else None

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("is_language_friend")
            and not data.get("capacity")
            and "capacity" not in self.errors
        ):
            self.add_error(
                "capacity",
                ValidationError(
                    _("Say how many participants the language friend can meet (1–3)."),
                    code="required",
                ),
            )
        chosen = [*data.get("consents_given", []), *data.get("consents_withdrawn", [])]
        if chosen and not data.get("consent_channel"):
            self.add_error(
                "consent_channel",
                ValidationError(_("Say how the consent was given or withdrawn."), code="required"),
            )
        given = data.get("consents_given") or []
        if given:
            with_text = set(
                ConsentText.objects.filter(
                    partnership=self.partnership, purpose__in=given
                ).values_list("purpose", flat=True)
            )
            missing = [
                str(ConsentPurpose(value).label) for value in given if value not in with_text
            ]
            if missing:
                self.add_error(
                    "consents_given",
                    ValidationError(
                        _("There is no consent text for this yet: %(purposes)s.")
                        % {"purposes": "; ".join(missing)},
                        code="no_consent_text",
                    ),
                )
        return data

    def person_values(self) -> dict[str, Any]:
        """The person's own fields as the services take them (languages apart)."""
        return {
            field: self.cleaned_data[field] for field in self.Meta.fields if field != "languages"
        }

    def role_values(self) -> RoleValues:
        """Keyword arguments for services.persons.person_roles_set."""
        data = self.cleaned_data
        return {
            "participant": {
                "wants_language_friend": data["wants_language_friend"],
                "wants_friend_same_gender": data["wants_friend_same_gender"],
            }
            if data["is_participant"]
            else None,
            "language_friend": {
                "capacity": data["capacity"],
                "wants_same_gender": data["friend_wants_same_gender"],
            }
            if data["is_language_friend"]
            else None,
            "volunteer": {} if data["is_volunteer"] else None,
        }
