"""Writing what issue 12's layouts add: dated status updates and success measures.

Kept apart from apply.py's action writes so the one-writer work can route these
through the bulk service without touching the rest. Each is bulk-written with its
history rows, in the import's transaction.
"""

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from actions.models import StatusUpdate, SuccessMeasure

BATCH = 500


def write_dated_updates(result, history_user, history):
    """A StatusUpdate for each dated rating the plan does not hold; corrections in place."""
    new, changed = [], []
    author = history_user
    held = {}
    for item in result.actions:
        for date, status, word, narrative, pk in item.new_updates:
            if pk is None:
                new.append(
                    StatusUpdate(
                        action_id=item.obj.pk,
                        date=date,
                        status=status,
                        status_word=word,
                        narrative=narrative,
                        author=author,
                    )
                )
            else:
                held[pk] = (status, word, narrative)
    if held:
        for update in StatusUpdate.objects.filter(pk__in=held):
            update.status, update.status_word, update.narrative = held[update.pk]
            changed.append(update)
    if new:
        bulk_create_with_history(new, StatusUpdate, batch_size=BATCH, **history)
    if changed:
        bulk_update_with_history(
            changed,
            StatusUpdate,
            ["status", "status_word", "narrative"],
            batch_size=BATCH,
            **history,
        )


def write_measures(result, plan, history):
    position = result.state.measure_position
    new = []
    for item in result.measures:
        if item.existing is not None:
            continue
        position += 1
        new.append(
            SuccessMeasure(
                plan=plan,
                priority=item.priority.obj,
                objective=item.objective.obj if item.objective else None,
                description=item.description,
                position=position,
            )
        )
    if new:
        bulk_create_with_history(new, SuccessMeasure, batch_size=BATCH, **history)
