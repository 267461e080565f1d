"""What the action forms share: the version a form was opened at, and due dates."""

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone

from actions.timescales import parse_timescale
from sendplan.forms import GovukForm


def due_date_from(timescale, *, plan, start_date=None):
    anchor = plan.period_start or start_date or timezone.localdate()
    return parse_timescale(timescale, period_start=anchor, period_end=plan.period_end)


def fill_due_date(data, *, plan, start_date):
    """Work a blank due date out from the timescale, keeping the text as written.

    Derived in the form so that the page can say what it worked out.
    """
    if "timescale" in data and "due_date" in data and data["due_date"] is None:
        data["due_date"] = due_date_from(data["timescale"], plan=plan, start_date=start_date)


class VersionedForm(GovukForm):
    """Carries the action's version from when the form was opened, to refuse stale saves."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def with_version(self, version, *, action):
        """The same typed data, now based on `version` of `action`, to resubmit deliberately.

        It is shown, not judged: its errors are set to none so that the page explains the
        conflict alone. Saving it again validates it as usual.
        """
        data = self.data.copy()
        data[self.add_prefix("version")] = str(version)
        form = type(self)(data, action=action)
        form._errors = ErrorDict()
        return form
