"""GOV.UK plumbing for forms.

Every field renders through templates/includes/forms/_field.html, which needs to know
what kind of GOV.UK component to draw and where its error summary link should point:
`GovukBoundField` below answers both.
"""

import datetime as dt

from django import forms
from django.forms.boundfield import BoundField
from django.utils import timezone

from sendplan.text import refuse_control_characters


class GovukDateWidget(forms.MultiWidget):
    """The GOV.UK date input: three boxes for day, month and year."""

    def __init__(self, attrs=None):
        text = forms.TextInput(attrs={"inputmode": "numeric"})
        super().__init__({"day": text, "month": text, "year": text}, attrs)

    def id_for_label(self, id_):
        # The error summary links to the first box, as GOV.UK's date input does.
        return f"{id_}_day" if id_ else id_

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with GOV.UK's wording for each mistake."""

    widget = GovukDateWidget

    def __init__(self, *, not_in_future=False, **kwargs):
        self.not_in_future = not_in_future
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value
        day, month, year = ((part or "").strip() for part in (value or ["", "", ""]))
        name = self.label
        if not (day or month or year):
            return None
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise forms.ValidationError(f"{name} must include a {' and a '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError(f"{name} must be a real date, like 27 3 2026")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{name} must be a real date, like 27 3 2026") from None

    def validate(self, value):
        super().validate(value)
        if value and self.not_in_future and value > timezone.localdate():
            raise forms.ValidationError(f"{self.label} must be today or in the past")

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != initial
        except forms.ValidationError:
            return True


class GovukBoundField(BoundField):
    """What the templates need to draw a field as a GOV.UK component."""

    KINDS = {
        "radioselect": "radios",
        "checkboxselectmultiple": "checkboxes",
        "govukdate": "date",
        "textarea": "textarea",
        "select": "select",
        "hidden": "hidden",
    }

    @property
    def kind(self):
        return self.KINDS.get(self.widget_type, "text")

    @property
    def anchor(self):
        """The id the error summary links to: the first thing a user can type in."""
        if self.kind in ("radios", "checkboxes"):
            return f"{self.auto_id}_0"
        if self.kind == "date":
            return f"{self.auto_id}_day"
        return self.auto_id

    @property
    def text_value(self):
        value = self.value()
        return "" if value is None else value

    @property
    def date_parts(self):
        value = self.value()
        if not isinstance(value, list | tuple):
            value = self.field.widget.decompress(value)
        widths = {"day": 2, "month": 2, "year": 4}
        return [
            {
                "name": f"{self.html_name}_{part}",
                "id": f"{self.auto_id}_{part}",
                "label": part.capitalize(),
                "value": value[i] or "",
                "width": widths[part],
            }
            for i, part in enumerate(("day", "month", "year"))
        ]

    @property
    def items(self):
        """Radio items, each with its own hint (what a rating or a role means)."""
        hints = getattr(self.field, "choice_hints", {})
        return [
            {
                "id": widget.data["attrs"]["id"],
                "value": widget.data["value"],
                "label": widget.choice_label,
                "checked": widget.data["selected"],
                "hint": hints.get(widget.data["value"], ""),
            }
            for widget in self.subwidgets
        ]


class GovukForm(forms.Form):
    bound_field_class = GovukBoundField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # One line is one line (sendplan/text.py): every single-line text box of every
        # form refuses control characters; textareas keep their line breaks.
        for field in self.fields.values():
            if _is_single_line(field) and refuse_control_characters not in field.validators:
                field.validators.append(refuse_control_characters)

    def add_service_errors(self, error):
        """Show a service's refusal (a ValidationError) on its field if the form has one."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


def _is_single_line(field):
    return isinstance(field, forms.CharField) and not isinstance(
        field.widget, forms.Textarea | forms.PasswordInput
    )


def text_field(label, *, required_error=None, hint="", textarea=False, max_length=None):
    """A text box or area; required when given the message to show if it is left empty."""
    messages = {"required": required_error} if required_error else {}
    if max_length:
        messages["max_length"] = f"{label} must be {max_length:,} characters or fewer"
    return forms.CharField(
        label=label,
        required=bool(required_error),
        help_text=hint,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 5}) if textarea else forms.TextInput,
        error_messages=messages,
    )
