"""The permission layer every view uses: who may see an object, and who may change it.

Two answers, deliberately different:

* an object in a borough the user does not belong to answers **404**, so that nobody
  can learn which plans or actions another borough has by guessing ids;
* an object the user can see, but not act on with their role, answers **403**.

Views call `get_scoped_or_404` to fetch (with `role=` for a page that needs more than
viewer) and `require_role` before any write. Both go through boroughs/selectors.py. Templates
get `can_edit` / `can_admin` from `role_flags`, so links appear only for those who may
follow them.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from boroughs.models import Membership, Role, borough_ids_for_user, member_boroughs
from boroughs.selectors import boroughs_for_user, has_role
from sendplan.fixed_sql import FixedQuery

SESSION_KEY = "current_borough_id"


def require_role(user, borough, role):
    """Raise PermissionDenied (403) unless `user` holds at least `role` in `borough` (a
    Borough, its id, or an object that belongs to one)."""
    if not has_role(user, borough, role):
        raise PermissionDenied(f"This needs the {Role(role).label.lower()} role.")


def get_scoped_or_404(queryset, user, *, role=Role.VIEWER, **lookup):
    """Fetch one object the user may see, or raise Http404 if it is not in their boroughs.

    `queryset` is a borough-owned model's (it knows its path to the borough). With `role`
    above viewer, an object the user can see but not act on raises PermissionDenied (403)
    rather than 404.
    """
    scoped = queryset.visible_to(user)
    try:
        obj = scoped.get(**lookup)
    except queryset.model.DoesNotExist:
        raise _not_found(queryset.model) from None
    return _allowed(obj, user, role)


def by_pk(queryset):
    """A fetch of one object by id for get_by_pk_or_404, from the function `queryset`
    (e.g. selectors.action_detail_queryset): scoped to boroughs as get_scoped_or_404 is,
    and compiled once a process (sendplan/fixed_sql.py), for the pages opened most."""
    return FixedQuery.with_kinds(list, int)(
        lambda borough_ids, pk: queryset().visible_in(borough_ids).filter(pk=pk)
    )


def get_by_pk_or_404(fetch, user, pk, *, role=Role.VIEWER):
    """get_scoped_or_404(queryset, user, role=role, pk=pk) through a `by_pk` fetch."""
    ids = borough_ids_for_user(user, role=Role.VIEWER)
    found = fetch(None if ids is None else sorted(ids), int(pk))
    if not found:
        raise _not_found(fetch.build([], 0).model)
    return _allowed(found[0], user, role)


def _not_found(model):
    return Http404(f"No {model._meta.verbose_name} matches the given query.")


def _allowed(obj, user, role):
    if Membership.RANK[role] > Membership.RANK[Role.VIEWER]:
        require_role(user, obj, role)
    return obj


def role_flags(user, borough):
    """What the user may do in `borough`, for templates: {"can_edit": .., "can_admin": ..}."""
    return {
        "can_edit": has_role(user, borough, Role.EDITOR),
        "can_admin": has_role(user, borough, Role.ADMIN),
    }


def user_boroughs(request):
    """The boroughs the signed-in user may see, by name; cached on the request. A member
    reads them with their memberships (boroughs.models.member_boroughs): no query more."""
    if not hasattr(request, "_sendplan_user_boroughs"):
        user = request.user
        ids = borough_ids_for_user(user, role=Role.VIEWER) if user.is_authenticated else set()
        if ids is None:  # a superuser: every borough
            request._sendplan_user_boroughs = list(boroughs_for_user(user))
        elif ids:
            # Viewer and above: a partner's membership shows only their area's plans.
            request._sendplan_user_boroughs = [b for b in member_boroughs(user) if b.pk in ids]
        else:
            request._sendplan_user_boroughs = []
    return request._sendplan_user_boroughs


def current_borough(request):
    """The borough the user is working in: their choice in the session, else their first.

    Never a borough outside the user's own, whatever the session says: a membership
    removed since the choice was made simply falls back to the first borough.
    """
    boroughs = user_boroughs(request)
    if not boroughs:
        return None
    chosen = request.session.get(SESSION_KEY)
    for borough in boroughs:
        if borough.pk == chosen:
            return borough
    return boroughs[0]


def set_current_borough(request, borough):
    if borough not in user_boroughs(request):
        raise PermissionDenied("You are not a member of that borough.")
    request.session[SESSION_KEY] = borough.pk
