"""RAGB in templates: a status's word and GOV.UK tag colour, from actions/ragb.py."""

from django import template
from django.utils.html import format_html

from actions import ragb
from actions.ragb import RAGB

register = template.Library()

_FIRST_LETTERS = {status.value[0]: status.value for status in RAGB}
_STATUSES = frozenset(RAGB.values)  # RAGB.values builds a new list at each use


def _status(value):
    """Any spelling a page may hold: "red", "Red", "R", "not_rated", "", None, ..."""
    text = str(value or "").strip().lower()
    text = _FIRST_LETTERS.get(text, text)
    return text if text in _STATUSES else ragb.NOT_RATED


@register.filter
def ragb_label(value):
    """The word for a status: Red, Amber, Green, Blue or Not rated."""
    return ragb.label(_status(value))


@register.filter
def ragb_colour(value):
    """The GOV.UK tag modifier: "red", "yellow", "green", "blue" or "grey"."""
    return ragb.TAG_COLOURS[_status(value)]


@register.simple_tag
def ragb_tag(status, label=""):
    """A status as a GOV.UK tag (templates/includes/ragb_tag.html explains the colours):
    {% ragb_tag action.status %}, or with `label` instead of the colour's word. A tag
    rather than the include where a page repeats it, as the public page does for every
    action: an include costs more to render."""
    return format_html(
        '<strong class="govuk-tag govuk-tag--{} sp-ragb-tag">{}</strong>',
        ragb_colour(status),
        label or ragb_label(status),
    )


@register.filter
def overdue_on(action, day):
    """{% if action|overdue_on:today %}: the one overdue rule (ragb.is_overdue)."""
    return action.is_overdue(day)
