"""Each borough-owned model says once how to reach its borough; visible_to uses that.

Superusers see every borough ("all boroughs"); everyone else their own ("own borough"),
and with a role, only the boroughs where they hold at least that role.
"""

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404

from actions.models import Action, MeasureValue, Milestone, Objective, Plan, SuccessMeasure
from boroughs.models import Borough, BoroughScopedQuerySet, Role, borough_id_of
from boroughs.permissions import get_scoped_or_404
from boroughs.selectors import has_role
from governance.models import Board, Meeting

pytestmark = pytest.mark.django_db

APPS = {"boroughs", "actions", "governance", "reports"}


def _reaches_a_borough(model, depth=0):
    if model is Borough:
        return True
    if depth > 3:
        return False
    return any(
        f.many_to_one
        and f.name != "history_user"
        and _reaches_a_borough(f.related_model, depth + 1)
        for f in model._meta.concrete_fields
    )


def test_every_model_that_belongs_to_a_borough_declares_its_path_and_scoped_queryset():
    owned = [
        m
        for m in apps.get_models()
        if m._meta.app_label in APPS
        and not m.__name__.startswith("Historical")
        and _reaches_a_borough(m)
    ]
    assert Action in owned and MeasureValue in owned and Meeting in owned
    for model in owned:
        assert isinstance(getattr(model, "borough_path", None), str), model
        assert isinstance(model.objects.all(), BoroughScopedQuerySet), model
        if model.borough_path:
            # The path is a real lookup: it filters without error.
            list(model.objects.filter(**{model.borough_path: None})[:1])


@pytest.fixture
def hackney_world(other_borough):
    plan = Plan.objects.create(borough=other_borough, slug="h", title="Hackney plan")
    priority = plan.priorities.create(title="P")
    action = Action.objects.create(plan=plan, priority=priority, reference="H-1")
    return {"plan": plan, "action": action}


def test_a_member_sees_their_own_borough_only(viewer, action, hackney_world):
    assert list(Action.objects.visible_to(viewer)) == [action]
    assert list(Borough.objects.visible_to(viewer)) == [action.plan.borough]


def test_a_superuser_sees_all_boroughs(superuser, action, hackney_world):
    assert set(Action.objects.visible_to(superuser)) == {action, hackney_world["action"]}


def test_a_role_narrows_what_is_visible(viewer, editor, action):
    assert list(Action.objects.visible_to(viewer, Role.EDITOR)) == []
    assert list(Action.objects.visible_to(editor, Role.EDITOR)) == [action]


def test_deep_paths_follow_the_declared_path(viewer, outsider, action):
    milestone = Milestone.objects.create(action=action, title="Launch")
    measure = SuccessMeasure.objects.create(plan=action.plan, description="Fewer waits")
    value = MeasureValue.objects.create(measure=measure, date="2025-06-30", value=3)
    objective = Objective.objects.create(priority=action.priority, title="O")
    for obj in (milestone, value, objective):
        model = type(obj)
        assert list(model.objects.visible_to(viewer)) == [obj]
        assert list(model.objects.visible_to(outsider)) == []
        assert borough_id_of(obj) == action.plan.borough_id


def test_get_scoped_or_404_hides_another_borough_and_forbids_too_low_a_role(
    viewer, outsider, borough
):
    board = Board.objects.create(borough=borough, slug="b", name="Board")
    assert get_scoped_or_404(Board.objects, viewer, pk=board.pk) == board
    with pytest.raises(Http404):
        get_scoped_or_404(Board.objects, outsider, pk=board.pk)
    with pytest.raises(PermissionDenied):
        get_scoped_or_404(Board.objects, viewer, role=Role.EDITOR, pk=board.pk)


def test_has_role_takes_a_borough_its_id_or_an_object_of_it(editor, outsider, action):
    borough = action.plan.borough
    for subject in (borough, borough.pk, action):
        assert has_role(editor, subject, Role.EDITOR)
        assert not has_role(outsider, subject, Role.VIEWER)
