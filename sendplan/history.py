"""The audited history: reading it "as at" an instant, and keeping it read-only.

A board pack for a past quarter is rebuilt from the Historical* tables (simple_history),
so a history row changed or deleted silently would change what a board is said to have
seen. The model-layer guard here: `save()` of an existing historical row, or `delete()`
of one (including QuerySet.delete and cascades), raises HistoryIsReadOnly unless the code
is inside `rewriting_history()`, which only the superuser admin paths in
sendplan/admin_history.py enter. New rows (how history grows) and `loaddata` (raw saves,
restoring a backup) pass. QuerySet.update() sends no signal and is not caught.

A restore writes no history of its own: `loaddata` saves rows raw (simple_history then
skips them) but sets many-to-many links through the ordinary API, and simple_history
would record each as a fresh change, dated today. A raw save marks its instance with
simple_history's own `skip_history_when_saving`, so the restored history is exactly the
history that was exported (tests/ops/test_backup_restore.py).

`install_guard()` is called by SendplanConfig.ready() (sendplan/apps.py), so the guard
is on in every process (web, worker, management commands, tests).
"""

import contextlib
import contextvars

from django.apps import apps
from django.db.models import F, Window
from django.db.models.functions import FirstValue, RowNumber
from django.db.models.signals import pre_delete, pre_save
from simple_history.models import HistoricalChanges

_rewrite_allowed = contextvars.ContextVar("sendplan_rewrite_history", default=False)


class HistoryIsReadOnly(Exception):
    """Application code tried to change or delete a row of the audited history."""


@contextlib.contextmanager
def rewriting_history():
    """Allow changing or deleting history rows inside this block (superuser admin only)."""
    token = _rewrite_allowed.set(True)
    try:
        yield
    finally:
        _rewrite_allowed.reset(token)


def _refuse_update(sender, instance, raw=False, **kwargs):
    if raw or _rewrite_allowed.get():
        return
    # simple_history creates rows with no primary key; one with a key may be an UPDATE.
    if instance.pk is None or not sender._default_manager.filter(pk=instance.pk).exists():
        return
    raise HistoryIsReadOnly(f"{sender.__name__} #{instance.pk} is history and cannot be changed.")


def _refuse_delete(sender, instance, **kwargs):
    if not _rewrite_allowed.get():
        raise HistoryIsReadOnly(
            f"{sender.__name__} #{instance.pk} is history and cannot be deleted."
        )


def _restore_without_new_history(sender, instance, raw=False, **kwargs):
    if raw:
        instance.skip_history_when_saving = True


def historical_models():
    """Every Historical* model, including the m2m history tables (owners, tags, ...)."""
    return [m for m in apps.get_models() if issubclass(m, HistoricalChanges)]


def install_guard():
    """Connect the guard to every historical model (SendplanConfig.ready(), at start-up)."""
    for model in historical_models():
        uid = f"sendplan-history-guard-{model._meta.label_lower}"
        pre_save.connect(_refuse_update, sender=model, weak=False, dispatch_uid=uid)
        pre_delete.connect(_refuse_delete, sender=model, weak=False, dispatch_uid=uid)
    for model in apps.get_models():
        if hasattr(model._meta, "simple_history_manager_attribute"):
            uid = f"sendplan-history-restore-{model._meta.label_lower}"
            pre_save.connect(
                _restore_without_new_history, sender=model, weak=False, dispatch_uid=uid
            )


def as_at(model, *, when, **filters):
    """The latest history row of each `model` object at or before `when`, as a queryset.

    A window function picks the row, so the database does the work in one query.
    Objects created after `when`, or deleted before it, are left out. The rows are
    historical rows, so `history_id` is there for many-to-many history lookups.
    """
    latest_first = [F("history_date").desc(), F("history_id").desc()]
    return (
        model.history.model.objects.filter(history_date__lte=when, **filters)
        .annotate(
            row=Window(RowNumber(), partition_by=[F("id")], order_by=latest_first),
            # The latest row's type, as a window too: a plain exclude(history_type="-")
            # would be applied before the ranking, so an object deleted before `when`
            # would come back as it was before its deletion.
            latest_type=Window(
                FirstValue("history_type"), partition_by=[F("id")], order_by=latest_first
            ),
        )
        .filter(row=1)
        .exclude(latest_type="-")
    )


def rows_as_at(model, *, when, **filters):
    """`as_at` as a list in id order: for the audited models a board pack reads."""
    return list(as_at(model, when=when, **filters).order_by("id"))
