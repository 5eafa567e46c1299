"""The public referral form for municipal staff (an SFI teacher, a job coach): who refers,
the person's few details, what they want and the consent the referrer collected.

Each consent is a checkbox labelled with the exact Swedish text of its purpose's current
version; a hidden field carries which version was shown, so the consent recorded is the one
the referrer read out (a version published in between asks them to read it again). The rules
for the person's fields (contact, district) live in the people services; the view puts their
errors on these fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vises.partnerships.models import District, Partnership
from vises.people.models import ConsentPurpose, ConsentText, Language, Referral

# The purposes in the order the form asks them; register is the one without which nothing
# may be stored.
PURPOSES = (ConsentPurpose.REGISTER, ConsentPurpose.MESSAGES, ConsentPurpose.MATCHING)


def consent_field(purpose: str) -> str:
    return f"consent_{purpose}"


def version_field(purpose: str) -> str:
    return f"version_{purpose}"


def language_label(obj: Any) -> str:
    """A language of the register by its own name and its Swedish name: "العربية – arabiska"."""
    language: Language = obj
    if language.name_local and language.name_local.casefold() != language.name_sv.casefold():
        return f"{language.name_local} – {language.name_sv}"
    return language.name_sv


def language_field(**kwargs: Any) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(queryset=Language.objects.order_by("name_sv"), **kwargs)
    field.label_from_instance = language_label  # type: ignore[method-assign]
    return field


class ReferralForm(forms.Form):
    referrer_role = forms.ChoiceField(
        label=_("Your role"), choices=[("", "–"), *Referral.ReferrerRole.choices]
    )
    referrer_unit = forms.CharField(
        label=_("Your unit or workplace"),
        help_text=_("e.g. SFI Campus Valla"),
        max_length=120,
    )
    referrer_email = forms.EmailField(
        label=_("Your work e-mail"),
        help_text=_(
            "So that the coordinator can contact you with questions. We never tell you "
            "anything about the person."
        ),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "work email"}),
    )
    first_name = forms.CharField(label=_("The person's first name"), max_length=100)
    last_name = forms.CharField(label=_("The person's last name"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("The person's mobile phone"),
        help_text=_("A phone number or an e-mail address, at least one."),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("The person's e-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(),
    )
    language = language_field(
        label=_("The person's language"),
        help_text=_(
            "We write to the person in this language when we can, otherwise in easy Swedish."
        ),
    )
    district = forms.ModelChoiceField(
        label=_("District where the person lives"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("Do not know"),
    )
    wants = forms.ChoiceField(
        label=_("What does the person want?"),
        choices=Referral.Wants.choices,
        widget=forms.RadioSelect,
    )
    explained = forms.BooleanField(
        label=_(
            "The person has heard the consent texts above in a language they understand, "
            "and answered themselves."
        ),
        required=False,
    )
    consent_language = language_field(label=_("The language the texts were explained in"))

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        texts: dict[str, ConsentText],
        **kwargs: Any,
    ) -> None:
        """`texts`: the current Swedish text of each purpose the partnership has published."""
        super().__init__(*args, **kwargs)
        self.texts = texts
        self.fields["district"].queryset = District.objects.filter(  # type: ignore[attr-defined]
            partnership=partnership
        ).order_by("sort_order", "name")
        for purpose in PURPOSES:
            text = texts.get(purpose)
            if text is None:
                continue
            self.fields[consent_field(purpose)] = forms.BooleanField(
                label=text.text, required=False
            )
            self.fields[version_field(purpose)] = forms.IntegerField(
                widget=forms.HiddenInput, initial=text.pk, required=False
            )

    def consent_fields(self) -> list[forms.BoundField]:
        """The consent checkboxes, in the order of PURPOSES."""
        return [self[consent_field(p)] for p in PURPOSES if consent_field(p) in self.fields]

    def version_fields(self) -> list[forms.BoundField]:
        return [self[version_field(p)] for p in PURPOSES if version_field(p) in self.fields]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for purpose, text in self.texts.items():
            ticked = cleaned.get(consent_field(purpose))
            if ticked and cleaned.get(version_field(purpose)) != text.pk:
                self.add_error(
                    consent_field(purpose),
                    _(
                        "This text changed after you opened the page. Read the new text to the "
                        "person and tick the box again."
                    ),
                )
        if not cleaned.get(consent_field(ConsentPurpose.REGISTER)):
            self.add_error(
                consent_field(ConsentPurpose.REGISTER)
                if consent_field(ConsentPurpose.REGISTER) in self.fields
                else None,
                _(
                    "Ask the person whether they want us to keep their details so that they "
                    "can take part. Without a yes we cannot accept the referral."
                ),
            )
        wants = cleaned.get("wants")
        if (
            wants in (Referral.Wants.FRIEND, Referral.Wants.BOTH)
            and not cleaned.get(consent_field(ConsentPurpose.MATCHING))
            and consent_field(ConsentPurpose.MATCHING) in self.fields
        ):
            self.add_error(
                consent_field(ConsentPurpose.MATCHING),
                _(
                    "The person wants a language friend. Ask whether we may use their details "
                    "to find a language friend. Without a yes, choose only the café."
                ),
            )
        if not cleaned.get("explained"):
            self.add_error(
                "explained",
                _(
                    "Read the texts to the person in a language they understand, or let an "
                    "interpreter do it. Then tick the box."
                ),
            )
        return cleaned

    def consents(self) -> dict[str, ConsentText]:
        """The texts the person said yes to, by purpose (after is_valid)."""
        return {
            purpose: text
            for purpose, text in self.texts.items()
            if self.cleaned_data.get(consent_field(purpose))
        }

    def referral_values(self) -> dict[str, Any]:
        """Keyword arguments for referral_submit() (after is_valid)."""
        data = self.cleaned_data
        return {
            "referrer_role": data["referrer_role"],
            "referrer_unit": data["referrer_unit"],
            "referrer_email": data["referrer_email"],
            "first_name": data["first_name"],
            "last_name": data.get("last_name") or "",
            "phone": data.get("phone") or "",
            "email": data.get("email") or "",
            "language": data["language"],
            "district": data.get("district"),
            "wants": data["wants"],
            "consents": self.consents(),
            "consent_language": data["consent_language"],
        }
