"""The import as the CLI, the web pages and the admin call it: read, preview, apply."""

from django.db import transaction

from actions.bulk import ConcurrentEdit, lock_actions
from actions.models import Plan
from actions.spreadsheets.apply import ImportRejected, apply_import
from actions.spreadsheets.parse import build_import
from actions.spreadsheets.reader import UnreadableFile, read_sheet
from actions.spreadsheets.selectors import load_plan_state

__all__ = [
    "ConcurrentEdit",
    "ImportRejected",
    "UnreadableFile",
    "import_plan",
    "preview_import",
]


def preview_import(*, data, filename, borough, plan=None, new_plan_title=None, clear_blanks=False):
    """What importing `data` would do, row by row. Writes nothing.

    `plan` is an existing plan of `borough`; without one, a new plan titled
    `new_plan_title` is previewed. Raises UnreadableFile for a file that is not a
    readable plan at all.
    """
    sheet = read_sheet(data)
    if plan is None:
        plan = Plan(borough=borough, title=new_plan_title or "")
    state = load_plan_state(plan=plan, borough=borough)
    return build_import(sheet=sheet, state=state, filename=filename, clear_blanks=clear_blanks)


@transaction.atomic
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
