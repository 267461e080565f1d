"""Writing what issue 12's layouts add: dated status updates and success measures.

Kept apart from apply.py's action writes so the one-writer work can route these
through the bulk service without touching the rest. Each is bulk-written with its
history rows, in the import's transaction.
"""

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from actions.models import StatusUpdate, SuccessMeasure

BATCH = 500


def write_dated_updates(result, history_user, history):
    """A StatusUpdate for each dated rating the plan does not hold; corrections in place.

    Runs after the bulk service, which has written the StatusUpdate (linked to the
    action's history row) for each action whose current rating changed, dated the
    rating's date: that row is completed with the plan's word and note for its date
    rather than written twice. Earlier dates are history, not changes of the action's
    current rating, so they have no action history row to link to.
    """
    dated = [item for item in result.actions if item.new_updates]
    if not dated:
        return
    held = {}
    ids = [item.obj.pk for item in dated]
    for start in range(0, len(ids), 2000):
        rows = StatusUpdate.objects.filter(action_id__in=ids[start : start + 2000])
        for update in rows.order_by("created_at", "id"):
            held[(update.action_id, update.date)] = update
    new, changed = [], []
    for item in dated:
        for date, status, word, narrative, _ in item.new_updates:
            update = held.get((item.obj.pk, date))
            if update is None:
                new.append(
                    StatusUpdate(
                        action_id=item.obj.pk,
                        date=date,
                        status=status,
                        status_word=word,
                        narrative=narrative,
                        author=history_user,
                        source=StatusUpdate.Source.IMPORT,
                    )
                )
            elif (update.status, update.status_word, update.narrative) != (
                status,
                word,
                narrative,
            ):
                update.status, update.status_word, update.narrative = status, word, narrative
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
                action_id=item.action.obj.pk if item.action else None,
                description=item.description,
                position=position,
            )
        )
    if new:
        bulk_create_with_history(new, SuccessMeasure, batch_size=BATCH, **history)
