"""Which quarter an update reports on by default: the open reporting round's, if any.

Reporting rounds live in governance, a layer above actions, so actions asks through
this one hook, which governance fills in when the app starts (governance/apps.py).
The status page and imports ask it for the quarter a new rating reports on by default
("Save and next" and the bulk page report on their round's quarter already).
"""

from dataclasses import dataclass
from datetime import date as Date

_finder = None


@dataclass(frozen=True)
class OpenRound:
    """What an update page needs to know about the borough's open round."""

    pk: int
    label: str  # the quarter, e.g. "2026/27 Q2"
    report_date: Date  # the quarter's last day: the day its updates report on
    update_deadline: Date


def register(finder):
    """`finder(borough) -> OpenRound | None`; governance registers it at start-up."""
    global _finder
    _finder = finder


def open_round(borough):
    """The borough's round taking updates now, or None (no round, or none registered)."""
    if _finder is None or borough is None:
        return None
    return _finder(borough)
