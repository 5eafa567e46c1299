"""Forms of the company pages and the public "host a café" form. The rules live in
vises.companies.services; the views put the services' errors on these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vises.companies.models import Company, CompanyContact, IndustrySection
from vises.companies.services import COMPANY_FIELDS, CONTACT_FIELDS
from vises.partnerships.models import District, Partnership


class CompanyForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = list(COMPANY_FIELDS)
        widgets = {"next_step_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(  # type: ignore[attr-defined]
            partnership=partnership
        ).order_by("sort_order", "name")
        # The service checks the number (and refuses duplicates) with the field's message.
        self.fields["org_number"].validators = []

    def _post_clean(self) -> None:  # the service validates the model
        pass

    def company_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in COMPANY_FIELDS}


class ContactForm(forms.ModelForm):
    class Meta:
        model = CompanyContact
        fields = list(CONTACT_FIELDS)

    def _post_clean(self) -> None:
        pass

    def contact_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CONTACT_FIELDS}


class CompanyFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *Company.Stage.choices]
    )
    industry = forms.ModelChoiceField(
        label=_("Industry"),
        required=False,
        queryset=IndustrySection.objects.all(),
        empty_label=_("All industries"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        required=False,
        queryset=District.objects.none(),
        empty_label=_("All districts"),
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(  # type: ignore[attr-defined]
            partnership=partnership
        ).order_by("sort_order", "name")


class InterestForm(forms.Form):
    """A company says it would like to host a café."""

    company_name = forms.CharField(label=_("Company name"), max_length=200)
    org_number = forms.CharField(
        label=_("Organisation number (optional)"),
        max_length=13,
        required=False,
        help_text=_("e.g. 556016-0680. Leave it empty if you are a sole trader."),
    )
    first_name = forms.CharField(label=_("Your first name"), max_length=100)
    email = forms.CharField(label=_("Your e-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Your phone"), max_length=20, required=False)
    message = forms.CharField(
        label=_("A short message (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("email") and not cleaned.get("phone"):
            raise forms.ValidationError(
                _("Give an e-mail address or a phone number so that we can reach you."),
                code="no_contact",
            )
        return cleaned
