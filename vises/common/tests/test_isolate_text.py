"""Names in plain-text messages: isolated (FSI…PDI) in a right-to-left language, untouched
otherwise, so a left-to-right SMS stays GSM-7."""

from __future__ import annotations

from django.template import engines
from django.utils import translation

from vises.common.sms_parts import sms_parts

TEMPLATE = (
    "{% autoescape off %}{% load i18n isolate %}{% blocktranslate with "
    "company=company|isolate_text %}You have a place at {{ company }}.{% endblocktranslate %}"
    "{% endautoescape %}"
)


def render(language: str, company: str) -> str:
    with translation.override(language):
        return engines["django"].from_string(TEMPLATE).render({"company": company})


def test_a_right_to_left_message_isolates_the_name():
    assert render("ar", "Bageriet & Co AB") == "You have a place at \u2068Bageriet & Co AB\u2069."
    assert render("fa", "Bageriet AB").count("\u2068") == 1


def test_a_left_to_right_message_is_left_as_it_is_and_stays_gsm7():
    for language in ("sv", "en", "so", "uk", "ti"):
        assert "\u2068" not in render(language, "Bageriet & Co AB")
    assert sms_parts(render("sv", "Bageriet & Co AB")).encoding == "gsm7"


def test_nothing_is_escaped_and_an_empty_name_stays_empty():
    assert render("ar", "<A&B>") == "You have a place at \u2068<A&B>\u2069."
    assert render("ar", "") == "You have a place at ."
