"""Forms of the boroughs app: sign-in, the borough switcher, and managing members."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm

from boroughs.models import Membership, Role
from sendplan.forms import GovukForm, text_field


class BoroughSwitchForm(forms.Form):
    """Choose which of the user's boroughs to work in."""

    borough = forms.TypedChoiceField(
        label="Which borough do you want to work in?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the borough you want to work in"},
    )

    def __init__(self, *args, boroughs, **kwargs):
        super().__init__(*args, **kwargs)
        self.boroughs = {b.pk: b for b in boroughs}
        self.fields["borough"].choices = [(b.pk, b.name) for b in boroughs]
        self.fields["borough"].error_messages["invalid_choice"] = (
            "Select one of the boroughs you belong to"
        )

    def chosen(self):
        return self.boroughs[self.cleaned_data["borough"]]


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK-style messages."""

    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask the SEND lead in your borough.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


# --- Members (borough admins) ----------------------------------------------------------

ROLE_HINTS = {
    Role.VIEWER: "Can read plans, actions and board packs.",
    Role.EDITOR: "Can also update statuses and edit actions, milestones and measures.",
    Role.ADMIN: "Can also change plans' structure and manage members.",
}


def _role_field():
    field = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )
    field.choice_hints = ROLE_HINTS
    return field


class MemberAddForm(GovukForm):
    username = text_field(
        "Username",
        required_error="Enter the person's username",
        max_length=150,
        hint="They must already have an account.",
    )
    role = _role_field()

    def __init__(self, *args, borough, **kwargs):
        self.borough = borough
        super().__init__(*args, **kwargs)
        self.fields["role"].choice_hints = ROLE_HINTS

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                f"There is no account with the username {username}. Check the spelling"
            )
        if Membership.objects.filter(borough=self.borough, user=user).exists():
            raise forms.ValidationError(
                f"{user.get_username()} is already a member of {self.borough}"
            )
        self.member = user
        return username


class MemberRoleForm(GovukForm):
    role = _role_field()

    def __init__(self, *args, membership, **kwargs):
        self.membership = membership
        kwargs.setdefault("initial", {"role": membership.role})
        super().__init__(*args, **kwargs)
        self.fields["role"].choice_hints = ROLE_HINTS
