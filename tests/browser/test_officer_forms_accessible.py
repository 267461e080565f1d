"""Every officer form passes axe, both as first opened and when showing errors."""

import datetime as dt

from django.urls import reverse
from playwright.sync_api import expect

from actions.models import Milestone, Objective, SuccessMeasure
from boroughs.models import Membership
from tests.browser.conftest import assert_accessible, sign_in_by_cookie


def test_a_borough_admin_opens_each_officer_form_and_submits_it_empty(
    page, borough_admin, viewer, borough, plan, priority, action
):
    # Given a borough admin, a plan with an objective, a milestone and a measure, and a viewer.
    objective = Objective.objects.create(priority=priority, number="1.1", title="Assessments")
    Milestone.objects.create(
        action=action, title="Recovery plan agreed", due_date=dt.date(2019, 7, 31)
    )
    measure = SuccessMeasure.objects.create(
        plan=plan, priority=priority, description="IHAs on time"
    )
    membership = Membership.objects.get(user=viewer, borough=borough)
    pages = [
        ("action_update_status", [action.pk]),
        ("action_edit", [action.pk]),
        ("milestone_add", [action.pk]),
        ("measure_value_add", [measure.pk]),
        ("plan_structure", [plan.pk]),
        ("priority_add", [plan.pk]),
        ("priority_edit", [priority.pk]),
        ("objective_add", [priority.pk]),
        ("objective_edit", [objective.pk]),
        ("action_add", [priority.pk]),
        ("borough_members", [borough.slug]),
        ("borough_member_edit", [borough.slug, membership.pk]),
        ("borough_member_remove", [borough.slug, membership.pk]),
    ]
    sign_in_by_cookie(page, borough_admin)

    for name, args in pages:
        # When they open each page, it passes axe;
        page.goto(reverse(name, args=args))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
        # And when a form with required fields is sent with them emptied, the error page
        # passes axe too.
        if name in {
            "action_update_status",
            "milestone_add",
            "measure_value_add",
            "priority_add",
            "action_add",
            "borough_members",
        }:
            for box in page.locator("main form textarea, main form input[type=text]").all():
                box.fill("")
            page.locator("main form button[type=submit]").last.click()
            expect(page.locator(".govuk-error-summary")).to_be_visible()
            assert_accessible(page)
