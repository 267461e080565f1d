"""The action list's filters: a plain Django form read from the query string.

Choices are loaded once each (plans, priorities, people, tags), scoped to the
boroughs the user may see, so the page costs the same few queries however many
filters are set. A filter that does not validate is ignored and reported with a
GOV.UK error message; the others still apply.
"""

from urllib.parse import urlencode

from django import forms
from django.db.models import F, Q

from actions import ragb
from actions.models import LeadAgency, Plan, Priority, Tag, rating_rank
from boroughs.models import Person
from sendplan.fixed_sql import FixedQuery
from sendplan.periods import ReportingPeriod

ALL_BOROUGHS = "all"

# In the query string "not rated" is ragb.NOT_RATED_KEY: a blank value means "any".
STATUS_CHOICES = [(ragb.key(status), ragb.label(status)) for status in ragb.ORDER]

# Sortable columns: the key in the URL and its ordering (ties broken by plan order).
SORTS = {
    "reference": ("Reference", [F("reference")]),
    "due_date": ("Due date", [F("due_date")]),
    "status": ("Status", [rating_rank()]),
    "plan": ("Plan", [F("plan__title"), F("priority__position"), F("position")]),
}
DEFAULT_SORT = "plan"


def _choices(blank, pairs):
    return [("", blank), *pairs]


class ActionFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Words in the reference, description or status narrative",
    )
    borough = forms.ChoiceField(label="Borough", required=False)
    plan = forms.TypedChoiceField(label="Plan", required=False, coerce=int, empty_value=None)
    priority = forms.TypedChoiceField(
        label="Priority", required=False, coerce=int, empty_value=None
    )
    status = forms.MultipleChoiceField(
        label="Status",
        required=False,
        choices=STATUS_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    owner = forms.TypedChoiceField(label="Owner", required=False, coerce=int, empty_value=None)
    lead_agency = forms.ChoiceField(
        label="Lead agency",
        required=False,
        choices=_choices("Any lead agency", LeadAgency.choices),
    )
    tag = forms.TypedChoiceField(label="Tag", required=False, coerce=int, empty_value=None)
    mine = forms.BooleanField(label="Only my actions", required=False)
    overdue = forms.BooleanField(label="Overdue", required=False)
    due_this_quarter = forms.BooleanField(label="Due this quarter", required=False)
    not_updated = forms.BooleanField(label="Not rated this reporting period", required=False)
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, boroughs, current_borough, user, today):
        # With no borough in the URL, the list starts in the borough the user works in.
        data = data.copy()
        if "borough" not in data and current_borough is not None:
            data["borough"] = str(current_borough.pk)
        super().__init__(data)
        self.user = user
        self.today = today
        self.fields["sort"].choices = [
            (key, label) for name in SORTS for key, label in ((name, ""), (f"-{name}", ""))
        ]
        self.fields["borough"].choices = [
            (ALL_BOROUGHS, "All your boroughs"),
            *((str(b.pk), b.name) for b in boroughs),
        ]
        chosen = data.get("borough")
        self.borough_ids = [b.pk for b in boroughs if str(b.pk) == chosen] or [
            b.pk for b in boroughs
        ]
        self._load_choices()

    def _load_choices(self):
        ids = sorted(self.borough_ids)
        self.fields["plan"].choices = _choices("Any plan", _plans.rows(ids))
        self.fields["priority"].choices = _choices(
            "Any priority",
            (
                (pk, f"{plan}: {number + '. ' if number else ''}{_short(title)}")
                for pk, plan, number, title in _priorities.rows(ids)
            ),
        )
        self.fields["owner"].choices = _choices("Anyone", _people.rows(ids))
        self.fields["tag"].choices = _choices("Any tag", _tags.rows(ids))

    # --- applying ---------------------------------------------------------------

    def filter(self, queryset):
        """Narrow `queryset` (already scoped to the user) by every valid filter."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        queryset = queryset.in_boroughs(self.borough_ids)
        if data.get("q"):
            words = data["q"]
            queryset = queryset.filter(
                Q(reference__icontains=words)
                | Q(description__icontains=words)
                | Q(status_narrative__icontains=words)
            )
        for name, lookup in (
            ("plan", "plan_id"),
            ("priority", "priority_id"),
            ("owner", "owners__id"),
            ("lead_agency", "lead_agency"),
            ("tag", "tags__id"),
        ):
            if data.get(name) not in (None, ""):
                queryset = queryset.filter(**{lookup: data[name]})
        if data.get("status"):
            wanted = [ragb.normalise(s) for s in data["status"]]
            queryset = queryset.filter(status__in=wanted)
        if data.get("mine"):
            queryset = queryset.looked_after_by(self.user)
        if data.get("overdue"):
            queryset = queryset.overdue(self.today)
        period = ReportingPeriod.containing(self.today)
        if data.get("due_this_quarter"):
            queryset = queryset.filter(due_date__range=(period.start, period.end))
        if data.get("not_updated"):
            queryset = queryset.not_rated_since(period.start)
        return queryset.order_by(*self.ordering())

    @property
    def sort_key(self):
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return data.get("sort") or DEFAULT_SORT

    def ordering(self):
        key = self.sort_key
        descending = key.startswith("-")
        _, expressions = SORTS[key.lstrip("-")]
        ordered = [
            e.desc(nulls_last=True) if descending else e.asc(nulls_last=True) for e in expressions
        ]
        return [*ordered, "plan__title", "priority__position", "position", "id"]

    # --- links ------------------------------------------------------------------

    def query_params(self, *, sort=True):
        """The valid filters as (name, value) pairs, for links that keep them."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        pairs = []
        for name in self.fields:
            if name == "sort" and not sort:
                continue
            value = data.get(name)
            if value in (None, "", False, []):
                continue
            if name == "sort" and value == DEFAULT_SORT:
                continue
            if value is True:
                value = "on"
            for item in value if isinstance(value, list) else [value]:
                pairs.append((name, item))
        return pairs

    def querystring(self, **extra):
        return urlencode([*self.query_params(sort="sort" not in extra), *extra.items()])

    def sort_headers(self):
        """Each sortable column: its link (which flips direction) and its aria-sort."""
        current = self.sort_key
        headers = {}
        for name, (label, _) in SORTS.items():
            if current == name:
                aria, link = "ascending", f"-{name}"
            elif current == f"-{name}":
                aria, link = "descending", name
            else:
                aria, link = "none", name
            headers[name] = {
                "label": label,
                "aria_sort": aria,
                "url": "?" + self.querystring(sort=link),
            }
        return headers


def _short(text, limit=60):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- the choices' reads, compiled once a process (sendplan/fixed_sql.py) ---------------


@FixedQuery.with_kinds(list)
def _plans(borough_ids):
    return Plan.objects.in_boroughs(borough_ids).order_by("title").values_list("id", "title")


@FixedQuery.with_kinds(list)
def _priorities(borough_ids):
    priorities = Priority.objects.in_boroughs(borough_ids).order_by("plan__title", "position")
    return priorities.values_list("id", "plan__title", "number", "title")


@FixedQuery.with_kinds(list)
def _people(borough_ids):
    # Person's own order (its Meta), as the list has always shown them.
    return Person.objects.in_boroughs(borough_ids).values_list("id", "name")


@FixedQuery.with_kinds(list)
def _tags(borough_ids):
    return Tag.objects.in_boroughs(borough_ids).order_by("name").values_list("id", "name")
