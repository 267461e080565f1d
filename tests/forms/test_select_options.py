"""includes/field.html draws a select's options in Python ({% select_options %}): each
choice escaped, and `selected` exactly where Django's own Select widget puts it."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string

from boroughs.models import Borough


class Choices(forms.Form):
    plan = forms.TypedChoiceField(
        choices=[("", "Any plan"), (1, "SEND <strategy> & more"), (12, "Inspection")],
        coerce=int,
        required=False,
    )
    many = forms.MultipleChoiceField(
        choices=[("a", "A"), ("Group", [("b", "B"), ("c", "C")])],
        widget=forms.SelectMultiple,
        required=False,
    )
    maybe = forms.NullBooleanField(required=False)
    borough = forms.ModelChoiceField(queryset=Borough.objects.order_by("name"), required=False)


def _options(form, name):
    html = render_to_string("includes/field.html", {"field": form[name]})
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)


def _django_selected(form, name):
    """What Django's own widget rendering marks selected, for comparison."""
    return re.findall(r'<option value="([^"]*)"[^>]* selected>', str(form[name]))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [{}, {"plan": "12", "many": ["a", "c"], "maybe": "true"}, {"plan": "1", "maybe": "false"}],
)
def test_options_are_selected_where_djangos_widget_selects_them(data, borough, other_borough):
    form = Choices(data={**data, "borough": str(other_borough.pk)})
    for name in ("plan", "many", "maybe", "borough"):
        got = [value for value, selected, _ in _options(form, name) if selected]
        assert got == _django_selected(form, name), name


@pytest.mark.django_db
def test_each_option_is_escaped_and_groups_are_listed_in_place(borough):
    form = Choices(data={})

    assert _options(form, "plan")[1] == ("1", "", "SEND &lt;strategy&gt; &amp; more")
    assert [value for value, _, _ in _options(form, "many")] == ["a", "b", "c"]
    assert _options(form, "borough") == [
        ("", " selected", "---------"),  # a bound blank: Django selects the blank choice too
        (str(borough.pk), "", "Hammersmith &amp; Fulham"),
    ]


def test_a_widgets_own_attributes_are_copied_escaped_less_those_the_template_writes():
    from sendplan.templatetags.form_fields import widget_attrs

    attrs = {
        "autocomplete": "off",
        "data-note": 'say "hi" <b>',
        "spellcheck": True,
        "disabled": False,
        "inputmode": None,
        "required": True,  # left out: the server validates
        "maxlength": "200",  # left out: never truncate silently
        "id": "id_q",  # written by field.html itself
    }

    assert widget_attrs(attrs) == (
        ' autocomplete="off" data-note="say &quot;hi&quot; &lt;b&gt;" spellcheck'
    )
