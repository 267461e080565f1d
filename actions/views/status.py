"""The status update page: an editor rates an action Red, Amber, Green or Blue."""

from django.contrib.auth.decorators import login_required

from actions import rounds_services, services
from actions.forms.status import StatusUpdateForm
from actions.models import StatusUpdate
from actions.views.common import GET_POST
from actions.views.conflicts import versioned_page


def _save(request, action, form):
    data = form.cleaned_data
    if action.plan.borough.updates_need_review:
        # The borough reviews updates: this one waits for its lead or an admin.
        rounds_services.updates_record(
            user=request.user,
            rows=[
                rounds_services.UpdateRow(
                    action=action,
                    expected_version=data["version"],
                    status=data["status"],
                    narrative=data["narrative"],
                    next_steps=data["next_steps"],
                    completed_on=data["completed_on"],
                )
            ],
            date=data["date"],
            review=True,
            source=StatusUpdate.Source.FORM,
        )
        return
    services.action_update_status(
        action=action,
        user=request.user,
        status=data["status"],
        narrative=data["narrative"],
        next_steps=data["next_steps"],
        date=data["date"],
        completed_on=data["completed_on"],
        expected_version=data["version"],
    )


@login_required
@GET_POST
def action_update_status(request, pk):
    return versioned_page(
        request,
        pk,
        form_class=StatusUpdateForm,
        save=_save,
        done="Status updated",
        template="actions/forms/status_update.html",
    )
