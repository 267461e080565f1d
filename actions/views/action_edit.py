"""The action edit page: an editor changes an action's description, owners, dates, tags."""

from django.contrib.auth.decorators import login_required

from actions import services
from actions.forms.action_edit import ActionEditForm
from actions.views.common import GET_POST
from actions.views.conflicts import versioned_page


def _save(request, action, form):
    services.action_edit(
        action=action,
        user=request.user,
        expected_version=form.cleaned_data["version"],
        **form.service_fields(),
    )


@login_required
@GET_POST
def action_edit(request, pk):
    return versioned_page(
        request,
        pk,
        form_class=ActionEditForm,
        save=_save,
        done="Action updated",
        template="actions/forms/action_edit.html",
    )
