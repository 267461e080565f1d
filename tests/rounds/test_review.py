"""Review: where a borough turns it on, updates wait for the priority lead or an admin."""

from django.urls import reverse

from actions.models import Action, ReviewState, StatusUpdate
from reports.content import build_pack_content
from tests.rounds.conftest import Q2


def appendix(content):
    return {a["reference"]: a["status"] for p in content["appendix"] for a in p["actions"]}


def test_a_submitted_update_waits_and_the_draft_pack_counts_it_but_leaves_it_out(reviewed, borough):
    assert {u.review_state for u in reviewed.values()} == {ReviewState.SUBMITTED}
    assert Action.objects.get(reference="1.2").status == ""

    content = build_pack_content(borough=borough, period=Q2)

    assert content["draft"] is True
    assert content["pending_review"] == 2
    assert appendix(content)["1.2"] == "not_rated"


def test_a_borough_admin_returns_one_with_a_comment_and_approves_the_other(
    reviewed, borough, client, borough_admin
):
    client.force_login(borough_admin)
    returned = client.post(
        reverse("update_review", args=[reviewed["1.1"].pk]),
        {"decision": "return", "comment": "Say which schools."},
    )
    approved = client.post(
        reverse("update_review", args=[reviewed["1.2"].pk]), {"decision": "approve"}
    )

    assert returned.status_code == approved.status_code == 302
    first, second = (StatusUpdate.objects.get(pk=reviewed[r].pk) for r in ("1.1", "1.2"))
    assert (first.review_state, first.review_comment) == ("returned", "Say which schools.")
    assert (second.review_state, second.reviewed_by) == ("approved", borough_admin)
    assert Action.objects.get(reference="1.2").status == "red"
    content = build_pack_content(borough=borough, period=Q2)
    assert appendix(content)["1.2"] == "red" and appendix(content)["1.1"] == "not_rated"
    assert content["pending_review"] == 0
    # The history records each step, with who took it.
    steps = [
        (h.review_state, h.history_user)
        for h in StatusUpdate.history.filter(id=second.pk).order_by("history_date")
    ]
    assert [s for s, _ in steps] == ["submitted", "approved"]
    assert steps[1][1] == borough_admin


def test_returning_an_update_needs_a_comment(reviewed, client, borough_admin):
    client.force_login(borough_admin)
    response = client.post(
        reverse("update_review", args=[reviewed["1.1"].pk]), {"decision": "return"}
    )
    assert response.status_code == 400
    assert "Enter what needs to change" in response.content.decode()
    assert StatusUpdate.objects.get(pk=reviewed["1.1"].pk).review_state == "submitted"


def test_the_priority_lead_may_review_but_another_editor_may_not(
    reviewed, client, editor, django_user_model, borough, round_world
):
    from boroughs.models import Membership

    lead = django_user_model.objects.create_user("lead", password="x")
    Membership.objects.create(user=lead, borough=borough, role="editor")
    priority, _ = round_world["priorities"]
    priority.lead = lead
    priority.save()
    url = reverse("update_review", args=[reviewed["1.1"].pk])

    client.force_login(editor)
    assert client.post(url, {"decision": "approve"}).status_code == 403
    client.force_login(lead)
    assert client.post(url, {"decision": "approve"}).status_code == 302
    assert StatusUpdate.objects.get(pk=reviewed["1.1"].pk).review_state == "approved"


def test_a_returned_update_shows_as_returned_to_its_officer(
    reviewed, client, borough_admin, editor
):
    client.force_login(borough_admin)
    client.post(
        reverse("update_review", args=[reviewed["1.1"].pk]),
        {"decision": "return", "comment": "Say which schools."},
    )
    client.force_login(editor)

    home = client.get(reverse("home")).content.decode()
    nxt = client.get(
        reverse("round_next", args=[reviewed["1.1"].action.plan.borough.rounds.get().pk])
    )

    assert "1 was returned for changes" in home
    assert nxt.url.endswith(f"?action={reviewed['1.1'].action_id}")
    assert "Say which schools." in client.get(nxt.url).content.decode()


def test_the_ordinary_status_page_also_submits_for_review_where_review_is_on(
    round_world, borough, client, editor
):
    borough.updates_need_review = True
    borough.save()
    action = Action.objects.get(pk=round_world["actions"]["1.1"].pk)
    client.force_login(editor)

    client.post(
        reverse("action_update_status", args=[action.pk]),
        {
            "version": action.version,
            "status": "red",
            "narrative": "Stalled.",
            "date_day": "30",
            "date_month": "9",
            "date_year": "2025",
        },
    )

    update = StatusUpdate.objects.get()
    assert update.review_state == ReviewState.SUBMITTED
    assert Action.objects.get(pk=action.pk).status == ""


def test_the_cover_says_how_many_updates_wait_for_review_in_the_draft_and_at_the_close(
    reviewed, borough, borough_admin, round_world, tmp_path
):
    from django.utils import timezone

    from governance.round_services import round_finalise
    from reports.generation import generate_pack_files
    from tests.packs.conftest import pdf_text

    def page_one(files):
        return " ".join(pdf_text(files.pdf, tmp_path).split("\f")[0].split())

    # Given two updates waiting for review while the round is open
    draft = page_one(generate_pack_files(borough=borough, period=Q2))
    # When the round is made final with them still waiting
    round_finalise(reporting_round=round_world["round"], user=borough_admin)
    final = page_one(generate_pack_files(borough=borough, period=Q2))

    # Then the draft's cover counts them in its draft notice
    assert (
        "Draft – updates still open. The reporting round for this quarter has not closed: "
        "ratings may still change before the final pack. 2 updates for this quarter are "
        "waiting for review and not included until approved." in draft
    )
    # and the final pack's cover says what it counts and what it left out
    closed = f"{timezone.localdate():%-d %B %Y}"
    assert (
        "Final: each rating is the action’s latest update for the quarter as recorded by the "
        f"reporting round’s close on {closed}. 2 updates still waiting for review then are "
        "not included." in final
    )
    assert "Draft" not in final


def test_a_borough_admin_turns_review_on_and_the_next_update_waits(
    round_world, borough, client, borough_admin, editor
):
    client.force_login(borough_admin)
    page = client.get(reverse("round_list")).content.decode()
    assert "count as soon as they are saved" in page

    response = client.post(
        reverse("review_setting", args=[borough.slug]), {"updates_need_review": "yes"}
    )

    assert response.status_code == 302
    borough.refresh_from_db()
    assert borough.updates_need_review is True
    changed = borough.history.first()
    assert (changed.history_user, changed.history_change_reason) == (
        borough_admin,
        "Turned review of updates on",
    )
    client.force_login(editor)
    action = Action.objects.get(pk=round_world["actions"]["1.1"].pk)
    url = reverse("round_update", args=[round_world["round"].pk]) + f"?action={action.pk}"
    client.post(url, {"version": action.version, "status": "green", "narrative": ""})
    assert StatusUpdate.objects.get(action=action).review_state == ReviewState.SUBMITTED


def test_the_review_setting_needs_a_choice_and_changes_nothing_without_one(
    borough, client, borough_admin
):
    client.force_login(borough_admin)

    response = client.post(reverse("review_setting", args=[borough.slug]), {})

    assert response.status_code == 400
    assert "Choose whether updates need review" in response.content.decode()
    borough.refresh_from_db()
    assert borough.updates_need_review is False
