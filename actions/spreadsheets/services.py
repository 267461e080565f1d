"""The import as the CLI, the web pages and the admin call it: read, preview, apply."""

from django.db import transaction

from actions import open_round
from actions.bulk import ConcurrentEdit, lock_actions
from actions.models import ImportColumnMapping, ImportLayout, ImportStatusWord, Plan
from actions.spreadsheets.apply import ImportRejected, apply_import
from actions.spreadsheets.isolated import read_workbook_isolated
from actions.spreadsheets.layout import clean_layout
from actions.spreadsheets.parse import build_import
from actions.spreadsheets.reader import NoTable, UnreadableFile
from actions.spreadsheets.selectors import import_settings, load_plan_state, saved_layout
from sendplan.gc_pause import cyclic_gc_paused

__all__ = [
    "ConcurrentEdit",
    "ImportRejected",
    "NoTable",
    "UnreadableFile",
    "import_plan",
    "preview_import",
    "save_import_layout",
    "save_import_mappings",
]


# The rows, their parsed actions and their results live until the import ends: the
# cycle collector would walk them again and again (sendplan/gc_pause.py).
@cyclic_gc_paused()
def preview_import(
    *,
    data,
    filename,
    borough,
    plan=None,
    new_plan_title=None,
    clear_blanks=False,
    reported_as_at=None,
    layout=None,
):
    """What importing `data` would do, row by row. Writes nothing.

    `plan` is an existing plan of `borough`; without one, a new plan titled
    `new_plan_title` is previewed. `reported_as_at` is the day the file reports on
    (default: dated.default_reported_as_at, the end of the last finished quarter):
    ratings with no date and progress columns with no year take it. Raises
    UnreadableFile for a file that is not a readable plan at all (NoTable for one that
    reads, but whose table the admin must place on the grid).

    `layout` is the admin's layout (layout.py); without one, the layout saved for
    `plan`, if any, is used, so the next quarter's file imports with no questions.
    """
    columns, words = import_settings(borough)
    if layout is None:
        layout = saved_layout(borough, plan)
    # Read in a child process with OS limits: a hostile file costs this process nothing.
    workbook = read_workbook_isolated(data, columns, clean_layout(layout) or None)
    if plan is None:
        plan = Plan(borough=borough, title=new_plan_title or "")
    state = load_plan_state(plan=plan, borough=borough)
    # While a round is open, a rating with no date of its own counts for its quarter,
    # unless the admin said which day the file reports on.
    found = None if reported_as_at else open_round.open_round(borough)
    result = build_import(
        workbook=workbook,
        state=state,
        filename=filename,
        vocabulary=words,
        clear_blanks=clear_blanks,
        rated_on=found.report_date if found else None,
        reported_as_at=reported_as_at,
    )
    result.layout = clean_layout(layout) or None
    if found is None:
        result.notices.append(
            f"Reported as at {result.reported_as_at:%-d %B %Y}: ratings with no date of "
            "their own, and progress columns with no year, are dated then."
        )
    else:
        result.notices.append(
            f"Ratings with no date of their own report on {found.report_date:%-d %B %Y}, "
            f"the last day of {found.label}, so they count for its reporting round."
        )
    return result


@transaction.atomic
@cyclic_gc_paused()  # as preview_import: the rows and what they become live to the end
def import_plan(
    *,
    data,
    filename,
    borough,
    user=None,
    plan=None,
    new_plan_title=None,
    clear_blanks=False,
    expected_versions=None,
    reported_as_at=None,
    layout=None,
):
    """Read and apply in one transaction. Returns (result, plan).

    Raises ImportRejected, writing nothing, when any row has an error. The plan's row,
    then its actions in primary-key order, are locked before the file is compared with
    them: two imports of one plan cannot interleave, and an officer's save either
    lands first (and the import compares against it) or waits and is refused as stale.
    `expected_versions` ({reference: version}, from the preview the admin checked)
    raises ConcurrentEdit, naming the actions and who changed them, when any of them
    changed since.

    The locks are FOR NO KEY UPDATE: an officer's save re-checks its action's foreign
    key to the plan (a KEY SHARE lock), which a plain FOR UPDATE of the plan would
    block while the import waits for that officer's action: a deadlock.
    """
    if plan is not None:
        plan = Plan.objects.select_for_update(no_key=True).get(pk=plan.pk)
        lock_actions(plan=plan)
    result = preview_import(
        data=data,
        filename=filename,
        borough=borough,
        plan=plan,
        new_plan_title=new_plan_title,
        clear_blanks=clear_blanks,
        reported_as_at=reported_as_at,
        layout=layout,
    )
    if not result.ok:
        raise ImportRejected(result)
    if not result.has_changes:
        return result, result.state.plan
    plan = apply_import(
        result=result,
        user=user,
        new_plan_title=new_plan_title,
        expected_versions=expected_versions,
    )
    return result, plan


@transaction.atomic
def save_import_mappings(*, borough, columns, words, user=None):
    """Remember what a borough's headings and status words mean, for its next imports.

    `columns` is {normalised heading: field, or "" to ignore}; `words` is
    {status word as values.status_key gives it: RAGB status, or "" for not rated}.
    Each change is audited with `user` as its author; an unchanged meaning writes nothing.
    """
    for model, key, value_field, chosen in [
        (ImportColumnMapping, "heading", "field", columns),
        (ImportStatusWord, "word", "status", words),
    ]:
        for text, meaning in chosen.items():
            row = model.objects.filter(borough=borough, **{key: text}).first()
            if row is None:
                row = model(borough=borough, **{key: text})
            elif getattr(row, value_field) == meaning:
                continue
            setattr(row, value_field, meaning)
            row._history_user = user
            row._change_reason = "Import preview: the admin chose what this means"
            row.save()


@transaction.atomic
def save_import_layout(*, borough, plan, name, layout, user=None):
    """Keep the admin's grid choices as the borough's layout `name` for `plan`.

    One layout per plan: saving again replaces it (and takes the new name). Returns the
    layout, audited with `user` as its author.
    """
    layout = clean_layout(layout)
    row = None
    if plan is not None and plan.pk:
        row = ImportLayout.objects.filter(borough=borough, plan=plan).first()
    if row is None:
        row = ImportLayout.objects.filter(borough=borough, name=name).first()
    if row is None:
        row = ImportLayout(borough=borough)
    row.plan = plan if plan is not None and plan.pk else row.plan
    row.name, row.layout = name, layout
    row._history_user = user
    row._change_reason = "Import grid: the admin said how the file is laid out"
    row.save()
    return row
