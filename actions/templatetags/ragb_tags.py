"""RAGB in templates: a status's word and GOV.UK tag colour, from actions/ragb.py."""

from django import template

from actions import ragb
from actions.ragb import RAGB

register = template.Library()

_FIRST_LETTERS = {status.value[0]: status.value for status in RAGB}


def _status(value):
    """Any spelling a page may hold: "red", "Red", "R", "not_rated", "", None, ..."""
    text = str(value or "").strip().lower()
    text = _FIRST_LETTERS.get(text, text)
    return text if text in RAGB.values else ragb.NOT_RATED


@register.filter
def ragb_label(value):
    """The word for a status: Red, Amber, Green, Blue or Not rated."""
    return ragb.label(_status(value))


@register.filter
def ragb_colour(value):
    """The GOV.UK tag modifier: "red", "yellow", "green", "blue" or "grey"."""
    return ragb.TAG_COLOURS[_status(value)]


@register.filter
def overdue_on(action, day):
    """{% if action|overdue_on:today %}: the one overdue rule (ragb.is_overdue)."""
    return action.is_overdue(day)
