"""How a success measure is rated against its target: the one place the rule lives.

The default rule, which a borough can tune (Borough.measure_amber_margin and
Borough.measure_amber_when_improving):

* **Green**: the latest value is at the target or beyond it, in the measure's direction.
* **Amber**: short of the target, but within the margin (10% of the target by default),
  or better than the value before it (improving), where the borough counts improvement.
* **Red**: otherwise.
* **Not rated** (""): no target, no value yet, or no way to tell which way is better.

"Beyond" follows the measure's polarity (SuccessMeasure.direction): higher is better or
lower is better. A measure with no direction takes it from its baseline and target (a
target above the baseline means higher is better). A target date that has passed without
the target being met is flagged, whatever the rating.

Values are any objects with ``date`` and ``value`` (MeasureValue rows, or a linked
indicator's figures); those dated after ``on`` are ignored, so a past board pack rates a
measure as it stood then.
"""

import dataclasses
import datetime as dt
from decimal import Decimal, InvalidOperation

from actions.models import RAGB

DEFAULT_AMBER_MARGIN = 10  # percent of the target
UP, DOWN = "up", "down"
POLARITY_WORDS = {UP: "higher is better", DOWN: "lower is better"}


@dataclasses.dataclass(frozen=True)
class MeasureRating:
    rating: str  # a RAGB value, or "" when the measure cannot be rated
    reason: str  # in plain words, for the page and the board pack
    target_passed: bool  # the target date has passed without the target being met
    latest: Decimal | None


def measure_rating(measure, values, *, on) -> MeasureRating:
    """Rate ``measure`` on the date ``on`` from ``values`` (see the module docstring)."""
    series = _as_at(values, on)
    latest = series[-1][1] if series else None
    target = _decimal(measure.target)
    direction = polarity(measure)
    if target is None:
        return MeasureRating("", "No target is set.", False, latest)
    if direction is None:
        unknown = "It is not known whether higher or lower is better."
        return MeasureRating("", unknown, False, latest)
    if latest is None:
        return MeasureRating("", "No value has been recorded yet.", _passed(measure, on), None)

    unit = measure.unit
    reason = (
        f"{format_value(latest, unit)} against a target of {format_value(target, unit)} "
        f"({POLARITY_WORDS[direction]})"
    )
    if _meets(latest, target, direction):
        return MeasureRating(RAGB.GREEN, reason + ".", False, latest)

    passed = _passed(measure, on)
    if passed:
        reason += f"; the target date, {measure.target_date:%-d %B %Y}, has passed"
    margin, count_improving = _settings(measure)
    if _within_margin(latest, target, direction, margin):
        reason += f"; within {margin}% of the target."
        return MeasureRating(RAGB.AMBER, reason, passed, latest)
    if count_improving and len(series) > 1:
        previous = series[-2][1]
        if _better(latest, previous, direction):
            return MeasureRating(
                RAGB.AMBER,
                f"{reason}; improving since {format_value(previous, unit)}.",
                passed,
                latest,
            )
    return MeasureRating(RAGB.RED, reason + ".", passed, latest)


def polarity(measure):
    """UP, DOWN or None: the measure's direction, else inferred from baseline and target."""
    if measure.direction in (UP, DOWN):
        return measure.direction
    baseline, target = _decimal(measure.baseline), _decimal(measure.target)
    if baseline is None or target is None or baseline == target:
        return None
    return UP if target > baseline else DOWN


def format_value(value, unit=""):
    """A figure as people write it: 75% not 75.00%, 1,234 not 1234.00, -0.07 kept."""
    if value is None:
        return "No figure"
    number = _decimal(value)
    whole = number == number.to_integral_value()
    text = f"{number:,.0f}" if whole else f"{number.normalize():,f}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if unit else text


# --- the parts of the rule --------------------------------------------------------------


def _meets(value, target, direction):
    return value >= target if direction == UP else value <= target


def _better(value, previous, direction):
    return value > previous if direction == UP else value < previous


def _within_margin(value, target, direction, margin):
    allowance = abs(target) * Decimal(margin) / 100
    if direction == UP:
        return value >= target - allowance
    return value <= target + allowance


def _passed(measure, on):
    return measure.target_date is not None and measure.target_date < on


def _settings(measure):
    """The borough's margin and whether it counts improvement towards Amber."""
    borough = measure.plan.borough
    margin = getattr(borough, "measure_amber_margin", None)
    improving = getattr(borough, "measure_amber_when_improving", True)
    return (DEFAULT_AMBER_MARGIN if margin is None else margin), improving


def _as_at(values, on):
    """(date, Decimal) pairs dated on or before ``on``, oldest first; no-figure rows dropped."""
    if isinstance(on, dt.datetime):
        on = on.date()
    series = []
    for item in values:
        number = _decimal(item.value)
        if number is not None and item.date <= on:
            series.append((item.date, number))
    series.sort(key=lambda pair: pair[0])
    return series


def _decimal(value):
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None
