"""The service admin's pages: every local area, adding one, suspending or restoring one.

See boroughs/areas.py. Anyone without the service-admin permission is refused (403).
"""

import logging
from smtplib import SMTPException

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from boroughs import areas
from boroughs.area_forms import AreaAddForm
from boroughs.models import Borough
from sendplan.links import absolute_url

logger = logging.getLogger(__name__)
GET_POST = require_http_methods(["GET", "POST"])


def _crumbs(*more):
    return [{"label": "Home", "url": reverse("home")}, *more]


@login_required
@require_http_methods(["GET"])
def area_list(request):
    areas.require_service_admin(request.user)
    context = {
        "areas": areas.all_areas(),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "boroughs/areas/list.html", context)


@login_required
@GET_POST
def area_add(request):
    areas.require_service_admin(request.user)
    form = AreaAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            borough = areas.area_add(
                area=data["area"],
                gss_code=data["gss_code"],
                admin_email=data["admin_email"],
                user=request.user,
                accept_url=lambda token: absolute_url(reverse("invitation_accept", args=[token])),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except (SMTPException, OSError):
            logger.exception("Invitation email to a new area's first admin could not be sent")
            form.add_error(None, "The invitation could not be sent, so the area was not added")
        else:
            messages.success(
                request,
                f"{borough.name} added. Invitation sent to {data['admin_email']}: they become "
                "its admin when they accept it.",
            )
            return redirect("area_list")
    context = {
        "form": form,
        "breadcrumbs": _crumbs({"label": "Local areas", "url": reverse("area_list")}),
    }
    return render(request, "boroughs/areas/add.html", context, status=400 if form.errors else 200)


@login_required
@GET_POST
def area_suspend(request, slug):
    """Confirm, then suspend an area (or restore a suspended one)."""
    areas.require_service_admin(request.user)
    borough = get_object_or_404(Borough, slug=slug)
    if request.method == "POST":
        areas.area_suspend(borough=borough, user=request.user, suspended=not borough.is_suspended)
        word = "suspended: its members cannot use it" if borough.is_suspended else "restored"
        messages.success(request, f"{borough.name} {word}")
        return redirect("area_list")
    context = {
        "borough": borough,
        "breadcrumbs": _crumbs({"label": "Local areas", "url": reverse("area_list")}),
    }
    return render(request, "boroughs/areas/suspend.html", context)
