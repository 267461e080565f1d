"""The home page's board panel: a borough's latest board pack and its next meeting.

A template tag, so that the home page (boroughs/, a lower layer) can show packs
without its Python importing from reports/.
"""

from django import template

from reports.selectors import latest_pack

register = template.Library()


@register.inclusion_tag("reports/_board_panel.html", takes_context=True)
def board_panel(context, borough, next_meeting, *, lead=False):
    """One query: the latest ready pack of `borough` that the signed-in user may read."""
    user = context["request"].user
    return {
        "borough": borough,
        "pack": latest_pack(user, borough) if borough else None,
        "next_meeting": next_meeting,
        "lead": lead,
    }
