"""Accepting an invitation: the page the emailed link opens.

Public on purpose: the person invited may have no account yet. The unguessable token
in the link finds the invitation, but only the account with the address it was sent to
may accept it: signed in as that account, one button; signed in as any other, a refusal
(403); signed out, they sign in first or make an account here, which takes that address.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from boroughs import invitations
from boroughs.forms import NewAccountForm


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = invitations.invitation_for_token(token)
    if invitation is None:
        return render(request, "boroughs/invitations/invalid.html", status=404)
    here = reverse("invitation_accept", args=[token])
    signed_in = request.user.is_authenticated
    if signed_in and not invitations.is_addressed_to(invitation, request.user):
        # Someone else's invitation: the link alone never grants a borough.
        context = {"invitation": invitation}
        return render(request, "boroughs/invitations/not_yours.html", context, status=403)
    form = None if signed_in else NewAccountForm(request.POST or None)
    if request.method == "POST":
        if signed_in:
            membership = invitations.invitation_accept(invitation=invitation, user=request.user)
            if membership is None:
                return render(request, "boroughs/invitations/invalid.html", status=404)
            return _joined(request, membership)
        if form.is_valid():
            user, membership = invitations.invitation_accept_with_new_account(
                invitation=invitation,
                username=form.cleaned_data["username"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
            if membership is None:
                return render(request, "boroughs/invitations/invalid.html", status=404)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _joined(request, membership)
    context = {
        "invitation": invitation,
        "form": form,
        "sign_in_url": f"{reverse('login')}?next={here}",
    }
    return render(request, "boroughs/invitations/accept.html", context)


def _joined(request, membership):
    messages.success(
        request,
        f"You are now a member of {membership.borough} ({membership.get_role_display().lower()}).",
    )
    return redirect("home")
