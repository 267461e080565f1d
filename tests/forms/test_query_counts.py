"""Each officer page loads in a fixed number of queries, however much data there is.

Three of them are the same on every page: the session, the user, and their memberships
read with their boroughs (for the borough switcher).
The data below has several priorities, objectives, owners and members, so a query per
row would show up as a higher count.
"""

import pytest
from django.urls import reverse

from actions.models import Objective, Priority
from boroughs.models import Membership, Person, Role
from tests.forms.conftest import client_for


@pytest.fixture
def busy_plan(plan, priority, action, borough, django_user_model):
    for n in range(2, 5):
        extra = Priority.objects.create(plan=plan, number=str(n), title=f"Priority {n}", position=n)
        for m in range(3):
            Objective.objects.create(priority=extra, number=f"{n}.{m}", title="x", position=m)
    for n in range(5):
        action.owners.add(Person.objects.create(borough=borough, name=f"Owner {n}"))
        user = django_user_model.objects.create_user(username=f"member{n}")
        Membership.objects.create(user=user, borough=borough, role=Role.VIEWER)
    return plan


PAGES = [
    # The action, and the open round whose quarter the update reports on.
    ("action_update_status", "action", 5),
    # The action, its owners and tags for the form's starting values, the borough's people.
    ("action_edit", "action", 7),
    # The action, and its milestones so far (each with a "Mark achieved" button).
    ("milestone_add", "action", 5),
    # The measure, and its latest value.
    ("measure_value_add", "measure", 5),
    # The plan, its priorities with action counts, and all their objectives at once.
    ("plan_structure", "plan", 6),
    ("priority_add", "plan", 4),
    ("priority_edit", "priority", 4),
    ("objective_add", "priority", 4),
    ("objective_edit", "objective", 4),
    # The priority, whether it has objectives, its objectives, the borough's people.
    ("action_add", "priority", 7),
    ("borough_members", "slug", 7),  # + the invitations waiting, the owners linked
    ("borough_member_edit", "membership", 7),  # + the named owner records
    ("borough_member_remove", "membership", 5),
]


@pytest.mark.parametrize(("name", "target", "queries"), PAGES)
def test_each_officer_page_runs_a_pinned_number_of_queries(
    name,
    target,
    queries,
    busy_plan,
    action,
    measure,
    objective,
    viewer_membership,
    borough,
    borough_admin,
    django_assert_num_queries,
):
    args = {
        "action": [action.pk],
        "measure": [measure.pk],
        "plan": [busy_plan.pk],
        "priority": [action.priority_id],
        "objective": [objective.pk],
        "slug": [borough.slug],
        "membership": [borough.slug, viewer_membership.pk],
    }[target]
    client = client_for(borough_admin)
    url = reverse(name, args=args)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
