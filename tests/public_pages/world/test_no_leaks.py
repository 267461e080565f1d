"""Nothing but final, published content reaches the public page, the open data or the feed."""

from actions.models import ReviewState, StatusUpdate
from governance.models import KeyMessages, Risk
from reports.public import services
from reports.public.models import Comment
from tests.public_pages.conftest import SECRETS, public_url

PUBLIC_VIEWS = ["public_plan", "public_csv", "public_json", "public_datapackage", "public_feed"]


def test_the_world_holds_every_secret_the_public_must_not_see(public_world):
    # The seeded secrets are real, in the states the public must never see.
    updates = StatusUpdate.objects.all()
    assert updates.get(narrative="PENDING-SECRET").review_state == ReviewState.SUBMITTED
    returned = updates.get(narrative="RETURNED-SECRET")
    assert returned.review_state == ReviewState.RETURNED
    assert returned.review_comment == "PRIVATE-NOTE-SECRET"
    approved = updates.get(narrative="APPROVED-IN-OPEN-ROUND-SECRET")
    assert approved.review_state == ReviewState.APPROVED
    assert updates.filter(board_decision="DECISION-SECRET", next_steps="NEXT-STEPS-SECRET")
    assert Risk.objects.filter(description="RISK-SECRET").exists()
    assert KeyMessages.objects.filter(text="KEY-MESSAGE-SECRET").exists()
    assert Comment.objects.filter(text__contains="COMMENT-SECRET", reply="").exists()
    assert public_world["q3"].status == "open" and public_world["q2"].status == "final"


def test_no_secret_reaches_a_public_page_or_its_data(client, public_world):
    for name in PUBLIC_VIEWS:
        response = client.get(public_url(public_world["plan"], name))
        assert response.status_code == 200, name
        text = response.content.decode()
        assert [s for s in SECRETS if s in text] == [], name


def test_the_page_shows_the_final_quarter_with_its_direction(client, public_world):
    text = client.get(public_url(public_world["plan"])).content.decode()
    assert "2025/26 Q2" in text
    assert "FINAL-Q2 nurses hired" in text and "FINAL-Q2 posts vacant" in text
    assert "On track" in text and "Behind, needs urgent action" in text
    assert "Better than last quarter" in text and "Worse than last quarter" in text
    assert "Q1 narrative" not in text


def test_an_unpublished_plan_is_not_found_at_every_address(client, public_world):
    for name in PUBLIC_VIEWS:
        assert client.get(public_url(public_world["hidden"], name)).status_code == 404, name


def test_unpublishing_removes_every_address_at_once(client, public_world, borough_admin):
    assert client.get(public_url(public_world["plan"])).status_code == 200
    services.publication_set(plan=public_world["plan"], user=borough_admin, published=False)
    for name in PUBLIC_VIEWS:
        response = client.get(public_url(public_world["plan"], name))
        assert response.status_code == 404, name
        assert "SEND inspection action plan" not in response.content.decode()


def test_an_action_deleted_before_the_quarter_ended_is_not_shown(client, public_world):
    from actions.models import Action
    from tests.packs.conftest import at

    action = public_world["actions"]["1.2"]
    Action.objects.filter(pk=action.pk).delete()
    # As if deleted on the quarter's last evening, after its rating at noon.
    deleted = at(2025, 9, 30, 18)
    Action.history.filter(id=action.pk, history_type="-").update(history_date=deleted)
    text = client.get(public_url(public_world["plan"])).content.decode()
    assert "FINAL-Q2 nurses hired" in text and f'id="action-{action.pk}"' not in text
