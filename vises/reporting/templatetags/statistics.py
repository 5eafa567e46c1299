"""`{{ count|shown }}`: a published count as the tables print it (the number, "<5" or "..")."""

from django import template

from vises.common.suppression import Count
from vises.common.suppression import shown as shown_text

register = template.Library()


@register.filter
def shown(count: Count | None) -> str:
    return shown_text(count)
