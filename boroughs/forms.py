from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
