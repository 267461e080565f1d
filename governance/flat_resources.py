"""Flat registers as django-import-export resources: risks, measure values and people.

One row per record, one column per field, for a borough admin to keep in a spreadsheet.
Used by the app's register pages (governance/flat_views.py) and by the Django admin.

* **Scoped**: built with a borough, a resource reads, matches and writes only that
  borough's rows, and every name in a file (an owner, an organisation, an action, a
  measure) is looked up in that borough only; the file's own borough column is ignored.
* **Audited**: every save records the user and reason in the model's history.
* **Validated**: models are fully cleaned (the 1 to 5 scales, unique IDs), so a bad row
  is reported against its row number.
* **Safe to open**: every text cell of an export goes through the project's formula
  neutraliser (=, +, -, @, tab and carriage return), not just the library's "=".
"""

from import_export import fields, resources, widgets

from actions.models import Action, MeasureValue, SuccessMeasure
from actions.spreadsheets.safety import neutralise
from boroughs.models import Borough, Organisation, Person, PersonKind
from governance.models import Risk

REASON = "Imported from a flat file"


class ScopedForeignKey(widgets.ForeignKeyWidget):
    """A name looked up in the row's borough only, with a message a person can act on."""

    def __init__(self, model, field, *, borough_path, noun):
        super().__init__(model, field)
        self.borough_path = borough_path
        self.noun = noun

    def get_queryset(self, value, row, *args, **kwargs):
        return self.model.objects.filter(**{f"{self.borough_path}__slug": row.get("borough")})

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(f"There is no {self.noun} {value!r} in this borough.") from None
        except self.model.MultipleObjectsReturned:
            raise ValueError(f"More than one {self.noun} is called {value!r}.") from None


class ActionReferences(widgets.ManyToManyWidget):
    """Linked actions as references ("1.2, 3.4"), found in the row's borough's plans."""

    def __init__(self):
        super().__init__(Action, separator=",", field="reference")

    def clean(self, value, row=None, **kwargs):
        references = [r.strip() for r in str(value or "").split(",") if r.strip()]
        borough = (row or {}).get("borough")
        found = []
        for reference in references:
            matches = list(Action.objects.filter(plan__borough__slug=borough, reference=reference))
            if not matches:
                raise ValueError(f"There is no action {reference!r} in this borough's plans.")
            if len(matches) > 1:
                raise ValueError(f"Action {reference!r} is in more than one plan.")
            found.append(matches[0])
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return ", ".join(a.reference for a in value.all())


class BoroughResource(resources.ModelResource):
    """The scoping, history and export safety every flat register shares."""

    borough_path = "borough"

    def __init__(self, *, borough=None, user=None, **kwargs):
        super().__init__(**kwargs)
        # Not "borough": that is a column of the registers.
        self.scope = borough
        self.user = user

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.scope is not None:
            queryset = queryset.filter(**{self.borough_path: self.scope})
        return queryset

    def before_import_row(self, row, **kwargs):
        if self.scope is not None:
            row["borough"] = self.scope.slug

    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = self.user
        instance._change_reason = REASON

    def export(self, *args, **kwargs):
        dataset = super().export(*args, **kwargs)
        safe = [tuple(neutralise(cell) for cell in row) for row in dataset]
        headers = [neutralise(h) for h in dataset.headers or []]
        dataset.wipe()
        dataset.headers = headers
        for row in safe:
            dataset.append(row)
        return dataset


class RiskResource(BoroughResource):
    borough = fields.Field("borough", "borough", widgets.ForeignKeyWidget(Borough, "slug"))
    risk_id = fields.Field("risk_id", "risk_id")
    owner = fields.Field(
        "owner", "owner", ScopedForeignKey(Person, "name", borough_path="borough", noun="person")
    )
    actions = fields.Field("actions", "actions", ActionReferences())
    score = fields.Field("score", "score", readonly=True)

    class Meta:
        model = Risk
        fields = (
            "borough",
            "risk_id",
            "description",
            "likelihood",
            "impact",
            "score",
            "owner",
            "mitigation",
            "status",
            "actions",
        )
        export_order = fields
        import_id_fields = ("borough", "risk_id")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class MeasureValueResource(BoroughResource):
    borough_path = "measure__plan__borough"

    borough = fields.Field("borough", "measure__plan__borough__slug", readonly=True)
    measure = fields.Field(
        "measure",
        "measure_id",
        ScopedForeignKey(SuccessMeasure, "pk", borough_path="plan__borough", noun="measure"),
    )
    measure_description = fields.Field("measure__description", "measure", readonly=True)

    class Meta:
        model = MeasureValue
        fields = ("borough", "measure", "measure_description", "date", "value", "note")
        export_order = fields
        import_id_fields = ("measure", "date")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return super().get_queryset().select_related("measure__plan__borough")


class ChoiceWidget(widgets.Widget):
    """A choice written as its label ("Role or team") or its value ("role"), any case.

    A blank cell is the field's default, so a file from before the column existed still
    imports; anything else is refused with the choices a person can write.
    """

    def __init__(self, choices, default):
        super().__init__()
        self.choices, self.default = choices, default

    def clean(self, value, row=None, **kwargs):
        text = " ".join(str(value or "").split()).casefold()
        if not text:
            return self.default
        for choice in self.choices:
            if text in (choice.value.casefold(), choice.label.casefold()):
                return choice.value
        labels = " or ".join(f'"{c.label}"' for c in self.choices)
        raise ValueError(f"Write {labels}.")

    def render(self, value, obj=None, **kwargs):
        return self.choices(value).label if value else ""


class PersonResource(BoroughResource):
    borough = fields.Field("borough", "borough", widgets.ForeignKeyWidget(Borough, "slug"))
    # A person may be named on the public page with their consent; a role or team is
    # nobody in particular, so the register keeps which is which.
    kind = fields.Field("kind", "kind", ChoiceWidget(PersonKind, PersonKind.PERSON))
    organisation = fields.Field(
        "organisation",
        "organisation",
        ScopedForeignKey(Organisation, "name", borough_path="borough", noun="organisation"),
    )

    class Meta:
        model = Person
        fields = ("borough", "name", "kind", "job_title", "organisation", "email")
        export_order = fields
        import_id_fields = ("borough", "name")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


KINDS = {
    "risks": ("Risk register", RiskResource),
    "measure-values": ("Measure values", MeasureValueResource),
    "people": ("People", PersonResource),
}
