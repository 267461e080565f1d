"""The action edit page: an editor changes an action's description, owners, dates, tags;
and a borough admin chooses who keeps the action up to date."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from actions import services
from actions.forms.action_edit import ActionEditForm
from actions.forms.editor import ActionEditorForm
from actions.views.common import GET_POST, action_crumbs, editable_action, save_form
from actions.views.conflicts import versioned_page
from boroughs.models import Role


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


@login_required
@GET_POST
def action_editor(request, pk):
    """Borough admins choose who keeps an action up to date."""
    action = editable_action(request, pk, role=Role.ADMIN)
    form = ActionEditorForm(request.POST or None, action=action)

    def save(data):
        return services.action_set_editor(action=action, user=request.user, editor=data["editor"])

    if save_form(request, form, save, "Saved who keeps the action up to date"):
        return redirect("action_detail", pk=action.pk)
    context = {"action": action, "form": form, "breadcrumbs": action_crumbs(action)}
    return render(request, "actions/forms/action_editor.html", context)
