"""RAGB, the status scale the plans use: its values, order, words, colours and rules.

Every page, form, service, filter and board pack asks this module; none keeps its own
copy. The rules (what a rating needs, what is overdue) are pure functions of plain
values, so the status form (actions/forms/status.py) and the service that writes a
rating (actions/services.py) give the same answer with the same words, and a board
pack can ask them of an action as it stood at a past instant. The database form of the
same rules is ActionQuerySet in actions/models/action.py.
"""

from django.db import models


class RAGB(models.TextChoices):
    """The status scale, as the plans' own keys define it."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"


# An action nobody has rated yet: stored as an empty status.
NOT_RATED = ""
# The same, where an empty string cannot stand: query strings (a blank filter means
# "any status"), dictionary keys in board pack content, count annotations, CSS classes.
NOT_RATED_KEY = "not_rated"
NOT_RATED_LABEL = "Not rated"

# Every status an action may have, in the order lists, counts and sorting show them:
# worst first, completed, then not yet rated.
ORDER = (RAGB.RED, RAGB.AMBER, RAGB.GREEN, RAGB.BLUE, NOT_RATED)
# ORDER as keys (NOT_RATED spelled NOT_RATED_KEY).
KEYS = tuple(status or NOT_RATED_KEY for status in ORDER)

# Whether a change of rating is better or worse: Red is the worst, Green the best still
# open, and Blue (done) ranks above all. Not rated ranks below Red.
RANK = {NOT_RATED: -1, RAGB.RED: 0, RAGB.AMBER: 1, RAGB.GREEN: 2, RAGB.BLUE: 3}

MEANINGS = {
    RAGB.RED: "Major risks and barriers to achieving – requires urgent attention",
    RAGB.AMBER: "In progress – some risks and barriers to completion",
    RAGB.GREEN: "On track",
    RAGB.BLUE: "Completed",
}

# The GOV.UK Frontend tag modifier for each status (templates/includes/ragb_tag.html;
# contrast figures there). Amber uses yellow: more distinct from red than orange.
TAG_COLOURS = {
    RAGB.RED: "red",
    RAGB.AMBER: "yellow",
    RAGB.GREEN: "green",
    RAGB.BLUE: "blue",
    NOT_RATED: "grey",
}
# Fills for charts (reports/charts.py), chosen so that every pair stays apart without
# colour: in greyscale each is at least 12 L* from the next (Red darkest, then Blue,
# Green, Not rated, Amber), and they stay apart under simulated deuteranopia
# (tests/packs/test_palette.py). GOV.UK's own red, green and blue print the same grey.
FILL_COLOURS = {
    RAGB.RED: "#7a1b0f",
    RAGB.AMBER: "#ffdd00",
    RAGB.GREEN: "#4a9c5d",
    RAGB.BLUE: "#2566a8",
    NOT_RATED: "#b8babc",
}

# Ratings that must be explained with a narrative.
NEED_NARRATIVE = (RAGB.RED, RAGB.AMBER)


def normalise(value):
    """A status from a key, a stored value or None: one of ORDER.

    NOT_RATED_KEY, None and "" are all "not rated"; anything else must be a rating.
    """
    if value in (None, NOT_RATED, NOT_RATED_KEY):
        return NOT_RATED
    return RAGB(value).value


def key(status):
    """The status as a key that is never blank: "red", ..., "blue", "not_rated"."""
    return normalise(status) or NOT_RATED_KEY


def label(status):
    """The word for a status: Red, Amber, Green, Blue or Not rated."""
    status = normalise(status)
    return RAGB(status).label if status else NOT_RATED_LABEL


def meaning(status):
    """What the rating says about the action, in the plans' words; "Not rated" if none."""
    return MEANINGS.get(normalise(status), NOT_RATED_LABEL)


def is_rated(status):
    return normalise(status) != NOT_RATED


def is_completed(status):
    return normalise(status) == RAGB.BLUE


def is_overdue(*, due_date, status, on):
    """Past its due date on `on` and not completed. Due on `on` itself is not yet overdue;
    an action with no due date never is.

    ActionQuerySet.overdue(on) (actions/models/action.py) asks the database the same question.
    """
    return due_date is not None and due_date < on and not is_completed(status)


def rating_problems(*, status, previous, narrative, completed_on):
    """What is wrong with rating an action `status` (from `previous`), as {field: message}.

    - Red and Amber need a narrative.
    - A change of rating needs a narrative (the first rating of an action is not a change).
    - Blue (completed) needs the date the action was completed, unless it was already
      Blue (an imported completed action whose file gave no date is not blocked).
    An empty dict means the rating may be recorded. `status` must be a rating.
    """
    status, previous = normalise(status), normalise(previous)
    explained = bool((narrative or "").strip())
    problems = {}
    if status in NEED_NARRATIVE and not explained:
        problems["narrative"] = f"Enter a narrative to explain the {label(status)} rating"
    elif previous and status != previous and not explained:
        problems["narrative"] = (
            f"Enter a narrative saying why the rating has changed from "
            f"{label(previous)} to {label(status)}"
        )
    if status == RAGB.BLUE and completed_on is None and previous != RAGB.BLUE:
        problems["completed_on"] = "Enter the date the action was completed"
    return problems
