"""The rows of an action table, written in one go.

A plan page prints 200 rows; as template markup each row was about eight variable
nodes and four {% if %}s, some 2,500 nodes a page and most of the page's server time.
Here each row is one string format of values already escaped, from the ActionRows of
actions.rows.action_rows. The escaping is the standard library's `html.escape`, which
django.utils.html.escape calls for text, without its lazy-string wrapper (the five
values a row that come from people; the URL and the tag are the code's own). The markup
is the same the row templates had (see templates/actions/_action_rows.html for the
table around it).
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

ROW = (
    '<tr class="govuk-table__row">\n'
    '  <th scope="row" class="govuk-table__header">'
    '<a class="govuk-link" href="{url}">{reference}</a></th>\n'
    '  <td class="govuk-table__cell sp-wrap" data-label="Action">{description}{plan}</td>\n'
    '  <td class="govuk-table__cell" data-label="Owners">{owners}</td>\n'
    '  <td class="govuk-table__cell" data-label="Due">{due}{overdue}</td>\n'
    '  <td class="govuk-table__cell" data-label="Status">'
    '<strong class="govuk-tag {tag_class} sp-ragb-tag">{tag_label}</strong></td>\n'
    "</tr>\n"
)
PLAN = '<br><span class="govuk-hint govuk-!-font-size-16 govuk-!-margin-0">{}</span>'
NO_OWNER = '<span class="govuk-hint govuk-!-margin-0">No owner</span>'
NO_DATE = '<span class="govuk-hint govuk-!-margin-0">No date</span>'
OVERDUE = ' <strong class="govuk-tag govuk-tag--red">Overdue</strong>'


def row_html(action, *, show_plan=False):
    # The URL (an id), the tag's class and its word are actions/rows.py's own, never
    # typed by anyone: escaping them (three of eight values a row) was wasted work.
    return ROW.format(
        url=action["url"],
        reference=escape(action["reference"]),
        description=escape(action["description"]),
        plan=PLAN.format(escape(action["plan"]["title"])) if show_plan else "",
        owners=escape(action["owners"]) if action["owners"] else NO_OWNER,
        due=escape(action["due"]) if action["due"] else NO_DATE,
        overdue=OVERDUE if action["overdue"] else "",
        tag_class=action["tag_class"],
        tag_label=action["tag_label"],
    )


@register.simple_tag
def action_table_rows(actions, show_plan=False):
    """{% action_table_rows actions show_plan=True %}: a <tr> per action, in order."""
    return mark_safe("".join(row_html(action, show_plan=show_plan) for action in actions))  # noqa: S308 - every value escaped above
