"""Writes to success measures and their values: the measure register.

Each write is one transaction, validates the model, and records who made it and why in
the measure's history (django-simple-history), as actions/services.py does for actions.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actions.models import MeasureValue, SuccessMeasure
from boroughs.audit import audited_save

MEASURE_FIELDS = (
    "description",
    "priority",
    "unit",
    "baseline",
    "target",
    "target_date",
    "direction",
    "data_source",
    "indicator",
)


def _check_priority(plan, priority):
    if priority is not None and priority.plan_id != plan.pk:
        raise ValidationError({"priority": "Choose a priority of this plan."})


@transaction.atomic
def measure_create(*, plan, user, description, reason="Added measure", **fields):
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"Not measure fields: {', '.join(sorted(unknown))}")
    _check_priority(plan, fields.get("priority"))
    last = plan.measures.order_by("-position").values_list("position", flat=True).first()
    measure = SuccessMeasure(
        plan=plan, description=description, position=0 if last is None else last + 1, **fields
    )
    return audited_save(measure, user=user, reason=reason)


@transaction.atomic
def measure_update(*, measure, user, reason="Edited measure", **fields):
    """Change a measure's wording, baseline, target, direction or indicator link."""
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"Not measure fields: {', '.join(sorted(unknown))}")
    _check_priority(measure.plan, fields.get("priority"))
    for name, value in fields.items():
        setattr(measure, name, value)
    return audited_save(measure, user=user, reason=reason)


@transaction.atomic
def measure_link_indicator(*, measure, user, indicator):
    """Link a measure to a national indicator (or unlink it, with None)."""
    reason = f"Linked to national indicator {indicator.code}" if indicator else "Unlinked"
    measure.indicator = indicator
    if indicator is not None and not measure.direction and indicator.direction:
        measure.direction = indicator.direction
    return audited_save(measure, user=user, reason=reason)


@transaction.atomic
def measure_value_set(*, measure, user, date, value, note="", is_illustrative=False, reason):
    """Create or update the measure's value on ``date`` (used by the flat import)."""
    row = MeasureValue.objects.filter(measure=measure, date=date).first()
    if row is None:
        row = MeasureValue(measure=measure, date=date)
    elif (row.value, row.note, row.is_illustrative) == (value, note, is_illustrative):
        return row, False
    row.value, row.note, row.is_illustrative = value, note, is_illustrative
    return audited_save(row, user=user, reason=reason), True


@transaction.atomic
def borough_measure_settings_update(
    *, borough, user, amber_margin, amber_when_improving, comparators
):
    """How the borough's measures are rated, and which areas they are compared with."""
    if borough.la_number is not None and any(a.la_number == borough.la_number for a in comparators):
        raise ValidationError({"comparators": "Choose areas other than the borough itself."})
    reason = "Changed measure settings"
    borough.measure_amber_margin = amber_margin
    borough.measure_amber_when_improving = amber_when_improving
    audited_save(borough, user=user, reason=reason)
    if set(comparators) != set(borough.comparators.all()):
        borough._history_user = user
        borough._change_reason = reason
        borough.comparators.set(comparators)
    return borough


@transaction.atomic
def measure_value_update(*, value, user, date, number, note=""):
    """Correct a recorded value: its date, figure or note."""
    clash = MeasureValue.objects.filter(measure=value.measure_id, date=date).exclude(pk=value.pk)
    if clash.exists():
        raise ValidationError(
            {"date": "There is already a value for this date. Choose another date."}
        )
    value.date, value.value, value.note = date, number, note
    return audited_save(value, user=user, reason="Corrected measure value")


@transaction.atomic
def measure_value_delete(*, value, user):
    """Remove a value recorded by mistake; its history keeps what it was."""
    value._history_user = user
    value._change_reason = "Removed measure value"
    value.delete()


@transaction.atomic
def measure_value_save(*, value, user, reason):
    """Correct a measure value (the admin); a clash of dates is a ValidationError."""
    return _save_dated_value(value, user=user, reason=reason)


SAME_DATE = "There is already a value for this date. Choose another date."


def _save_dated_value(value, *, user, reason):
    """Save `value`, audited; the database's unique date constraint, if it refuses the
    write (inside a savepoint), becomes the form's message rather than a 500."""
    # Field checks only: the constraint is the database's to enforce.
    value.full_clean(validate_unique=False, validate_constraints=False)
    value._history_user = user
    value._change_reason = reason
    try:
        with transaction.atomic():
            value.save()
    except IntegrityError:
        raise ValidationError({"date": SAME_DATE}) from None
    return value


@transaction.atomic
def measure_value_add(
    *,
    measure,
    user,
    date,
    value,
    note="",
    is_illustrative=False,
    recorded_at=None,
    reason="Added measure value",
):
    """Record a measure's value for a date; a second value for the same date is refused.

    Two posted at once both pass the first check; the database's unique constraint then
    refuses the later INSERT, which is turned into the same form error inside a
    savepoint, so the loser sees a message rather than a 500.
    """
    if MeasureValue.objects.filter(measure=measure, date=date).exists():
        raise ValidationError({"date": SAME_DATE})
    value = MeasureValue(
        measure=measure, date=date, value=value, note=note, is_illustrative=is_illustrative
    )
    if recorded_at is not None:
        value._history_date = recorded_at
        value.recorded_at = recorded_at
    return _save_dated_value(value, user=user, reason=reason)
