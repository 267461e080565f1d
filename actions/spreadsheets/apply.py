"""Writing an import: everything in one transaction, in bulk, with its audited history.

simple_history's bulk helpers write the history rows of plain fields but not of
many-to-many fields (owners and tags), which it otherwise records from the
m2m_changed signal one action at a time. So the owner and tag links, and their
historical rows (one per link per history row, exactly as simple_history would
write them), are bulk-written here too. The number of queries depends on the
number of batches, never on the number of rows.
"""

from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from actions.models import Action, Objective, Plan, Priority, Tag
from actions.spreadsheets.apply_extras import write_dated_updates, write_measures
from actions.spreadsheets.fast_insert import insert_actions_with_history
from boroughs.models import Person

BATCH = 500


class ImportRejected(Exception):
    """The import has row errors, so nothing may be written. Carries the result."""

    def __init__(self, result):
        self.result = result
        super().__init__(f"{len(result.errors)} rows have errors; nothing was imported.")


def _unique_slug(borough, title):
    base = slugify(title)[:70] or "plan"
    taken = set(
        Plan.objects.filter(borough=borough, slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _chunks(items, size=5000):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def apply_import(*, result, user=None, new_plan_title=None):
    """Write what `result` (from parse.build_import) found. Returns the plan.

    Refuses a result with row errors: an import is all or nothing.
    """
    if not result.ok:
        raise ImportRejected(result)
    state = result.state
    history_user = user if getattr(user, "is_authenticated", False) else None
    reason = f"Imported from {result.filename}"[:100]
    now = timezone.now()
    today = timezone.localdate()
    history = {"default_user": history_user, "default_change_reason": reason, "default_date": now}

    plan = state.plan
    if plan.pk is None:
        plan.title = new_plan_title or plan.title
        plan.slug = _unique_slug(state.borough, plan.title)
        plan._history_user, plan._change_reason = history_user, reason
        plan.save()

    people = {key: person.pk for key, person in state.people.items()}
    if result.new_people:
        created = bulk_create_with_history(
            [
                Person(borough=state.borough, name=name, job_title=job_title)
                for name, job_title in result.new_people.values()
            ],
            Person,
            batch_size=BATCH,
            **history,
        )
        people.update(zip(result.new_people, (p.pk for p in created), strict=True))

    missing_tags = result.tag_names - state.tags.keys()
    if missing_tags:
        Tag.objects.bulk_create([Tag(name=n) for n in missing_tags], ignore_conflicts=True)
        state.tags.update(Tag.objects.filter(name__in=missing_tags).values_list("name", "id"))

    _write_priorities(result, plan, history)
    _write_objectives(result, history)
    _write_actions(result, plan, people, state.tags, history, now, today)
    # Dated ratings and success measures (issue 12): in their own module, apart from
    # the action write path above.
    write_dated_updates(result, history_user, history)
    write_measures(result, plan, history)
    return plan


def _write_priorities(result, plan, history):
    next_position = max((p.position for p in result.state.priorities), default=-1)
    new, changed = [], []
    for item in result.priorities:
        if item.existing is None:
            next_position += 1
            item.obj = Priority(
                plan=plan, number=item.number or "", title=item.title, position=next_position
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
            changed, Priority, ["number", "title"], batch_size=BATCH, **history
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


def _write_actions(result, plan, people, tags, history, now, today):
    state = result.state
    position = max((a.position for a in state.actions.values()), default=-1)
    new, changed, fields = [], [], set()
    for item in result.actions:
        values = dict(item.fields)
        changed_status = item.existing is None or "status" in item.changes
        if values.get("status") and changed_status and "status_date" not in values:
            values["status_date"] = today
        priority = item.priority.obj
        objective = item.objective.obj if item.objective else None
        if item.existing is None:
            position += 1
            item.obj = Action(
                plan=plan,
                priority=priority,
                objective=objective,
                reference=item.reference,
                position=position,
                **values,
            )
            new.append(item.obj)
            continue
        item.obj = item.existing
        if not item.changes:
            continue
        for name in item.changes:
            if name in ("owners", "tags", "updates"):
                continue
            if name == "priority":
                item.obj.priority = priority
            elif name == "objective":
                item.obj.objective = objective
            else:
                setattr(item.obj, name, values[name])
            fields.add(name)
        if "status_date" in values and "status_date" not in item.changes:
            item.obj.status_date = values["status_date"]
            fields.add("status_date")
        item.obj.version += 1
        item.obj.updated_at = now
        changed.append(item.obj)

    history_rows = []
    if new:
        history_rows += insert_actions_with_history(
            new,
            plan=plan,
            now=now,
            history_user=history["default_user"],
            reason=history["default_change_reason"],
        )
    if changed:
        Action.objects.bulk_update(
            changed, sorted(fields | {"version", "updated_at"}), batch_size=BATCH
        )
        history_rows += Action.history.bulk_history_create(
            changed, batch_size=BATCH, update=True, **_kw(history)
        )
    _write_links(result, people, tags, history_rows)


def _kw(history):
    return {
        "default_user": history["default_user"],
        "default_change_reason": history["default_change_reason"],
        "default_date": history["default_date"],
    }


def _insert(model, columns, rows):
    """INSERT many rows with executemany: no model instances, for the link tables."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(c).column) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, 2000):
            cursor.executemany(sql, chunk)


def _write_links(result, people, tags, history_rows):
    """Owner and tag links, and the historical copy of each for every new history row."""
    state = result.state
    touched = {}  # action id -> item, for the actions that got a history row
    for item in result.actions:
        if item.existing is None or item.changes:
            touched[item.obj.pk] = item
    links = {
        "owners": (Action.owners.through, "person", state.owner_links),
        "tags": (Action.tags.through, "tag", state.tag_links),
    }
    for name, (through, target, existing_links) in links.items():
        current = {}  # action id -> {target id: link id}
        to_create, to_delete, created_for = [], [], set()
        for action_id, item in touched.items():
            if name == "owners":
                before = dict(existing_links.get(action_id, {}))
                wanted = None if item.owners is None else {people[k] for k in item.owners}
            else:
                before = {t: link for link, t in existing_links.get(action_id, {}).values()}
                wanted = None if item.tags is None else {tags[t] for t in item.tags}
            if wanted is None:
                current[action_id] = before
                continue
            to_delete += [link for t, link in before.items() if t not in wanted]
            kept = {t: link for t, link in before.items() if t in wanted}
            new_targets = wanted - kept.keys()
            to_create += [(action_id, t) for t in new_targets]
            if new_targets:
                created_for.add(action_id)
            current[action_id] = kept
        for chunk in _chunks(to_delete):
            through.objects.filter(id__in=chunk).delete()
        _insert(through, ["action", target], to_create)
        # The new links' ids, which their historical copies record.
        column = f"{target}_id"
        for chunk in _chunks(created_for):
            found = through.objects.filter(action_id__in=chunk).values_list(
                "id", "action_id", column
            )
            for link, action_id, t in found:
                current[action_id][t] = link
        historical = getattr(Action.history.model, name).model
        rows = [
            (h.history_id, link, h.id, t) for h in history_rows for t, link in current[h.id].items()
        ]
        _insert(historical, ["history", "id", "action", target], rows)
