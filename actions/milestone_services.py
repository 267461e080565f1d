"""Writes to an action's milestones, each audited.

Like actions/services.py, these are the only code that changes milestones: the
officers' pages, the admin and the seed loader all call them.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actions.models import Milestone
from actions.services import next_position
from actions.structure_services import edit_fields
from boroughs.audit import audited_save


@transaction.atomic
def milestone_create(*, action, user, title, timescale="", due_date=None):
    milestone = Milestone(
        action=action,
        title=title,
        timescale=timescale,
        due_date=due_date,
        position=next_position(action.milestones.all()),
    )
    return audited_save(milestone, user=user, reason="Added milestone")


@transaction.atomic
def milestone_achieve(*, milestone, user, achieved_on=None):
    """Tick a milestone off on a date (today unless given).

    Ticking an achieved one again keeps its first date: a second click, or two people
    at once, must not move it. To correct the date, edit the milestone.
    """
    achieved_on = achieved_on or timezone.localdate()
    if achieved_on > timezone.localdate():
        raise ValidationError({"achieved_on": "The date achieved must be today or in the past."})
    if milestone.achieved_on is None:
        milestone.achieved_on = achieved_on
        audited_save(milestone, user=user, reason="Milestone achieved")
    return milestone


@transaction.atomic
def milestone_update(*, milestone, user, title, timescale="", due_date=None, achieved_on=None):
    """Edit a milestone, including its achieved date (None: not achieved yet)."""
    if achieved_on is not None and achieved_on > timezone.localdate():
        raise ValidationError({"achieved_on": "The date achieved must be today or in the past."})
    return edit_fields(
        milestone,
        user=user,
        reason="Edited milestone",
        fields={
            "title": title,
            "timescale": timescale,
            "due_date": due_date,
            "achieved_on": achieved_on,
        },
    )


@transaction.atomic
def milestone_delete(*, milestone, user):
    """Delete a milestone; its history keeps every version and who deleted it."""
    milestone._history_user = user
    milestone._change_reason = "Deleted milestone"
    milestone.delete()


@transaction.atomic
def milestone_save(*, milestone, user, reason, recorded_at=None):
    """Create or correct a milestone as given (the admin, the seed loader)."""
    if recorded_at is not None:
        milestone._history_date = recorded_at
    return audited_save(milestone, user=user, reason=reason)
