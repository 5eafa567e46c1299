"""Forms of the coordinator's matching pages: a person's limits, swapping two proposals,
ending a pair, and a follow-up's answers given on the phone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vises.matching.answers import Continue, Going, Meetings
from vises.matching.models import Limits, MatchRun, Pair, Proposal
from vises.partnerships.models import District, Partnership
from vises.people.models import Language


class LimitsForm(forms.Form):
    refuses_languages = forms.ModelMultipleChoiceField(
        label=_("languages they will not use"),
        queryset=Language.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    unreachable_districts = forms.ModelMultipleChoiceField(
        label=_("districts they cannot get to"),
        queryset=District.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages = self.fields["refuses_languages"]
        districts = self.fields["unreachable_districts"]
        assert isinstance(languages, forms.ModelMultipleChoiceField)  # noqa: S101
        assert isinstance(districts, forms.ModelMultipleChoiceField)  # noqa: S101
        languages.queryset = Language.objects.order_by("name_sv")
        districts.queryset = District.objects.filter(partnership=partnership).order_by(
            "sort_order", "name"
        )

    @staticmethod
    def initial_for(limits: Limits | None) -> dict[str, Any]:
        if limits is None:
            return {}
        return {
            "refuses_languages": list(limits.refuses_languages.all()),
            "unreachable_districts": list(limits.unreachable_districts.all()),
        }


class ProposalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.participant} – {obj.friend}"


class SwapForm(forms.Form):
    first = ProposalChoiceField(label=_("First proposal"), queryset=Proposal.objects.none())
    second = ProposalChoiceField(label=_("Second proposal"), queryset=Proposal.objects.none())

    def __init__(self, *args: Any, run: MatchRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        proposals: QuerySet[Proposal] = (
            Proposal.objects.filter(run=run)
            .select_related("participant", "friend")
            .order_by("participant__first_name", "participant__last_name", "pk")
        )
        for name in ("first", "second"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
            field.queryset = proposals


class EndForm(forms.Form):
    reason = forms.ChoiceField(label=_("why it ended"), choices=Pair.EndReason.choices)
    note = forms.CharField(label=_("note"), max_length=300, required=False)
    rematch = forms.BooleanField(
        label=_("Find a new language friend for the participant"), required=False
    )


class FollowUpPhoneForm(forms.Form):
    meetings = forms.ChoiceField(
        label=_("how often they met"), choices=Meetings.choices, widget=forms.RadioSelect
    )
    going = forms.ChoiceField(
        label=_("how it is going"), choices=Going.choices, widget=forms.RadioSelect
    )
    wants_to_continue = forms.ChoiceField(
        label=_("wants to continue"), choices=Continue.choices, widget=forms.RadioSelect
    )
