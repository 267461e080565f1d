"""Reads for import and export: a plan's whole tree in a fixed, small number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from actions.models import (
    Action,
    ImportColumnMapping,
    ImportLayout,
    ImportStatusWord,
    Objective,
    Plan,
    Priority,
    StatusUpdate,
    SuccessMeasure,
    Tag,
)
from actions.selectors import plans_for_user
from actions.spreadsheets.owners import name_key
from boroughs.models import Person, Role


def plan_for_import(user, pk):
    """The plan, if the user may see it (404 otherwise); the caller checks the admin role."""
    return plans_for_user(user).get(pk=pk)


def plans_for_export(user):
    return plans_for_user(user, role=Role.VIEWER)


@dataclass
class PlanState:
    """What a plan holds now, indexed for matching rows against it. Seven queries."""

    plan: Plan | None
    borough: object
    priorities: list = field(default_factory=list)
    objectives: list = field(default_factory=list)
    actions: dict = field(default_factory=dict)  # reference -> Action
    owner_links: dict = field(default_factory=dict)  # action id -> {person id: through id}
    tag_links: dict = field(default_factory=dict)  # action id -> {tag name: (through id, tag id)}
    people: dict = field(default_factory=dict)  # name_key -> Person
    tags: dict = field(default_factory=dict)  # tag name -> id, filled by load_tags
    # (priority id, objective id or None, action id or None, name_key(description))
    #   -> SuccessMeasure
    measures: dict = field(default_factory=dict)
    # (action id, date) -> (status, status word, narrative, update id)
    updates: dict = field(default_factory=dict)
    measure_position: int = -1


def load_plan_state(*, plan, borough):
    state = PlanState(plan=plan, borough=borough)
    state.people = {name_key(p.name): p for p in Person.objects.filter(borough=borough)}
    if plan is None or plan.pk is None:
        return state
    state.priorities = list(Priority.objects.filter(plan=plan).order_by("position", "id"))
    state.objectives = list(
        Objective.objects.filter(priority__plan=plan).order_by("priority_id", "position", "id")
    )
    state.actions = {a.reference: a for a in Action.objects.filter(plan=plan)}
    owners = Action.owners.through.objects.filter(action__plan=plan)
    for link_id, action_id, person_id in owners.values_list("id", "action_id", "person_id"):
        state.owner_links.setdefault(action_id, {})[person_id] = link_id
    tags = Action.tags.through.objects.filter(action__plan=plan)
    for link_id, action_id, tag_id, name in tags.values_list(
        "id", "action_id", "tag_id", "tag__name"
    ):
        state.tag_links.setdefault(action_id, {})[name] = (link_id, tag_id)
        state.tags[name] = tag_id
    for measure in SuccessMeasure.objects.filter(plan=plan):
        key = (measure.priority_id, measure.objective_id, measure.action_id)
        state.measures.setdefault((*key, name_key(measure.description)), measure)
        state.measure_position = max(state.measure_position, measure.position)
    # Only the dates an import could write: one update per action and date.
    rows = StatusUpdate.objects.filter(action__plan=plan).values_list(
        "action_id", "date", "status", "status_word", "narrative", "id"
    )
    for action_id, date, status, word, narrative, pk in rows.order_by("created_at", "id"):
        state.updates[(action_id, date)] = (status, word, narrative, pk)
    return state


def import_settings(borough):
    """The borough's saved column mapping and status words: ({heading: field}, {word: status})."""
    columns = dict(
        ImportColumnMapping.objects.filter(borough=borough).values_list("heading", "field")
    )
    words = dict(ImportStatusWord.objects.filter(borough=borough).values_list("word", "status"))
    return columns, words


def saved_layout(borough, plan):
    """The layout the borough's admin saved for `plan` on the grid, or None."""
    if plan is None or not plan.pk:
        return None
    found = ImportLayout.objects.filter(borough=borough, plan=plan).first()
    return found.layout if found else None


def load_tags(state, names):
    """Ids of the borough's named tags that exist already (each borough has its own)."""
    wanted = set(names) - state.tags.keys()
    if wanted:
        mine = Tag.objects.filter(borough=state.borough, name__in=wanted)
        state.tags.update(mine.values_list("name", "id"))


def plan_export_queryset():
    """A plan's actions in reading order, with everything an export row shows."""
    return (
        Action.objects.select_related("priority", "objective")
        .prefetch_related(
            Prefetch("owners", queryset=Person.objects.order_by("name")),
            Prefetch("tags", queryset=Tag.objects.order_by("name")),
        )
        .order_by("priority__position", "priority_id", "objective__position", "position", "id")
    )
