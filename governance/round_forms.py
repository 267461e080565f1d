"""Forms for reporting rounds (pages in governance/round_views.py)."""

from django import forms
from django.forms.utils import ErrorDict

from actions.forms.base import VersionedForm
from actions.ragb import MEANINGS as RAGB_MEANINGS
from actions.ragb import RAGB
from governance.round_services import proposed_deadlines
from sendplan.forms import GovukDateField, GovukForm, text_field
from sendplan.periods import ReportingPeriod


def ended_quarters(today, count=8):
    period = ReportingPeriod.containing(today).previous()
    periods = [period]
    for _ in range(count - 1):
        periods.append(periods[-1].previous())
    return periods


class RoundOpenForm(GovukForm):
    period = forms.ChoiceField(
        label="Quarter",
        help_text="Rounds are for quarters that have ended.",
        error_messages={
            "required": "Choose the quarter",
            "invalid_choice": "Choose a quarter from the list",
        },
    )
    board = forms.ChoiceField(
        label="Whose round",
        required=False,
        help_text="A board with its own set of actions can have its own round and pack.",
    )
    update_deadline = GovukDateField(
        label="Updates due by",
        required=False,
        help_text="For example, 20 10 2026. Leave blank for 20 days after the quarter ends.",
    )
    review_deadline = GovukDateField(
        label="Reviews due by",
        required=False,
        help_text="Leave blank for 10 days after updates are due.",
    )

    def __init__(self, *args, today, boards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.boards = {str(board.pk): board for board in boards}
        self.fields["board"].choices = [("", "The whole borough")] + [
            (pk, board.name) for pk, board in self.boards.items()
        ]
        self.fields["board"].hide_optional = True
        periods = ended_quarters(today)
        self.fields["period"].choices = [(p.slug, p.label) for p in periods]
        self.fields["period"].initial = periods[0].slug
        self.today = today
        # The dates a blank leaves, for the quarter proposed (round_services.proposed_deadlines).
        updates, reviews = proposed_deadlines(periods[0], today)
        self.fields["update_deadline"].help_text = (
            f"For example, {updates.day} {updates.month} {updates.year}. Leave blank for "
            f"{updates:%-d %B %Y} ({periods[0].label}: 20 days after the quarter ends, or "
            "20 days from today if that has passed)."
        )
        self.fields[
            "review_deadline"
        ].help_text = f"Leave blank for {reviews:%-d %B %Y}, 10 days after updates are due."

    def clean_period(self):
        return ReportingPeriod.parse(self.cleaned_data["period"])

    def clean_board(self):
        return self.boards.get(self.cleaned_data["board"])

    def clean(self):
        data = super().clean()
        updates, reviews = data.get("update_deadline"), data.get("review_deadline")
        if updates and updates < self.today:
            self.add_error("update_deadline", "Updates due by must be today or in the future")
        elif updates and reviews and reviews < updates:
            self.add_error("review_deadline", "Reviews due by must be on or after updates due by")
        return data


class RoundExtendForm(GovukForm):
    update_deadline = GovukDateField(
        label="Updates due by",
        help_text="For example, 27 10 2026.",
        error_messages={"required": "Enter the new date updates are due by"},
    )
    review_deadline = GovukDateField(
        label="Reviews due by", required=False, help_text="Leave blank to keep it."
    )


class RoundUpdateForm(VersionedForm):
    """One action's update for a round's quarter (the "Save and next" page and bulk rows).

    In the bulk form a blank rating means "leave this action for now".
    """

    status = forms.ChoiceField(
        label="Rating",
        choices=RAGB.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a rating: Red, Amber, Green or Blue"},
    )
    narrative = text_field(
        "Narrative",
        textarea=True,
        hint="What happened in the quarter. Needed for Red and Amber, and whenever the "
        "rating changes.",
    )
    next_steps = text_field("Next steps", textarea=True)
    completed_on = GovukDateField(
        label="Date completed",
        required=False,
        not_in_future=True,
        help_text="Only for Blue (completed). For example, 27 9 2026",
    )

    def __init__(self, *args, action, bulk=False, returned=None, done=False, **kwargs):
        """`returned`: the update a reviewer sent back, which the form starts from.
        `done` (bulk rows): the quarter's update is already written, so the row starts
        at "Leave as it is" rather than at the action's current rating."""
        self.action = action
        kwargs.setdefault(
            "initial",
            {
                "status": action.status,
                "version": action.version,
                "completed_on": action.completed_on,
            },
        )
        if returned is not None:
            # A returned update starts from what its officer submitted.
            kwargs["initial"] = {
                "status": returned.status,
                "narrative": returned.narrative,
                "next_steps": returned.next_steps,
                "completed_on": returned.completed_on,
                "version": action.version,
            }
        if bulk:
            kwargs.setdefault("prefix", f"a{action.pk}")
            if done:
                kwargs["initial"] = {"version": action.version}
        super().__init__(*args, **kwargs)
        self.fields["narrative"].hide_optional = True
        self.fields["completed_on"].hide_optional = True
        self.fields["status"].choice_hints = RAGB_MEANINGS
        if bulk:
            ref = action.reference
            self.fields["status"] = forms.ChoiceField(
                label=f"Rating for {ref}",
                choices=[("", "Leave as it is for now"), *RAGB.choices],
                required=False,
            )
            self.fields["narrative"].label = f"Narrative for {ref}"
            self.fields["next_steps"].label = f"Next steps for {ref}"
            self.fields["completed_on"].label = f"Date {ref} was completed"
            self.fields["status"].hide_optional = True

    def with_version(self, version, *, action):
        """The typed data again, now based on `version` (see VersionedForm.with_version)."""
        data = self.data.copy()
        data[self.add_prefix("version")] = str(version)
        form = type(self)(data, action=action, bulk=self.prefix is not None)
        form._errors = ErrorDict()
        return form

    def is_blank(self):
        return not self.cleaned_data.get("status")

    def clean(self):
        data = super().clean()
        if not data.get("status"):
            return data
        from actions.rounds_services import UpdateRow, row_errors

        row = UpdateRow(
            action=self.action,
            expected_version=data.get("version") or 0,
            status=data["status"],
            narrative=data.get("narrative", ""),
            next_steps=data.get("next_steps", ""),
            completed_on=data.get("completed_on"),
        )
        for field, message in row_errors(row).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def row(self, on_behalf_of=None):
        from actions.rounds_services import UpdateRow

        data = self.cleaned_data
        return UpdateRow(
            action=self.action,
            expected_version=data["version"],
            status=data["status"],
            narrative=data["narrative"],
            next_steps=data["next_steps"],
            completed_on=data["completed_on"],
            on_behalf_of=on_behalf_of,
        )


class ReviewForm(GovukForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve"), ("return", "Return for changes")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve the update or return it"},
    )
    comment = text_field(
        "Comment", textarea=True, hint="Needed when you return it: say what needs to change."
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", "Enter what needs to change")
        return data


class ReviewSettingForm(GovukForm):
    updates_need_review = forms.TypedChoiceField(
        label="Do quarterly updates need review before they count?",
        help_text="With review, each update waits for the priority lead or a borough admin "
        "to approve it or return it with a comment; board packs show only approved updates.",
        choices=[("yes", "Yes, leads review each update"), ("no", "No, updates count at once")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether updates need review"},
    )
