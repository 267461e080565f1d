"""Forms of the boroughs app: sign-in, passwords, the borough switcher, managing members
and accepting an invitation."""

from django import forms
from django.contrib.auth import authenticate, get_user_model, password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.contrib.auth.validators import UnicodeUsernameValidator

from boroughs.models import Person, Role
from boroughs.selectors import provider_requiring_sso
from sendplan.forms import GovukForm, text_field
from sendplan.links import absolute_url


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

    def clean(self):
        # A borough that requires single sign-on for its domain: no password route. A
        # typed address is checked at once; a plain username only once its password is
        # right, so a stranger cannot learn from the refusal that the account exists.
        typed = (self.cleaned_data.get("username") or "").strip()
        provider = provider_requiring_sso(typed) if "@" in typed else None
        if provider is None:
            super().clean()
            user = self.get_user()
            provider = provider_requiring_sso(user.email) if user is not None else None
        if provider is not None:
            raise forms.ValidationError(
                f"Your organisation signs you in to sendplan. Use the Sign in with "
                f"{provider.name} button below instead of a password.",
                code="sso_required",
            )
        return self.cleaned_data


# --- Members (borough admins) ----------------------------------------------------------

ROLE_HINTS = {
    Role.PARTNER: "A parent carer forum or young people's representative: reads the plans "
    "as last finalised and comments on them; never risks, decisions or work in hand.",
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


class MemberInviteForm(GovukForm):
    """Invite someone by email. Whether they have an account is never looked up here:
    the admin is told the same thing either way."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will email them a link to accept. They can make an account if they "
        "do not have one.",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = _role_field()

    def __init__(self, *args, borough, **kwargs):
        self.borough = borough
        super().__init__(*args, **kwargs)
        self.fields["role"].choice_hints = ROLE_HINTS


class NewAccountForm(GovukForm):
    """The account someone invited makes for themselves, if they have none."""

    username = text_field(
        "Choose a username",
        required_error="Enter a username",
        max_length=150,
        hint="You will sign in with it. Letters, digits and @ . + - _ only.",
    )
    full_name = text_field("Your full name", required_error="Enter your full name", max_length=300)
    password1 = forms.CharField(
        label="Choose a password",
        help_text=(
            "At least 12 characters. A few unrelated words make a strong, memorable password."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a password"},
        strip=False,
    )
    password2 = forms.CharField(
        label="Enter the password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the password again"},
        strip=False,
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            UnicodeUsernameValidator()(username)
        except forms.ValidationError:
            raise forms.ValidationError(
                "Username must only include letters, digits and @ . + - _"
            ) from None
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken. Choose another")
        return username

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The passwords do not match. Enter the same password twice")
        elif first:
            probe = get_user_model()(username=data.get("username", ""))
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class MemberRoleForm(GovukForm):
    role = _role_field()
    person = forms.ModelChoiceField(
        label="Named owner record",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Not linked to a named owner",
        help_text="Link the account to the person named as an owner of actions, so their "
        "actions show under “My actions” on their home page.",
    )

    def __init__(self, *args, membership, **kwargs):
        self.membership = membership
        # Roles and teams ("SEND team") are nobody in particular: never an account's record.
        people = Person.objects.filter(
            borough_id=membership.borough_id, kind=Person.Kind.PERSON
        ).order_by("name")
        linked = people.filter(user_id=membership.user_id).first()
        kwargs.setdefault("initial", {"role": membership.role, "person": linked})
        super().__init__(*args, **kwargs)
        self.fields["role"].choice_hints = ROLE_HINTS
        self.fields["person"].queryset = people


# --- Passwords: Django's own forms, with GOV.UK wording -----------------------------


class GovukPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages.update(
            required="Enter your email address",
            invalid="Enter an email address in the correct format, like name@example.gov.uk",
        )

    def save(self, **kwargs):
        # The emailed link is on SITE_URL, not on the host the request came in on.
        kwargs["extra_email_context"] = {
            **(kwargs.get("extra_email_context") or {}),
            "site_url": absolute_url(""),
        }
        return super().save(**kwargs)


class GovukSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields[
            "new_password1"
        ].help_text = (
            "At least 12 characters. A few unrelated words make a strong, memorable password."
        )
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Enter the new password again"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        # A copy: error_messages is the class's dict, shared with Django's own form.
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": "The passwords do not match. Enter the same password twice",
        }


class GovukPasswordChangeForm(GovukSetPasswordForm, PasswordChangeForm):
    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": "Your current password is not right. Enter it again",
        }

    def clean_old_password(self):
        """Checked as a sign-in is (boroughs/passwords.py): django-axes counts a wrong one,
        and refuses even the right one while the account is paused."""
        old = self.cleaned_data["old_password"]
        if self.request is None:
            return super().clean_old_password()
        checked = authenticate(self.request, username=self.user.get_username(), password=old)
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old
