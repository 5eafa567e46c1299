"""Forms of the economy pages. The rules live in vises.economy.services; the forms carry the
answers, and the views put the services' errors on these fields."""

from __future__ import annotations

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from vises.economy.models import CATEGORY_CHOICES

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class CostEntryForm(forms.Form):
    category = forms.ChoiceField(label=_("budget line"), choices=CATEGORY_CHOICES)
    spent_on = forms.DateField(label=_("date"), widget=DateInput())
    # Text, so "1 250,50" and a wrong entry reach the service's Swedish message.
    amount = forms.CharField(label=_("amount (SEK)"), max_length=20)
    description = forms.CharField(label=_("description"), max_length=300)
    attachment = forms.FileField(
        label=_("attachment"),
        required=False,
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png"])],
        help_text=_("A receipt or an invoice: PDF, JPEG or PNG, at most 10 MB."),
    )

    def clean_attachment(self) -> object:
        attachment = self.cleaned_data.get("attachment")
        if attachment is not None and attachment.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return attachment


class HourlyRateForm(forms.Form):
    rate = forms.CharField(label=_("value of a volunteer hour (SEK)"), max_length=20)


class InvoiceCreateForm(forms.Form):
    year = forms.TypedChoiceField(label=_("agreement year"), coerce=int, choices=())

    def __init__(self, *args: object, years: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]


class InvoicePaidForm(forms.Form):
    paid_on = forms.DateField(label=_("paid on"), widget=DateInput())
