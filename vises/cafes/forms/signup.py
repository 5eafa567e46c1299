"""The public sign-up form: first name, one contact, a language, gender and consent. The rules live
in vises.cafes.services.signup; the form only carries the answers and shows the errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from vises.people.languages import interface_language_choices
from vises.people.models import District, Person, validate_birth_year


class SignupForm(forms.Form):
    first_name = forms.CharField(
        label=_("What is your first name?"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    contact = forms.CharField(
        label=_("Your mobile number or e-mail address"),
        help_text=_("We send your receipt and a reminder there."),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "text"}),
    )
    # The service checks the code: one place decides what a valid language is.
    language = forms.CharField(
        label=_("Which language shall we write to you in?"),
        required=False,
        widget=forms.Select(choices=interface_language_choices()),
    )
    # One tap of four tiles; no tap counts as "prefer not to say" (the service decides).
    gender = forms.ChoiceField(
        label=_("What is your gender?"),
        help_text=_("We count how many women and men take part. You may choose not to say."),
        required=False,
        choices=Person.Gender.choices,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_("Yes, you may keep my details so that I can take part."), required=False
    )

    def __init__(self, *args: Any, disabled: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"language": translation.get_language() or "sv"})
        super().__init__(*args, **kwargs)
        if disabled:
            for field in self.fields.values():
                field.disabled = True

    def signup_values(self) -> dict[str, Any]:
        """Keyword arguments for public_signup(): the contact goes to `email` when it holds an
        @, to `phone` otherwise."""
        contact = (self.cleaned_data.get("contact") or "").strip()
        is_email = "@" in contact
        return {
            "first_name": self.cleaned_data.get("first_name") or "",
            "phone": "" if is_email else contact,
            "email": contact if is_email else "",
            "language": self.cleaned_data.get("language") or "",
            "consent": bool(self.cleaned_data.get("consent")),
            "gender": self.cleaned_data.get("gender") or Person.Gender.UNDISCLOSED,
        }

    def add_signup_errors(self, message_dict: dict[str, list[str]]) -> None:
        """Show the service's errors beside the fields they concern."""
        for field, messages in message_dict.items():
            target = "contact" if field in ("phone", "email") else field
            if target not in self.fields:
                target = None  # type: ignore[assignment]
            for message in messages:
                if target is None or message not in self.errors.get(target, []):
                    self.add_error(target, message)


class AboutYouForm(forms.Form):
    """The two optional questions of the confirmation page: birth year and part of town.
    Either may be left empty; the token says which sign-up they belong to."""

    token = forms.CharField(widget=forms.HiddenInput)
    birth_year = forms.IntegerField(
        label=_("Which year were you born?"),
        required=False,
        validators=[validate_birth_year],
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
    )
    district = forms.ModelChoiceField(
        label=_("Which part of town do you live in?"),
        required=False,
        queryset=District.objects.none(),
        empty_label=_("I'd rather not say"),
    )

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(  # type: ignore[attr-defined]
            partnership_id=partnership_id
        )
        if not self.fields["district"].queryset.exists():  # type: ignore[attr-defined]
            del self.fields["district"]
