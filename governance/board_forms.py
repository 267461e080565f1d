"""Forms for boards and their meetings (pages in governance/board_views.py)."""

from django import forms
from django.contrib.auth import get_user_model

from actions.models import Plan, Priority
from boroughs.models import Role
from governance.board_services import MOST_MEETINGS
from governance.models import Board
from sendplan.forms import GovukDateField, GovukForm, text_field

User = get_user_model()


class PriorityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        number = f"{obj.plan.priority_label} {obj.number}: " if obj.number else ""
        return f"{obj.plan.title}: {number}{obj.title[:100]}"


class BoardForm(GovukForm):
    name = text_field("Name", required_error="Enter the board's name", max_length=200)
    kind = forms.ChoiceField(
        label="Kind of board",
        choices=Board.Kind.choices,
        widget=forms.RadioSelect,
        initial=Board.Kind.PARTNERSHIP_BOARD,
    )
    chair = text_field("Chair", max_length=300, hint="Their name and role, as the pack shows it.")
    plans = forms.ModelMultipleChoiceField(
        label="Plans it oversees",
        queryset=Plan.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose none, and no priorities below, for a board that oversees every plan.",
    )
    priorities = PriorityChoiceField(
        label="Single priorities it oversees",
        queryset=Priority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For a group that oversees part of a plan.",
    )

    def __init__(self, *args, borough, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plans"].queryset = Plan.objects.in_borough(borough).order_by("title")
        self.fields["priorities"].queryset = (
            Priority.objects.in_borough(borough)
            .select_related("plan")
            .order_by("plan__title", "position")
        )


class MeetingsForm(GovukForm):
    first = GovukDateField(
        label="Date of the meeting",
        help_text="For example, 14 1 2027. For repeating meetings, the first of them.",
        error_messages={"required": "Enter the date of the meeting"},
    )
    repeat = forms.ChoiceField(
        label="How often it meets",
        choices=[
            ("once", "Once: just this date"),
            ("monthly", "Every month"),
            ("every_2_months", "Every 2 months"),
            ("quarterly", "Every 3 months"),
        ],
        widget=forms.RadioSelect,
        initial="once",
    )
    count = forms.IntegerField(
        label="How many meetings to add",
        min_value=1,
        max_value=MOST_MEETINGS,
        initial=4,
        required=False,
        help_text="For repeating meetings only.",
        error_messages={
            "min_value": f"Enter a number of meetings from 1 to {MOST_MEETINGS}",
            "max_value": f"Enter a number of meetings from 1 to {MOST_MEETINGS}",
            "invalid": f"Enter a number of meetings from 1 to {MOST_MEETINGS}",
        },
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.get_username()
        return f"{name} ({obj.email})" if obj.email else name


class BoardMemberForm(GovukForm):
    member = MemberChoiceField(
        label="Someone with an account in this borough",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose someone",
    )
    email = forms.EmailField(
        label="Or their email address",
        required=False,
        max_length=254,
        help_text="Someone without an account is invited to read this borough's plans.",
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        readers = [Role.VIEWER, Role.EDITOR, Role.ADMIN]
        self.fields["member"].queryset = (
            User.objects.filter(
                is_active=True,
                memberships__borough=board.borough_id,
                memberships__role__in=readers,
            )
            .exclude(board_seats__board=board)
            .order_by("first_name", "last_name", "username")
        )

    def clean(self):
        data = super().clean()
        if not data.get("member") and not data.get("email") and not self.errors:
            raise forms.ValidationError("Choose someone, or enter an email address")
        return data
