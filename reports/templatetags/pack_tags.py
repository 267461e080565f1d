"""Template filters for board packs, whose content stores dates as ISO strings."""

from datetime import date

from django import template
from django.utils.dateformat import format as date_format

from actions import ragb

register = template.Library()


@register.filter
def as_date(value, fmt="j F Y"):
    """'2025-09-30' → '30 September 2025'; empty stays empty."""
    if not value:
        return ""
    return date_format(date.fromisoformat(value), fmt)


@register.filter
def rating_label(value):
    """A status or status key as its word: "Red", ..., "Blue", "Not rated"."""
    return ragb.label(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def unit_suffix(unit):
    """'%' sits on the number (52.5%); a word unit gets a space (12 days)."""
    if not unit:
        return ""
    return unit if unit in ("%", "‰") else f" {unit}"


@register.filter
def sub(value, other):
    """value - other, for "and N more"."""
    return int(value) - int(other)


@register.filter
def take(items, count):
    """The first `count` items."""
    return list(items)[: int(count)]
