"""One line is one line: the rule for single-line text, defined once.

A single-line field (a reference, a title, a name, an email address: every CharField
of the project's models, and every form field that is not a textarea) holds no control
characters: no line break, tab, NUL, escape, or Unicode line or paragraph separator.
They are invisible on a page, break CSV and email headers, and have no meaning in one
line. Multi-line text (TextField, textareas) keeps its line breaks.

Where it is enforced:
* models: `install_single_line_validators` (called from `SendplanConfig.ready`) adds
  `refuse_control_characters` to every CharField of the project's apps, so every write
  that validates (model forms, the admin, the flat registers' imports) refuses them;
* forms: `sendplan.forms.GovukForm` adds it to every single-line field of every form;
* plan imports: `actions.spreadsheets.parse` checks every single-line value it keeps;
* email: `one_line` makes a header value one line before Django encodes it.

`truncate_words` shortens text to a number of words, as Django's Truncator does.
"""

import re

from django.core.exceptions import ValidationError

# C0 and C1 controls (which include tab, LF and CR), DEL, and the Unicode line and
# paragraph separators.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MESSAGE = "Enter this on one line, without line breaks, tabs or other control characters"
# The project's apps, and django.contrib.auth for people's names and email addresses.
PROJECT_APPS = ("auth", "boroughs", "actions", "governance", "reports")


def has_control_characters(value):
    return isinstance(value, str) and CONTROL_CHARACTERS.search(value) is not None


def refuse_control_characters(value):
    if has_control_characters(value):
        raise ValidationError(MESSAGE, code="control_characters")


def one_line(value):
    """`value` with each run of control characters and spaces made one space."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", str(value)).split())


def install_single_line_validators(app_configs):
    """Add the validator to every CharField of the given apps' models (once each)."""
    from django.db import models

    for config in app_configs:
        for model in config.get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.CharField):
                    continue
                # `validators` is computed once per field (CharField adds its length
                # check to it); adding to it leaves migrations untouched.
                if refuse_control_characters not in field.validators:
                    field.validators.append(refuse_control_characters)


def truncate_words(text, length, ending=" …"):
    """`text` cut after `length` words, as Django's `Truncator(text).words(length,
    truncate=ending)` gives it (runs of whitespace become one space), without its lazy
    object and translation lookup: an action table shortens every row's description."""
    words = text.split()
    if len(words) <= length:
        return " ".join(words)
    shortened = " ".join(words[:length])
    return shortened if shortened.endswith(ending) else f"{shortened}{ending}"
