"""Managing a borough's members (borough admins): list and invite, change a role, remove.

The borough is fetched through boroughs.permissions.get_scoped_or_404 with the admin
role, so another borough answers 404 and a lower role 403, on GET and POST alike.
Forms are in boroughs/forms.py; boroughs/services.py makes every write.
"""

import logging
from smtplib import SMTPException

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from boroughs import invitations, services
from boroughs.forms import MemberInviteForm, MemberRoleForm
from boroughs.models import Borough, Membership, Role
from boroughs.permissions import get_scoped_or_404
from boroughs.selectors import owner_names_by_user
from sendplan.links import absolute_url

GET_POST = require_http_methods(["GET", "POST"])
logger = logging.getLogger(__name__)


def _members_crumbs(borough, *, to_list=True):
    crumbs = [{"label": "Home", "url": reverse("home")}]
    if to_list:
        url = reverse("borough_members", args=[borough.slug])
        crumbs.append({"label": f"Members of {borough}", "url": url})
    return crumbs


@login_required
@GET_POST
def borough_members(request, slug):
    """The members, the invitations waiting, and a form to invite someone by email."""
    borough = get_scoped_or_404(Borough.objects, request.user, role=Role.ADMIN, slug=slug)
    form = MemberInviteForm(request.POST or None, borough=borough)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            invitations.invitation_send(
                borough=borough,
                user=request.user,
                email=email,
                role=form.cleaned_data["role"],
                accept_url=lambda token: absolute_url(reverse("invitation_accept", args=[token])),
            )
        except (SMTPException, OSError):
            logger.exception("Invitation email to a member of %s could not be sent", borough)
            form.add_error(None, "The invitation could not be sent. Try again later")
        else:
            # The same words whether or not the address has an account.
            messages.success(
                request,
                f"Invitation sent to {email}. They become a member when they accept it.",
            )
            return redirect("borough_members", slug=borough.slug)
    members = list(borough.memberships.select_related("user").order_by("user__username"))
    # Which named owner each member's account is linked to (the "Change" page sets it).
    linked = owner_names_by_user(borough)
    for member in members:
        member.owner_name = linked.get(member.user_id, "")
    context = {
        "borough": borough,
        "members": members,
        "waiting": invitations.pending_invitations(borough).order_by("email"),
        "form": form,
        "breadcrumbs": _members_crumbs(borough, to_list=False),
    }
    return render(request, "boroughs/members.html", context)


def _membership(request, slug, pk):
    borough = get_scoped_or_404(Borough.objects, request.user, role=Role.ADMIN, slug=slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "borough"), borough=borough, pk=pk
    )
    return borough, membership


@login_required
@GET_POST
def borough_member_edit(request, slug, pk):
    borough, membership = _membership(request, slug, pk)
    form = MemberRoleForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.membership_change_role(
                    membership=membership, user=request.user, role=form.cleaned_data["role"]
                )
                services.person_link_account(
                    borough=borough,
                    member=membership.user,
                    person=form.cleaned_data["person"],
                    user=request.user,
                )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            person = form.cleaned_data["person"]
            link = (
                f"linked to the named owner {person.name}"
                if person is not None
                else "not linked to a named owner"
            )
            messages.success(
                request,
                f"{membership.user.get_username()} saved: "
                f"{membership.get_role_display().lower()}, {link}",
            )
            return redirect("borough_members", slug=borough.slug)
    context = {
        "borough": borough,
        "membership": membership,
        "form": form,
        "breadcrumbs": _members_crumbs(borough),
    }
    return render(request, "boroughs/members_edit.html", context)


@login_required
@GET_POST
def borough_member_remove(request, slug, pk):
    borough, membership = _membership(request, slug, pk)
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, user=request.user)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            name = membership.user.get_username()
            messages.success(request, f"{name} removed from {borough}")
            if membership.user_id == request.user.pk and not request.user.is_superuser:
                # They can no longer see this borough's members.
                return redirect("home")
            return redirect("borough_members", slug=borough.slug)
    context = {
        "borough": borough,
        "membership": membership,
        "error": error,
        "breadcrumbs": _members_crumbs(borough),
    }
    return render(request, "boroughs/members_remove.html", context)


@login_required
@GET_POST
def invitation_withdraw(request, slug, pk):
    """Withdraw a waiting invitation (borough admins): its link stops working."""
    borough = get_scoped_or_404(Borough.objects, request.user, role=Role.ADMIN, slug=slug)
    invitation = get_object_or_404(
        invitations.pending_invitations(borough).select_related("borough"), pk=pk
    )
    if request.method == "POST":
        if invitations.invitation_withdraw(invitation=invitation, user=request.user):
            messages.success(request, f"Invitation to {invitation.email} withdrawn")
        return redirect("borough_members", slug=borough.slug)
    context = {
        "borough": borough,
        "invitation": invitation,
        "breadcrumbs": _members_crumbs(borough),
    }
    return render(request, "boroughs/invitations/withdraw.html", context)
