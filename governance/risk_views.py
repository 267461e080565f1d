"""The risk register: the current borough's risks with a 5×5 heat map, and its forms."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from actions.views.common import crumbs, save_form
from boroughs import permissions
from boroughs.models import Role
from governance import services
from governance.forms import RiskForm
from governance.selectors import IMPACT_WORDS, LEVELS, heat_map, risk_queryset, risks_for_borough

GET_POST = require_http_methods(["GET", "POST"])


def _borough(request, role=Role.VIEWER):
    borough = permissions.current_borough(request)
    if borough is None:
        raise Http404("You are not a member of any borough.")
    permissions.require_role(request.user, borough, role)
    return borough


def _register_crumbs():
    return crumbs(("Home", reverse("home")), ("Risk register", reverse("risk_list")))


@login_required
@require_GET
def risk_list(request):
    borough = _borough(request)
    risks = list(risks_for_borough(borough))
    open_risks = [r for r in risks if r.status == r.Status.OPEN]
    context = {
        "borough": borough,
        "risks": risks,
        "heat_map": heat_map(risks),
        "impacts": [(n, IMPACT_WORDS[n]) for n in LEVELS],
        "open_count": len(open_risks),
        "unscored": [r for r in open_risks if r.score is None],
        "breadcrumbs": crumbs(("Home", reverse("home"))),
        **permissions.role_flags(request.user, borough),
    }
    return render(request, "governance/risk_list.html", context)


def _fields(data):
    return {k: v for k, v in data.items() if k != "actions"}


@login_required
@GET_POST
def risk_add(request):
    borough = _borough(request, Role.EDITOR)
    form = RiskForm(request.POST or None, borough=borough)

    def save(data):
        return services.risk_create(
            borough=borough, user=request.user, actions=list(data["actions"]), **_fields(data)
        )

    risk = save_form(request, form, save, lambda r: f"Risk {r.risk_id} added")
    if risk:
        return redirect(reverse("risk_list") + f"#risk-{risk.pk}")
    context = {
        "form": form,
        "borough": borough,
        "heading": "Add a risk",
        "button": "Add risk",
        "breadcrumbs": _register_crumbs(),
    }
    return render(request, "governance/risk_form.html", context, status=400 if form.errors else 200)


@login_required
@GET_POST
def risk_edit(request, pk):
    risk = permissions.get_scoped_or_404(risk_queryset(), request.user, role=Role.EDITOR, pk=pk)
    initial = {
        "risk_id": risk.risk_id,
        "description": risk.description,
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "owner": risk.owner,
        "mitigation": risk.mitigation,
        "status": risk.status,
        "actions": list(risk.actions.all()),
    }
    form = RiskForm(request.POST or None, initial=initial, borough=risk.borough)

    def save(data):
        return services.risk_update(
            risk=risk, user=request.user, actions=list(data["actions"]), **_fields(data)
        )

    if save_form(request, form, save, f"Risk {risk.risk_id} saved"):
        return redirect(reverse("risk_list") + f"#risk-{risk.pk}")
    context = {
        "form": form,
        "borough": risk.borough,
        "risk": risk,
        "heading": f"Change risk {risk.risk_id}",
        "button": "Save risk",
        "breadcrumbs": _register_crumbs(),
    }
    return render(request, "governance/risk_form.html", context, status=400 if form.errors else 200)
