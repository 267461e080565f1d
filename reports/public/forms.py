"""Forms for publishing, public summaries, comments and replies."""

from django import forms

from sendplan.forms import GovukForm, text_field


class PublicSummaryForm(GovukForm):
    text = text_field(
        "Public summary",
        hint=(
            "What families will read about this action instead of its update. Write it in "
            "plain English. Leave it empty to show the update itself."
        ),
        textarea=True,
        max_length=2000,
    )


class CommentForm(GovukForm):
    subject = forms.ChoiceField(
        label="What is your comment about?",
        error_messages={"required": "Choose an action or a measure"},
    )
    text = text_field(
        "Your comment",
        required_error="Enter your comment",
        textarea=True,
        max_length=2000,
    )

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("", "Choose one"), *subjects]


class ReplyForm(GovukForm):
    reply = text_field(
        "Your reply",
        required_error="Enter your reply",
        hint="The partner who commented will see it.",
        textarea=True,
        max_length=2000,
    )
    publish = forms.BooleanField(
        label='Publish the comment and reply on the public page, as "You said, we did"',
        required=False,
    )
