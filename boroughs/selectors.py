"""Who may see what.

Every borough-owned model declares its path to its borough once (`borough_path`) and
has `visible_to(user, role)` on its queryset (boroughs.models.BoroughScopedQuerySet);
every borough-scoped read in the app goes through it. A superuser sees every borough;
everyone else sees the boroughs they are a member of, and acts in those where their
role is high enough.
"""

from boroughs.models import (
    Borough,
    Person,
    Role,
    borough_id_of,
    borough_ids_for_user,
    user_sees_all_boroughs,
)

__all__ = ["borough_ids_for_user", "boroughs_for_user", "has_role", "user_sees_all_boroughs"]


def has_role(user, borough, role=Role.VIEWER):
    """True if `user` holds at least `role` in `borough` (a Borough, its id, or any object
    that belongs to a borough)."""
    if not user.is_authenticated:
        return False
    ids = borough_ids_for_user(user, role=role)
    if ids is None:
        return True
    borough_id = borough if isinstance(borough, int) else borough_id_of(borough)
    return borough_id in ids


def boroughs_for_user(user):
    return Borough.objects.visible_to(user)


def provider_requiring_sso(email):
    """The identity provider that must sign in `email`, or None.

    A borough that requires single sign-on for its domain refuses the password route
    for addresses in it. The caller passes an address typed on the form, or the
    account's own once its password has been checked, so the answer never tells a
    stranger whether a username exists.
    """
    from boroughs.sso_models import IdentityProvider

    domain = (email or "").strip().rpartition("@")[2].lower()
    if not domain:
        return None
    for provider in IdentityProvider.objects.filter(active=True, require_sso=True):
        if domain in provider.domains():
            return provider
    return None
    for provider in IdentityProvider.objects.filter(active=True, require_sso=True):
        if domain in provider.domains():
            return provider
    return None


def owner_names_by_user(borough):
    """{user id: name} of the named owners in `borough` linked to an account."""
    return dict(
        Person.objects.filter(borough=borough, user__isnull=False).values_list("user_id", "name")
    )
