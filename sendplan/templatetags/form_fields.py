"""{% select_options field %}: a select's <option> elements, written in Python.

includes/field.html drew each option through the template language (a bound subwidget,
its copied attributes and four lookups an option); the action list's filters have a
hundred options or more, and drawing them was the biggest part of that page's CPU.
The output is the same: each choice's value and label escaped as the template escapes
them, and `selected` on the choices the field's value names, as Django's Select widget
decides it (its format_value).
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def select_options(field):
    widget = field.field.widget
    chosen = widget.format_value(field.value())
    if isinstance(chosen, str):  # NullBooleanSelect names one choice, not a list
        chosen = [chosen]
    chosen = set(chosen)
    html = []
    for value, label in _flat(widget.choices):
        value = "" if value is None else str(value)
        selected = " selected" if value in chosen else ""
        html.append(
            f'<option value="{conditional_escape(value)}"{selected}>'
            f"{conditional_escape(label)}</option>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 (each part is escaped above)


def _flat(choices):
    """The choices with any groups' options in their place, as the widget lists them."""
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            yield from label
        else:
            yield value, label
