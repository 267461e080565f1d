"""The public page's action cards, written out in Python.

A plan shows every action as a GOV.UK summary card; at national scale that is hundreds of
cards, and Django's template engine spent more CPU on them than reading the quarter did
(each card is some fifteen variables, conditions and filters). The card is one format
string here, every value escaped as the template would (with html.escape, which Django's
own `escape` calls: its wrapper for lazy strings cost more than the escaping).
`{% action_cards %}` (reports/templatetags/public_tags.py) prints a priority's cards.
The words a reader sees are in LABELS, which the plain-English test reads too.
"""

import functools
from html import escape

from django.utils.safestring import mark_safe

from actions.templatetags.ragb_tags import ragb_tag

LABELS = {
    "progress": "Progress",
    "since": "Since last quarter",
    "update": "What has happened",
    "made_up": "Made-up example:",
    "owners": "Who leads it",
    "when": "When",
}
CARD = (
    '<div class="govuk-summary-card" id="{id}">\n'
    '<div class="govuk-summary-card__title-wrapper">\n'
    '<h3 class="govuk-summary-card__title">{reference}: {description}</h3>\n'
    "</div>\n"
    '<div class="govuk-summary-card__content">\n'
    '<dl class="govuk-summary-list">\n'
    "{rows}"
    "</dl>\n"
    "</div>\n"
    "</div>\n"
)
ROW = (
    '<div class="govuk-summary-list__row">\n'
    '<dt class="govuk-summary-list__key">{key}</dt>\n'
    '<dd class="govuk-summary-list__value">{value}</dd>\n'
    "</div>\n"
)
MADE_UP = f"<strong>{LABELS['made_up']}</strong> "


@functools.cache
def _progress(rating, meaning):
    """The rating's tag and what it means (as `{% ragb_tag %} {{ meaning|capfirst }}`)."""
    return f"{ragb_tag(rating)} {escape(meaning[:1].upper() + meaning[1:])}"


@functools.lru_cache(maxsize=4096)
def _escaped(text):
    """Escaped, for the few words cards repeat ("Same as last quarter", a due date)."""
    return escape(text)


def _linebreaksbr(text):
    """Django's `linebreaksbr` filter, without its lazy-string wrappers."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return escape(text).replace("\n", "<br>")


def _rows(action):
    progress = _progress(action["rating"], action["rating_meaning"])
    rows = [
        ROW.format(key=LABELS["progress"], value=progress),
        ROW.format(key=LABELS["since"], value=_escaped(action["change_words"])),
    ]
    if action["update"]:
        made_up = MADE_UP if action["illustrative"] else ""
        value = made_up + _linebreaksbr(action["update"])
        rows.append(ROW.format(key=LABELS["update"], value=value))
    if action["owners"]:
        owners = "; ".join(escape(name) for name in action["owners"])
        rows.append(ROW.format(key=LABELS["owners"], value=owners))
    if action["when_words"]:
        rows.append(ROW.format(key=LABELS["when"], value=_escaped(action["when_words"])))
    return "".join(rows)


def action_cards(actions):
    """The HTML of `actions` (reports.public.content's action dicts), safe to print."""
    return mark_safe(  # noqa: S308 - every value above is escaped
        "".join(
            CARD.format(
                id=escape(action["id"]),
                reference=escape(action["reference"]),
                description=escape(action["description"]),
                rows=_rows(action),
            )
            for action in actions
        )
    )


def words():
    """The words the cards say themselves, for the plain-English test."""
    return " ".join(f"{label}." if label[-1] != ":" else label for label in LABELS.values())
