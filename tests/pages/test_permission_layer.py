"""boroughs.permissions: the helpers every view (ours and the forms') goes through."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from actions.models import Action, Plan
from boroughs.models import Role, borough_ids_for_user
from boroughs.permissions import get_scoped_or_404, require_role, role_flags


def test_get_scoped_or_404_returns_an_object_in_the_users_borough(viewer, action):
    found = get_scoped_or_404(Action.objects.all(), viewer, pk=action.pk)
    assert found == action


def test_get_scoped_or_404_answers_not_found_for_another_boroughs_object(outsider, action):
    with pytest.raises(Http404):
        get_scoped_or_404(Action.objects.all(), outsider, pk=action.pk)


def test_get_scoped_or_404_answers_forbidden_when_the_role_is_too_low(viewer, action):
    with pytest.raises(PermissionDenied):
        get_scoped_or_404(
            Action.objects.select_related("plan"),
            viewer,
            role=Role.EDITOR,
            pk=action.pk,
        )


def test_get_scoped_or_404_gives_an_editor_the_object_to_edit(editor, action):
    found = get_scoped_or_404(
        Action.objects.select_related("plan"),
        editor,
        role=Role.EDITOR,
        pk=action.pk,
    )
    assert found == action


@pytest.mark.parametrize(
    ("who", "role", "allowed"),
    [
        ("viewer", Role.VIEWER, True),
        ("viewer", Role.EDITOR, False),
        ("editor", Role.EDITOR, True),
        ("editor", Role.ADMIN, False),
        ("borough_admin", Role.ADMIN, True),
        ("outsider", Role.VIEWER, False),
        ("superuser", Role.ADMIN, True),
    ],
)
def test_require_role_lets_through_only_cumulative_roles(request, borough, who, role, allowed):
    user = request.getfixturevalue(who)
    if allowed:
        require_role(user, borough, role)
    else:
        with pytest.raises(PermissionDenied):
            require_role(user, borough, role)


def test_role_flags_say_what_a_template_may_offer(viewer, editor, borough_admin, borough):
    assert role_flags(viewer, borough) == {"can_edit": False, "can_admin": False}
    assert role_flags(editor, borough) == {"can_edit": True, "can_admin": False}
    assert role_flags(borough_admin, borough) == {"can_edit": True, "can_admin": True}


# --- visible_to: which boroughs' rows a user sees ------------------------------------


@pytest.fixture
def both_boroughs_plans(plan, other_borough):
    theirs = Plan.objects.create(borough=other_borough, slug="theirs", title="Hackney plan")
    return plan, theirs


def test_a_superuser_sees_every_borough_and_a_member_only_their_own(
    both_boroughs_plans, viewer, outsider, superuser
):
    ours, theirs = both_boroughs_plans
    assert set(Plan.objects.visible_to(superuser)) == {ours, theirs}
    assert list(Plan.objects.visible_to(viewer)) == [ours]
    assert list(Plan.objects.visible_to(outsider)) == [theirs]


def test_staff_who_are_not_superusers_see_only_their_own_borough(both_boroughs_plans, viewer):
    ours, _ = both_boroughs_plans
    viewer.is_staff = True
    viewer.save()
    assert list(Plan.objects.visible_to(viewer)) == [ours]


def test_someone_with_no_membership_or_too_low_a_role_sees_no_borough_not_all(
    both_boroughs_plans, viewer, django_user_model
):
    nobody = django_user_model.objects.create_user("no-membership")
    assert borough_ids_for_user(nobody, role=Role.VIEWER) == set()
    assert list(Plan.objects.visible_to(nobody)) == []
    assert list(Plan.objects.visible_to(viewer, Role.EDITOR)) == []


def test_a_deactivated_member_sees_nothing(both_boroughs_plans, viewer):
    viewer.is_active = False
    viewer.save()
    assert borough_ids_for_user(viewer, role=Role.VIEWER) == set()
    assert list(Plan.objects.visible_to(viewer)) == []
