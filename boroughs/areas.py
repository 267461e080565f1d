"""Running the service: a service admin adds local areas, names their first admin, and
suspends or restores them (issue 27), without the Django admin.

A service admin holds the user-level permission `boroughs.run_service` (not a membership
role: they need not belong to any area). An area is chosen from the local authorities
the DfE's data holds (boroughs.indicators.Area), so its name, DfE LA number and region
are filled in; its GSS code, which that data lacks, may be added. Its first admin is
invited by email (boroughs/invitations.py), and becomes a member on accepting.
"""

from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import receiver

from boroughs import invitations
from boroughs.audit import audited_save
from boroughs.models import Area, Borough, Role
from sendplan.slugs import unique_slug

PERMISSION = "boroughs.run_service"


def is_service_admin(user):
    return user.is_authenticated and user.is_active and user.has_perm(PERMISSION)


SESSION_KEY = "sendplan_service_admin"


@receiver(user_logged_in, dispatch_uid="sendplan-service-admin-flag")
def _note_service_admin(sender, request, user, **kwargs):
    """The navigation links service admins to their pages without asking the database
    on every page: whether the user is one is noted in the session at sign-in. The pages
    themselves check the permission each time."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = is_service_admin(user)


def require_service_admin(user):
    if not is_service_admin(user):
        raise PermissionDenied("Only a service admin can add or suspend local areas.")


def areas_to_add():
    """The DfE's local authorities not yet added as local areas, by name."""
    held = Borough.objects.exclude(la_number__isnull=True).values("la_number")
    return Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY).exclude(la_number__in=held)


def all_areas():
    return Borough.objects.order_by("name")


def _slug(name):
    """The new area's slug: "&" read as "and", short enough for Borough.slug's 60."""
    return unique_slug(name.replace("&", "and"), Borough.objects.all(), fallback="area", length=55)


@transaction.atomic
def area_add(*, area, admin_email, user, accept_url, gss_code=None):
    """Add `area` (a DfE local authority) as a local area and invite its first admin.

    The email goes out inside the transaction: if it cannot be sent, nothing is saved.
    """
    require_service_admin(user)
    if area.kind != Area.Kind.LOCAL_AUTHORITY:
        raise ValidationError({"area": "Choose a local authority."})
    if Borough.objects.filter(la_number=area.la_number).exists():
        raise ValidationError({"area": f"{area.name} is already a local area."})
    if Borough.objects.filter(name__iexact=area.name).exists():
        raise ValidationError({"area": f"There is already a local area called {area.name}."})
    borough = Borough(
        name=area.name,
        slug=_slug(area.name),
        gss_code=gss_code or None,
        region=area.region,
        la_number=area.la_number,
    )
    audited_save(borough, user=user, reason="Added the local area")
    invitations.invitation_send(
        borough=borough, user=user, email=admin_email, role=Role.ADMIN, accept_url=accept_url
    )
    return borough


@transaction.atomic
def area_suspend(*, borough, user, suspended):
    """Suspend an area (its members cannot use it) or restore it."""
    require_service_admin(user)
    borough.is_suspended = suspended
    reason = "Suspended the local area" if suspended else "Restored the local area"
    return audited_save(borough, user=user, reason=reason)
