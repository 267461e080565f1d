"""Reviewers have a queue: "Waiting for your review (N)" on home and in the digest, the
rating and narrative now beside those proposed, and "Approve and next"."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ReviewState, StatusUpdate
from reports.digests import digest_items


def test_home_tells_a_borough_admin_how_many_updates_wait_for_their_review(
    reviewed, client, borough_admin, round_world
):
    client.force_login(borough_admin)

    home = client.get(reverse("home")).content.decode()

    assert "Waiting for your review (2)" in home
    assert reverse("review_queue", args=[round_world["round"].pk]) in home


def test_the_queue_shows_the_rating_and_narrative_now_beside_those_proposed(
    reviewed, client, borough_admin, round_world
):
    Action.objects.filter(pk=reviewed["1.2"].action_id).update(
        status="amber", status_narrative="One post vacant."
    )
    client.force_login(borough_admin)

    response = client.get(reverse("review_queue", args=[round_world["round"].pk]))
    page = response.content.decode()

    assert [row["action"].reference for row in response.context["rows"]] == ["1.1", "1.2"]
    assert '<h1 class="govuk-heading-l">Waiting for your review (2)</h1>' in page
    now, proposed = page.index("One post vacant."), page.index("Posts vacant.")
    assert now < proposed  # the same row: now, then proposed


def test_a_reviewer_clears_the_queue_with_approve_and_next(
    reviewed, client, borough_admin, round_world
):
    client.force_login(borough_admin)
    queue = reverse("review_queue", args=[round_world["round"].pk])

    first = client.post(reverse("update_review", args=[reviewed["1.1"].pk]), {"approve_next": "1"})
    assert first.url == reverse("update_review", args=[reviewed["1.2"].pk])
    last = client.post(first.url, {"approve_next": "1"})

    assert last.url == queue
    assert "Nothing else is waiting for your review" in client.get(last.url).content.decode()
    states = set(StatusUpdate.objects.values_list("review_state", flat=True))
    assert states == {ReviewState.APPROVED}
    assert Action.objects.get(pk=reviewed["1.2"].action_id).status == "red"


def test_a_priority_lead_sees_only_their_prioritys_updates_in_the_queue(
    reviewed, client, editor, django_user_model, borough, round_world
):
    from boroughs.models import Membership, Role

    lead = django_user_model.objects.create_user(username="lead")
    Membership.objects.create(user=lead, borough=borough, role=Role.EDITOR)
    first, second = round_world["priorities"]
    second.lead = lead
    second.save()
    client.force_login(lead)
    editor_view = client.get(reverse("review_queue", args=[round_world["round"].pk]))

    assert editor_view.context["rows"] == []  # 1.1 and 1.2 are in the first priority
    assert "Nothing is waiting for your review." in editor_view.content.decode()
    assert "Waiting for your review" not in client.get(reverse("home")).content.decode()


def test_the_digest_tells_a_reviewer_when_new_updates_wait(reviewed, borough_admin):
    since = timezone.now() - dt.timedelta(hours=1)

    items = digest_items(borough_admin, today=timezone.localdate(), since=since)
    later = digest_items(borough_admin, today=timezone.localdate(), since=timezone.now())

    assert [i.heading for i in items if "review" in i.heading] == ["Waiting for your review (2)"]
    assert not [i for i in later if "review" in i.heading]


def test_the_round_page_says_what_waits_for_review_at_the_top_and_hides_mine_without_any(
    reviewed, client, borough_admin, round_world
):
    client.force_login(borough_admin)

    page = client.get(reverse("round_detail", args=[round_world["round"].pk])).content.decode()

    assert page.index("Waiting for your review (2)") < page.index("By owner")
    assert "Update all of mine" not in page  # the admin looks after no action
