"""The coordinator's choices for a poster: which café (or all), which paper, which languages."""

from __future__ import annotations

from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vises.cafes.models import Cafe
from vises.cafes.posters.documents import A4, A5, LANGUAGES_PER_PAGE, poster_languages
from vises.cafes.posters.selectors import poster_cafes
from vises.partnerships.models import Partnership

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class PosterCafeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        cafe: Cafe = obj
        starts = timezone.localtime(cafe.starts_at, STOCKHOLM)
        return f"{date_format(starts, 'j F Y H:i')} – {cafe.company.name}"


class PosterForm(forms.Form):
    cafe = PosterCafeField(
        label=_("Café"),
        queryset=Cafe.objects.none(),
        required=False,
        empty_label=_("General: all cafés (the code leads to the calendar)"),
        help_text=_("Only cafés still ahead that are not cancelled."),
    )
    paper = forms.ChoiceField(
        label=_("Paper size"),
        choices=[(A4, _("A4 poster")), (A5, _("A5 flyer"))],
        initial=A4,
        widget=forms.RadioSelect,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages beside Swedish"),
        choices=poster_languages,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["cafe"]).queryset = poster_cafes(
            partnership=partnership
        )
        self.fields["languages"].help_text = gettext(
            "Swedish is always there. Beside it, %(a4)s languages fit on an A4 page and "
            "%(a5)s on an A5 page; with more, each page holds Swedish and the next ones."
        ) % {"a4": LANGUAGES_PER_PAGE[A4], "a5": LANGUAGES_PER_PAGE[A5]}

    def offers_cafe(self, cafe_id: int) -> bool:
        queryset = cast(forms.ModelChoiceField, self.fields["cafe"]).queryset
        return queryset is not None and queryset.filter(pk=cafe_id).exists()
