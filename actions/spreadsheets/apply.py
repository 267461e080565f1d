"""Writing an import: everything in one transaction, in bulk, with its audited history.

The actions themselves (versions, ratings, owners and tags) are written by the bulk
service, actions.bulk.actions_bulk_write, with the same rules as every other writer.
The number of queries depends on the number of batches, never on the number of rows.
"""

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from actions.bulk import BulkAction, actions_bulk_write
from actions.models import Action, Objective, Plan, Priority, StatusUpdate, Tag
from actions.spreadsheets.apply_extras import write_dated_updates, write_measures
from actions.spreadsheets.milestones import write_milestones
from actions.spreadsheets.owners import owner_kind
from boroughs.models import Person
from sendplan.slugs import unique_slug

BATCH = 500


class ImportRejected(Exception):
    """The import has row errors, so nothing may be written. Carries the result."""

    def __init__(self, result):
        self.result = result
        super().__init__(f"{len(result.errors)} rows have errors; nothing was imported.")


# slugify drops dashes and slashes it does not know, so "2026–27" would become "202627".
_SEPARATORS = str.maketrans({"–": "-", "—": "-", "/": "-", "\\": "-"})


def _unique_slug(borough, title):
    """A new plan's slug, unique in its borough, keeping the dashes between years."""
    plans = Plan.objects.filter(borough=borough)
    return unique_slug(title.translate(_SEPARATORS), plans, fallback="plan")


@transaction.atomic
def apply_import(*, result, user=None, new_plan_title=None, expected_versions=None):
    """Write what `result` (from parse.build_import) found. Returns the plan.

    Refuses a result with row errors: an import is all or nothing. `expected_versions`
    ({reference: version}, what the admin's preview showed) makes the write refuse,
    with ConcurrentEdit, any action someone changed since.
    """
    if not result.ok:
        raise ImportRejected(result)
    state = result.state
    history_user = user if getattr(user, "is_authenticated", False) else None
    reason = f"Imported from {result.filename}"[:100]
    now = timezone.now()
    plan = state.plan
    # Time has two axes. A new plan's history is dated from the first day its file
    # reports on, so packs for the quarters it reports on show it; Plan.recorded_at
    # keeps when it was recorded (changes to a plan already held are dated now).
    dated = _history_starts(result) if plan.pk is None else None
    history = {
        "default_user": history_user,
        "default_change_reason": reason,
        "default_date": dated or now,
    }
    if plan.pk is None:
        plan.title = new_plan_title or plan.title
        plan.slug = _unique_slug(state.borough, plan.title)
        plan.recorded_at = now
        plan._history_user, plan._change_reason = history_user, reason
        plan._history_date = dated or now
        plan.save()

    people = {key: person.pk for key, person in state.people.items()}
    if result.new_people:
        created = bulk_create_with_history(
            [
                Person(borough=state.borough, name=name, job_title=job_title, kind=owner_kind(name))
                for name, job_title in result.new_people.values()
            ],
            Person,
            batch_size=BATCH,
            **history,
        )
        people.update(zip(result.new_people, (p.pk for p in created), strict=True))

    missing_tags = result.tag_names - state.tags.keys()
    if missing_tags:
        Tag.objects.bulk_create(
            [Tag(borough=state.borough, name=n) for n in missing_tags], ignore_conflicts=True
        )
        mine = Tag.objects.filter(borough=state.borough, name__in=missing_tags)
        state.tags.update(mine.values_list("name", "id"))

    _write_priorities(result, plan, history)
    _write_objectives(result, history)
    _write_actions(result, plan, people, state.tags, user, reason, expected_versions, dated)
    # Dated ratings and success measures (issue 12), after the bulk service has written
    # the current rating's StatusUpdate: apply_extras.py completes the dated history.
    write_dated_updates(result, history_user, history)
    write_measures(result, plan, history)
    write_milestones(result, history)
    return plan


def _history_starts(result):
    """The instant a new plan's history starts: the start of the first day it reports on."""
    day = result.reports_from
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _write_priorities(result, plan, history):
    next_position = max((p.position for p in result.state.priorities), default=-1)
    new, changed = [], []
    for item in result.priorities:
        if item.existing is None:
            next_position += 1
            item.obj = Priority(
                plan=plan,
                number=item.number or "",
                title=item.title,
                description=item.description or "",
                position=next_position,
            )
            new.append(item.obj)
        else:
            item.obj = item.existing
            for name, value in item.changes.items():
                setattr(item.obj, name, value)
            if item.changes:
                changed.append(item.obj)
    if new:
        bulk_create_with_history(new, Priority, batch_size=BATCH, **history)
    if changed:
        bulk_update_with_history(
            changed, Priority, ["number", "title", "description"], batch_size=BATCH, **history
        )


def _write_objectives(result, history):
    positions = defaultdict(lambda: -1)
    for o in result.state.objectives:
        positions[o.priority_id] = max(positions[o.priority_id], o.position)
    new, changed, fields = [], [], set()
    for item in result.objectives:
        priority = item.priority.obj
        if item.existing is None:
            positions[priority.pk] += 1
            item.obj = Objective(
                priority=priority,
                number=item.number or "",
                title=item.title,
                description=item.description or "",
                position=positions[priority.pk],
            )
            new.append(item.obj)
            continue
        item.obj = item.existing
        if not item.changes:
            continue
        for name, value in item.changes.items():
            if name == "priority":
                # Moving keeps positions unique within the priority it joins.
                positions[priority.pk] += 1
                item.obj.priority = priority
                item.obj.position = positions[priority.pk]
                fields.update({"priority", "position"})
            else:
                setattr(item.obj, name, value)
                fields.add(name)
        changed.append(item.obj)
    if new:
        bulk_create_with_history(new, Objective, batch_size=BATCH, **history)
    if changed:
        bulk_update_with_history(changed, Objective, sorted(fields), batch_size=BATCH, **history)


def _write_actions(result, plan, people, tags, user, reason, expected_versions, dated):
    """Every new and changed action, through the bulk service (versions, ratings, links)."""
    state = result.state
    position = max((a.position for a in state.actions.values()), default=-1)
    writes = []
    for item in result.actions:
        owners = None if item.owners is None else {people[k] for k in item.owners}
        tag_ids = None if item.tags is None else {tags[t] for t in item.tags}
        if item.existing is None:
            position += 1
            item.obj = _new_action(item, plan, position, result.rated_on)
            writes.append(
                BulkAction(item.obj, owners=owners, tags=tag_ids, status_word=item.status_word)
            )
            continue
        item.obj = item.existing
        if not item.changes:
            continue
        writes.append(
            BulkAction(
                item.obj,
                fields=_apply_changes(item, result.rated_on),
                owners=owners if "owners" in item.changes else None,
                tags=tag_ids if "tags" in item.changes else None,
                # The version the preview showed, when the admin checked one; else the
                # one read under the lock a moment ago.
                expected_version=(expected_versions or {}).get(
                    item.reference, item.existing.version
                ),
                status_word=item.status_word,
            )
        )
    actions_bulk_write(
        writes=writes,
        user=user,
        source=StatusUpdate.Source.IMPORT,
        reason=reason,
        history_date=dated,
    )


def _new_action(item, plan, position, rated_on):
    """The unsaved Action a new row makes, last in the plan."""
    values = dict(item.fields)
    if values.get("status") and "status_date" not in values:
        values["status_date"] = rated_on
    objective = item.objective.obj if item.objective else None
    # By id: setting a relation to an instance costs several times as much, ten
    # thousand times over, and nothing reads these through the relation.
    return Action(
        plan_id=plan.pk,
        priority_id=item.priority.obj.pk,
        objective_id=objective.pk if objective else None,
        reference=item.reference,
        position=position,
        **values,
    )


def _apply_changes(item, rated_on):
    """Set an existing action's changed fields from its row; the fields written."""
    values = item.fields
    fields = set()
    for name in item.changes:
        if name in ("owners", "tags", "updates", "milestones"):
            continue
        if name == "priority":
            item.obj.priority = item.priority.obj
        elif name == "objective":
            item.obj.objective = item.objective.obj if item.objective else None
        else:
            setattr(item.obj, name, values[name])
        fields.add(name)
    if "status" in fields:
        # A dated rating column gives the date the rating is for.
        item.obj.status_date = values.get("status_date") or rated_on
        fields.add("status_date")
    return frozenset(fields)
