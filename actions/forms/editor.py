"""Choosing who keeps an action up to date (Action.editor): borough admins only."""

from django import forms
from django.contrib.auth import get_user_model

from boroughs.models import Role
from sendplan.forms import GovukForm


class ActionEditorForm(GovukForm):
    editor = forms.ModelChoiceField(
        label="Who keeps this action up to date?",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="Nobody in particular",
        help_text="The action appears under “My actions” on their home page. "
        "Only editors and borough admins of the borough can be chosen.",
    )

    def __init__(self, *args, action, **kwargs):
        kwargs.setdefault("initial", {"editor": action.editor_id})
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(
            memberships__borough_id=action.plan.borough_id,
            memberships__role__in=[Role.EDITOR, Role.ADMIN],
            is_active=True,
        )
        self.fields["editor"].queryset = users.order_by("first_name", "last_name", "username")
        self.fields["editor"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.get_username()})" if u.get_full_name() else u.get_username()
        )
