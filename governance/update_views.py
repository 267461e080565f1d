"""Officers' updates for a round: one by one ("Save and next"), and in bulk.

Every page finds its round through the user's boroughs (another borough's round is a
404) and needs the editor role (review is in governance/review_views.py). Writes go
through actions.rounds_services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from actions import rounds_services
from actions.models import StatusUpdate
from actions.services import StaleEdit
from actions.views.conflicts import describe_conflict
from boroughs import permissions
from boroughs.models import Role
from governance import round_selectors as selectors
from governance.round_forms import RoundUpdateForm

GET_POST = require_http_methods(["GET", "POST"])
NOTHING_CHOSEN = "Choose a rating for at least one action"


def _round(request, pk):
    reporting_round = permissions.get_scoped_or_404(
        selectors.round_queryset(), request.user, role=Role.EDITOR, pk=pk
    )
    if reporting_round.is_final:
        raise Http404("This round is final: its updates are closed.")
    return reporting_round


def _crumbs(reporting_round):
    return [
        {"label": "Home", "url": reverse("home")},
        {"label": str(reporting_round), "url": reverse("round_detail", args=[reporting_round.pk])},
    ]


def _my_rows(request, reporting_round):
    actions = selectors.mine_in_round(reporting_round, request.user)
    return selectors.round_progress(reporting_round, actions, today=timezone.localdate())


def _on_behalf_of(user, action):
    """The owner an editor writes for, when the editor is not an owner and one has no account."""
    owners = list(action.owners.all())
    if any(person.user_id == user.pk for person in owners):
        return None
    return next((person for person in owners if person.user_id is None), None)


@require_GET
@login_required
def round_next(request, pk):
    """Go to the next of my actions still needing its update for the round."""
    reporting_round = _round(request, pk)
    after = request.GET.get("after", "")
    rows = _my_rows(request, reporting_round)
    action = selectors.next_due(rows, after_action_id=int(after) if after.isdigit() else None)
    if action is None:
        summary = selectors.progress_summary(rows)
        messages.success(
            request,
            f"Your updates for {reporting_round.period.label} are done: "
            f"{summary['done']} of {summary['total']}",
        )
        return redirect("home")
    return redirect(f"{reverse('round_update', args=[pk])}?action={action.pk}")


@GET_POST
@login_required
def round_update(request, pk):
    """One action's update for the quarter, with "Save and next"."""
    reporting_round = _round(request, pk)
    rows = _my_rows(request, reporting_round)
    by_id = {row["action"].pk: row for row in rows}
    raw = request.GET.get("action", "")
    all_actions = selectors.round_actions(reporting_round)
    if not raw.isdigit():
        return redirect("round_next", pk=pk)
    action = all_actions.filter(pk=raw).first()
    if action is None:
        raise Http404("No such action in this round.")
    row = (
        by_id.get(action.pk)
        or selectors.round_progress(reporting_round, [action], today=timezone.localdate())[0]
    )
    # A returned update opens with what its officer submitted, to be put right.
    returned = row["update"] if row["state"] == selectors.RETURNED else None
    form, conflict = RoundUpdateForm(action=action, returned=returned), None
    if request.method == "POST":
        form = RoundUpdateForm(request.POST, action=action)
        if form.is_valid():
            try:
                rounds_services.updates_record(
                    user=request.user,
                    rows=[form.row(on_behalf_of=_on_behalf_of(request.user, action))],
                    date=reporting_round.period.end,
                    review=reporting_round.borough.updates_need_review,
                    source=StatusUpdate.Source.FORM,
                )
            except StaleEdit as error:
                conflict = describe_conflict(error, form)
                fresh = all_actions.get(pk=action.pk)
                form = form.with_version(error.action.version, action=fresh)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, f"Update for action {action.reference} saved")
                if "next" in request.POST:
                    url = reverse("round_next", args=[pk])
                    return redirect(f"{url}?after={action.pk}")
                return redirect("round_detail", pk=pk)
    position = list(by_id).index(action.pk) + 1 if action.pk in by_id else None
    context = {
        "round": reporting_round,
        "action": form.action,
        "form": form,
        "conflict": conflict,
        "row": row,
        "position": position,
        "summary": selectors.progress_summary(rows),
        "on_behalf_of": _on_behalf_of(request.user, action),
        "breadcrumbs": _crumbs(reporting_round),
    }
    status = 400 if form.errors else 200
    return render(request, "governance/round_update.html", context, status=status)


def _bulk_rows(request, reporting_round):
    """(the bulk page's progress rows, each with its form; its scope): every action of
    a priority (`?priority=`), or all of the user's."""
    actions = selectors.round_actions(reporting_round)
    priority_id = request.GET.get("priority", "")
    if priority_id.isdigit():
        actions = actions.filter(priority_id=priority_id)
        scope = "priority"
    else:
        actions = selectors.mine_in_round(reporting_round, request.user)
        scope = "mine"
    rows = selectors.round_progress(reporting_round, actions, today=timezone.localdate())
    data = request.POST if request.method == "POST" else None
    for row in rows:
        # Each row starts at the action's current rating (a returned one at what was
        # submitted); a row whose update is written starts at "Leave as it is".
        row["form"] = RoundUpdateForm(
            data,
            action=row["action"],
            bulk=True,
            returned=row["update"] if row["state"] == selectors.RETURNED else None,
            done=row["state"] in (selectors.DONE, selectors.WAITING),
        )
    return rows, scope


def _bulk_save(request, reporting_round, rows):
    """Record the chosen rows' updates, all or none: (saved, conflict, nothing chosen).
    `saved` is None when nothing was saved; a stale row's form is made ready again."""
    chosen = [row for row in rows if not row["form"].is_blank()]
    if not chosen:
        return None, None, bool(rows)
    try:
        saved = rounds_services.updates_record(
            user=request.user,
            rows=[
                row["form"].row(on_behalf_of=_on_behalf_of(request.user, row["action"]))
                for row in chosen
            ],
            date=reporting_round.period.end,
            review=reporting_round.borough.updates_need_review,
        )
    except StaleEdit as error:
        row = next(r for r in rows if r["action"].pk == error.action.pk)
        conflict = {"row": row, **describe_conflict(error, row["form"])}
        row["form"] = row["form"].with_version(error.action.version, action=row["action"])
        row["form"].fields["status"].required = False
        return None, conflict, False
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None, None, False
    return saved, None, False


def _bulk_errors(rows, nothing_chosen):
    """The error summary's links: each row's field errors, and "choose a rating"."""
    errors = [
        {"href": f"#{row['form'][name].anchor}", "message": message}
        for row in rows
        for name, messages_ in row["form"].errors.items()
        if name in row["form"].fields
        for message in messages_
    ]
    if nothing_chosen:
        first = rows[0]["form"]["status"]
        errors.append({"href": f"#{first.anchor}", "message": NOTHING_CHOSEN})
    return errors


@GET_POST
@login_required
def round_bulk(request, pk):
    """Every action of a priority, or all of mine, in one form."""
    reporting_round = _round(request, pk)
    rows, scope = _bulk_rows(request, reporting_round)
    conflict, nothing_chosen = None, False
    if request.method == "POST" and all(row["form"].is_valid() for row in rows):
        saved, conflict, nothing_chosen = _bulk_save(request, reporting_round, rows)
        if saved is not None:
            messages.success(request, f"{len(saved)} updates saved")
            return redirect(request.get_full_path())
    errors = _bulk_errors(rows, nothing_chosen)
    context = {
        "round": reporting_round,
        "rows": rows,
        "scope": scope,
        "errors": errors,
        "conflict": conflict,
        "summary": selectors.progress_summary(rows),
        "breadcrumbs": _crumbs(reporting_round),
    }
    status = 400 if errors or conflict else 200
    return render(request, "governance/round_bulk.html", context, status=status)
