"""A named owner agrees (or stops agreeing) to be named on public pages, themselves.

An owner appears on a public progress page by job title or organisation unless the
person agrees to be named (reports.public.selectors.owner_names). A borough admin may
record that agreement (manage_views.name_consent); here the person records or withdraws
it for themselves, once their account is linked to them as an owner (Person.user). Only
their own: any other owner's id is a 404. Each change is audited by the same service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse

from actions.views.common import crumbs
from governance.risk_views import GET_POST
from reports.public import selectors, services


@login_required
@GET_POST
def own_name_consent(request):
    """GET: each owner the account is linked to, named or not. POST: change one."""
    people = selectors.named_owners_of(request.user)
    if request.method == "POST":
        chosen = request.POST.get("person", "")
        if not chosen.isdigit():
            return HttpResponseBadRequest("The form says whose agreement this is.")
        person = next((p for p in people if p.pk == int(chosen)), None)
        if person is None:  # another owner, or none: never a hint which
            raise Http404("No owner of yours.")
        consented = request.POST.get("consented") == "on"
        services.name_consent_set(person=person, user=request.user, consented=consented)
        messages.success(
            request,
            "Public pages will show your name"
            if consented
            else "Public pages will show your job title, not your name",
        )
        return redirect("own_name_consent")
    context = {
        "people": [(p, getattr(p, "public_name_consent", None)) for p in people],
        "breadcrumbs": crumbs(("Home", reverse("home")), ("Account security", reverse("security"))),
    }
    return render(request, "reports/public/own_name_consent.html", context)
