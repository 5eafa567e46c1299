"""`{% panel p %}`: include a registered panel (vises.common.panels) with its own context."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from vises.common.panels import BoundPanel

register = template.Library()


@register.simple_tag(takes_context=True)
def panel(context: template.Context, bound: BoundPanel) -> SafeString:
    """Render the panel's template inside the page's context, with the panel's names added."""
    assert context.template is not None  # noqa: S101  (a tag always renders inside a template)
    included = context.template.engine.get_template(bound.template)
    with context.push(**bound.context):
        return SafeString(included.render(context))
