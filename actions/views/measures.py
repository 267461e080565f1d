"""Success measures: a plan's measures, one measure's page, the measure register's forms,
and the comparison of national indicators between the borough and similar areas."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from actions import measure_services
from actions.forms.measures import MeasureForm, MeasureSettingsForm
from actions.forms.milestones import MeasureValueForm
from actions.measure_charts import as_data_uri, line_chart_svg
from actions.measure_selectors import (
    SOURCE,
    indicator_series,
    measure_queryset,
    measures_for_plan,
    rated,
    year_table,
)
from actions.models import MeasureValue, Plan
from actions.views.common import GET_POST, crumbs, save_form
from boroughs import permissions
from boroughs.models import Borough, Indicator, Role
from boroughs.permissions import get_scoped_or_404
from boroughs.selectors import has_role

MAX_COMPARED = 6


def _plan_crumbs(plan):
    return crumbs(("Home", reverse("home")), (plan.title, reverse("plan_detail", args=[plan.pk])))


@login_required
@require_GET
def measure_list(request, pk):
    plan = get_scoped_or_404(Plan.objects.select_related("borough"), request.user, pk=pk)
    today = timezone.localdate()
    measures = [rated(m, on=today) for m in measures_for_plan(plan)]
    context = {
        "plan": plan,
        "measures": measures,
        "rated_count": sum(1 for m in measures if m.rating.rating),
        "breadcrumbs": _plan_crumbs(plan),
        **permissions.role_flags(request.user, plan.borough_id),
    }
    return render(request, "actions/measures/list.html", context)


def _measure_chart(measure, series):
    """The chart and its table: the local area and England (or the measure's own values)."""
    if measure.indicator_id:
        shown = [s for s in series if s.role in ("local", "england")]
        labels, rows = year_table(shown)
        lines = [(row["name"], row["values"]) for row in rows]
    else:
        labels = [p.label for p in measure.points]
        lines = [("Value", [p.value for p in measure.points])]
    if not labels:
        return None
    svg = line_chart_svg(
        name=f"measure-{measure.pk}",
        labels=labels,
        series=lines,
        target=measure.target,
        baseline=measure.baseline,
        y_title=measure.unit,
    )
    return as_data_uri(svg)


@login_required
@require_GET
def measure_detail(request, pk):
    measure = get_scoped_or_404(measure_queryset(), request.user, pk=pk)
    rated(measure, on=timezone.localdate())
    series = (
        indicator_series(measure.indicator, measure.plan.borough) if measure.indicator_id else []
    )
    labels, rows = year_table(series)
    context = {
        "measure": measure,
        "plan": measure.plan,
        "chart": _measure_chart(measure, series),
        "years": labels,
        "comparison": rows,
        "source": SOURCE,
        "breadcrumbs": _plan_crumbs(measure.plan)
        + crumbs(("Measures", reverse("measure_list", args=[measure.plan_id]))),
        **permissions.role_flags(request.user, measure.plan.borough_id),
    }
    return render(request, "actions/measures/detail.html", context)


def _measure_data(data):
    return {k: data.get(k) for k in measure_services.MEASURE_FIELDS} | {
        "unit": data.get("unit", ""),
        "direction": data.get("direction", ""),
        "data_source": data.get("data_source", ""),
    }


@login_required
@GET_POST
def measure_add(request, pk):
    plan = get_scoped_or_404(
        Plan.objects.select_related("borough"), request.user, role=Role.EDITOR, pk=pk
    )
    form = MeasureForm(request.POST or None, plan=plan)

    def save(data):
        fields = _measure_data(data)
        return measure_services.measure_create(plan=plan, user=request.user, **fields)

    measure = save_form(request, form, save, "Measure added")
    if measure:
        return redirect("measure_detail", pk=measure.pk)
    context = {
        "plan": plan,
        "form": form,
        "heading": "Add a success measure",
        "button": "Add measure",
        "cancel": reverse("measure_list", args=[plan.pk]),
        "breadcrumbs": _plan_crumbs(plan),
    }
    return render(
        request, "actions/measures/form.html", context, status=400 if form.errors else 200
    )


@login_required
@GET_POST
def measure_edit(request, pk):
    measure = get_scoped_or_404(measure_queryset(), request.user, role=Role.EDITOR, pk=pk)
    initial = {name: getattr(measure, name) for name in measure_services.MEASURE_FIELDS}
    form = MeasureForm(request.POST or None, initial=initial, plan=measure.plan)

    def save(data):
        fields = _measure_data(data)
        return measure_services.measure_update(measure=measure, user=request.user, **fields)

    if save_form(request, form, save, "Measure saved"):
        return redirect("measure_detail", pk=measure.pk)
    context = {
        "plan": measure.plan,
        "measure": measure,
        "form": form,
        "heading": "Change a success measure",
        "button": "Save measure",
        "cancel": reverse("measure_detail", args=[measure.pk]),
        "breadcrumbs": _plan_crumbs(measure.plan),
    }
    return render(
        request, "actions/measures/form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_GET
def indicator_compare(request):
    """The current borough against England, its region and its comparators, on chosen
    national indicators (?indicator=CODE, repeatable)."""
    borough = permissions.current_borough(request)
    indicators = list(Indicator.objects.order_by("topic", "name"))
    chosen_codes = (
        request.GET.getlist("indicator")[:MAX_COMPARED]
        or [i.code for i in Indicator.objects.filter(measures__plan__borough=borough).distinct()][
            :MAX_COMPARED
        ]
    )
    chosen = [i for i in indicators if i.code in chosen_codes]
    tables = []
    if borough is not None:
        for indicator in chosen:
            series = indicator_series(indicator, borough)
            labels, rows = year_table(series)
            svg = None
            if labels:
                svg = as_data_uri(
                    line_chart_svg(
                        name=f"compare-{indicator.pk}",
                        labels=labels,
                        series=[(r["name"], r["values"]) for r in rows],
                        y_title=indicator.unit,
                    )
                )
            tables.append({"indicator": indicator, "years": labels, "rows": rows, "chart": svg})
    context = {
        "borough": borough,
        "indicators": indicators,
        "chosen_codes": [i.code for i in chosen],
        "tables": tables,
        "source": SOURCE,
        "breadcrumbs": crumbs(("Home", reverse("home"))),
        "can_admin": borough is not None and has_role(request.user, borough, Role.ADMIN),
    }
    return render(request, "actions/measures/compare.html", context)


@login_required
@GET_POST
def measure_settings(request, slug):
    """A borough admin sets how measures are rated and which areas they are compared with."""
    borough = get_scoped_or_404(Borough.objects.all(), request.user, role=Role.ADMIN, slug=slug)
    initial = {
        "amber_margin": borough.measure_amber_margin,
        "amber_when_improving": "yes" if borough.measure_amber_when_improving else "no",
        "comparators": list(borough.comparators.all()),
    }
    form = MeasureSettingsForm(request.POST or None, initial=initial)

    def save(data):
        return measure_services.borough_measure_settings_update(
            borough=borough,
            user=request.user,
            amber_margin=data["amber_margin"],
            amber_when_improving=data["amber_when_improving"],
            comparators=list(data["comparators"]),
        )

    if save_form(request, form, save, "Measure settings saved"):
        return redirect("indicator_compare")
    context = {
        "borough": borough,
        "form": form,
        "breadcrumbs": crumbs(("Home", reverse("home"))),
    }
    status = 400 if form.errors else 200
    return render(request, "actions/measures/settings.html", context, status=status)


@login_required
@GET_POST
def measure_value_edit(request, pk):
    """Correct or remove one recorded value of a measure."""
    value = get_scoped_or_404(
        MeasureValue.objects.select_related("measure__plan__borough"),
        request.user,
        role=Role.EDITOR,
        pk=pk,
    )
    measure = value.measure
    if request.method == "POST" and "delete" in request.POST:
        measure_services.measure_value_delete(value=value, user=request.user)
        messages.success(request, f"Value for {value.date:%-d %B %Y} removed")
        return redirect("measure_detail", pk=measure.pk)
    initial = {"date": value.date, "value": value.value, "note": value.note}
    form = MeasureValueForm(request.POST or None, initial=initial, measure=measure)

    def save(data):
        return measure_services.measure_value_update(
            value=value,
            user=request.user,
            date=data["date"],
            number=data["value"],
            note=data["note"],
        )

    if save_form(request, form, save, "Value saved"):
        return redirect("measure_detail", pk=measure.pk)
    context = {
        "measure": measure,
        "value": value,
        "form": form,
        "breadcrumbs": _plan_crumbs(measure.plan)
        + crumbs(("Measure", reverse("measure_detail", args=[measure.pk]))),
    }
    status = 400 if form.errors else 200
    return render(request, "actions/measures/value_edit.html", context, status=status)
