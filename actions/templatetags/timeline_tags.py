"""An action's timeline entries, written in one go.

A five-year action has about 40 entries; as template markup each was some twenty
variable nodes and ten {% if %}s, a good part of the action page's server time. Here
each entry is one string format of values already escaped, from the Entries of
actions.timeline.build_timeline. The markup is the one templates/actions/_timeline.html
had (MOJ timeline component; the rating tag as includes/ragb_tag.html writes it).
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# `escape` is the standard library's, which django.utils.html.escape calls (same
# output, without the lazy-string wrapper's cost per value); every value here is a str.

ITEM = (
    '<div class="moj-timeline__item">\n'
    '<div class="moj-timeline__header">\n'
    '<h3 class="moj-timeline__title">{title}{illustrative_tag}</h3>\n'
    '<p class="moj-timeline__byline">by {who}</p>\n'
    "</div>\n"
    '<p class="moj-timeline__date"><time datetime="{iso}">{date}</time></p>\n'
    '<div class="moj-timeline__description">\n'
    "{illustrative}{rating}{changes}{narrative}{next_steps}"
    "</div>\n"
    "</div>\n"
)
ILLUSTRATIVE_TAG = ' <strong class="govuk-tag govuk-tag--grey">Illustrative</strong>'
ILLUSTRATIVE = (
    '<p class="govuk-body-s">Illustrative: made up to show how the service works,'
    " not a real update.</p>\n"
)
RATING = (
    '<p class="govuk-body"><strong class="govuk-tag {tag_class} sp-ragb-tag">{tag_label}</strong>'
    " rated on {rated_on}</p>\n"
)
CHANGE = "<li><strong>{label}</strong> changed from \u201c{old}\u201d to \u201c{new}\u201d</li>\n"
NARRATIVE = '<p class="govuk-body"><strong>Narrative:</strong> {}</p>\n'
NEXT_STEPS = '<p class="govuk-body"><strong>Next steps:</strong> {}</p>\n'
EMPTY = '<p class="govuk-body">Nothing has happened to this action yet.</p>\n'


def _linebreaksbr(text):
    """The `linebreaksbr` filter with autoescaping: escaped, each line break a <br>."""
    return escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _changes_html(changes):
    if not changes:
        return ""
    items = "".join(
        CHANGE.format(label=escape(c.label), old=escape(c.old), new=escape(c.new)) for c in changes
    )
    return f'<ul class="govuk-list">\n{items}</ul>\n'


def entry_html(entry):
    if entry.when:
        iso, day = entry.when_iso, entry.when_text
    else:
        iso, day = entry.rated_on_iso, entry.rated_on_text
    rating = ""
    if entry.kind == "update":
        tag_class, tag_label = entry.tag
        rating = RATING.format(
            tag_class=escape(tag_class),
            tag_label=escape(tag_label),
            rated_on=escape(entry.rated_on_text),
        )
    return ITEM.format(
        title=escape(entry.title),
        illustrative_tag=ILLUSTRATIVE_TAG if entry.is_illustrative else "",
        who=escape(entry.who),
        iso=escape(iso),
        date=escape(day),
        illustrative=ILLUSTRATIVE if entry.is_illustrative else "",
        rating=rating,
        changes=_changes_html(entry.changes),
        narrative=NARRATIVE.format(_linebreaksbr(entry.narrative)) if entry.narrative else "",
        next_steps=NEXT_STEPS.format(_linebreaksbr(entry.next_steps)) if entry.next_steps else "",
    )


@register.simple_tag
def timeline_entries(entries):
    """{% timeline_entries timeline %}: a timeline item per entry, newest first."""
    if not entries:
        return mark_safe(EMPTY)  # noqa: S308 - a constant
    return mark_safe("".join(entry_html(entry) for entry in entries))  # noqa: S308 - every value escaped above
