"""What the action page reads about its action besides the row itself: its owners and
tags (one raw query for both), its milestones, and its risks, findings and measures.

Prefetching them with the action (actions.selectors.action_queryset) cost the page about
a sixth of its CPU: three queries compiled and Django's prefetch machinery run per
request. Here, one UNION ALL with two parameters gives the owners and tags as the page
prints them, and the milestones are one plain query.
"""

from django.db.models import Q

from actions.models import Action, MeasureValue, Milestone, SuccessMeasure, Tag
from actions.rows import ActionRow
from boroughs.models import Person, PersonKind
from sendplan.fixed_sql import FixedQuery
from sendplan.raw_sql import fetch_all, table


def owners_and_tags(action):
    """([owner], [tag name]) of `action`, each list by name. One query.

    An owner is an ActionRow (plain values, read as attributes) of what the page prints:
    name, job_title and is_role (a role or team rather than a person)."""
    owner_links, tag_links = table(Action.owners.through), table(Action.tags.through)
    people, tags = table(Person), table(Tag)
    # Table names from the models' own metadata (sendplan.raw_sql); the action's id is a
    # parameter.
    sql = (
        f"SELECT 'o', p.name, p.job_title, p.kind, p.id FROM {owner_links} l "  # noqa: S608
        f"JOIN {people} p ON p.id = l.person_id WHERE l.action_id = %s "
        "UNION ALL "
        f"SELECT 't', t.name, '', '', t.id FROM {tag_links} l "
        f"JOIN {tags} t ON t.id = l.tag_id WHERE l.action_id = %s "
        "ORDER BY 1, 2, 5"
    )
    owners, tag_names = [], []
    for kind, name, job_title, person_kind, _id in fetch_all(sql, [action.pk, action.pk]):
        if kind == "o":
            is_role = person_kind == PersonKind.ROLE
            owners.append(ActionRow(name=name, job_title=job_title, is_role=is_role))
        else:
            tag_names.append(name)
    return owners, tag_names


def milestones_of(action, *, today):
    """`action`'s milestones by due date, each with `overdue` on `today`. One query."""
    milestones = _milestones(action.pk)
    for milestone in milestones:
        milestone.overdue = milestone.is_overdue(today)
    return milestones


def action_links(action):
    """The risks, inspection findings and success measures shown on an action's page:
    the action's own measures, and its priority's that belong to no other action.

    Each measure carries `latest_value`, its latest MeasureValue (or None): the page
    prints only that, so the values are read in one query without Django's prefetch.
    """
    measures = _measures(action.priority_id, action.pk)
    latest = {}
    if measures:
        for value in _measure_values(action.priority_id, action.pk):
            latest.setdefault(value.measure_id, value)
    for measure in measures:
        measure.latest_value = latest.get(measure.pk)
    return {
        "risks": _risks(action.pk),
        "findings": _findings(action.pk),
        "action_measures": [m for m in measures if m.action_id == action.pk],
        "measures": [m for m in measures if m.action_id is None],
    }


# The action page's reads, each compiled once a process (sendplan/fixed_sql.py).


@FixedQuery
def _milestones(action_id):
    return Milestone.objects.filter(action_id=action_id).order_by("due_date", "position")


@FixedQuery
def _measures(priority_id, action_id):
    """The action's own measures and its priority's that belong to no other action."""
    mine = Q(action__isnull=True) | Q(action_id=action_id)
    return SuccessMeasure.objects.filter(mine, priority_id=priority_id).order_by("position")


@FixedQuery
def _measure_values(priority_id, action_id):
    """Those measures' values, each measure's newest first."""
    measures = _measures.build(priority_id, action_id)
    return MeasureValue.objects.filter(measure__in=measures).order_by("measure_id", "-date")


# Risks and findings are governance's: read through the action's relations, not imported.
@FixedQuery
def _risks(action_id):
    return Action(pk=action_id).risks.select_related("owner").order_by("risk_id")


@FixedQuery
def _findings(action_id):
    return Action(pk=action_id).inspection_findings.order_by("inspection_date", "id")
