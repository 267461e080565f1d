"""Parts of includes/field.html written in Python, with the same output.

The template language drew each option and each attribute with several lookups and
conditions; the action list's filters have a hundred options or more and a dozen
fields, and drawing them was the biggest part of that page's CPU.

- `{% select_options field %}`: a select's <option> elements, each choice's value and
  label escaped as the template escapes them, and `selected` on the choices the field's
  value names, as Django's Select widget decides it (its format_value).
- `{% widget_attrs attrs %}`: a widget's own HTML attributes, less those field.html
  writes itself. `required` and `maxlength` are left out on purpose: GOV.UK services
  validate on the server and show the error summary instead of browser bubbles or
  silently truncated input; textarea rows and cols are set by field.html.
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


# Written by field.html itself, or left out on purpose (see the module's docstring).
NOT_COPIED = frozenset(
    [
        "class",
        "id",
        "name",
        "type",
        "value",
        "checked",
        "selected",
        "required",
        "maxlength",
        "aria-describedby",
        "cols",
        "rows",
    ]
)


@register.simple_tag
def widget_attrs(attrs):
    html = []
    for name, value in attrs.items():
        if name in NOT_COPIED or value is False or value is None:
            continue
        html.append(f" {conditional_escape(name)}")
        if value is not True:
            html.append(f'="{conditional_escape(str(value))}"')
    return mark_safe("".join(html))  # noqa: S308 (each part is escaped above)


def _flat(choices):
    """The choices with any groups' options in their place, as the widget lists them."""
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            yield from label
        else:
            yield value, label
