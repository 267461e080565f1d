"""Template filters for figures: shown as people write them (75%, not 75.00%)."""

from django import template

from actions.measures import format_value

register = template.Library()


@register.filter
def figure(value, unit=""):
    """{{ value|figure:measure.unit }}: "75%", "1,234 days", or "No figure"."""
    return format_value(value, unit or "")
