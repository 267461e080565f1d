"""Who may see what. Every borough-scoped queryset in the app starts here."""

from boroughs.models import Borough, Membership, Role


def user_sees_all_boroughs(user):
    # Staff superusers run the installation; everyone else sees their own boroughs only.
    return user.is_authenticated and user.is_active and user.is_superuser


def borough_ids_for_user(user, *, role=Role.VIEWER):
    """The ids of the boroughs where `user` holds at least `role`.

    Returns None for a user who sees every borough, so callers can skip the filter.
    Cached on the user object for the request, because every page asks.
    """
    if not user.is_authenticated or not user.is_active:
        return set()
    if user_sees_all_boroughs(user):
        return None
    cache = user.__dict__.setdefault("_sendplan_memberships", None)
    if cache is None:
        cache = dict(Membership.objects.filter(user=user).values_list("borough_id", "role"))
        user.__dict__["_sendplan_memberships"] = cache
    wanted = Membership.RANK[role]
    return {bid for bid, r in cache.items() if Membership.RANK[r] >= wanted}


def scope_to_user(queryset, user, *, field="borough", role=Role.VIEWER):
    """Filter any queryset to the boroughs the user may see (or act in, with `role`).

    `field` is the lookup path from the queryset's model to its Borough,
    e.g. "plan__borough" for actions.
    """
    ids = borough_ids_for_user(user, role=role)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})


def user_has_role(user, borough, role):
    ids = borough_ids_for_user(user, role=role)
    return ids is None or borough.pk in ids


def boroughs_for_user(user):
    return scope_to_user(Borough.objects.all(), user, field="id")
