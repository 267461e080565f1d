"""Co-production partners read the plan as last agreed and comment; leads reply, and may
publish the answer as "You said, we did"; admins publish and preview."""

from django.urls import reverse

from reports.public.models import Comment, PlanPublication
from tests.public_pages.conftest import SECRETS, public_url


def test_a_partner_reads_the_final_state_and_never_work_in_hand(client, public_world, partner):
    client.force_login(partner)
    text = client.get(reverse("partner_plan", args=[public_world["plan"].pk])).content.decode()
    assert "FINAL-Q2 nurses hired" in text
    hidden = [s for s in SECRETS if s not in ("COMMENT-SECRET", "ANSWERED-UNPUBLISHED-SECRET")]
    assert [s for s in hidden if s in text] == []
    assert "COMMENT-SECRET" in text  # partners see every comment on their plans


def test_a_partner_is_refused_every_officer_page(client, public_world, partner):
    client.force_login(partner)
    action = public_world["actions"]["1.1"]
    for url in [
        reverse("action_detail", args=[action.pk]),
        reverse("plan_detail", args=[public_world["plan"].pk]),
        reverse("risk_list"),
        reverse("public_publishing", args=[public_world["plan"].pk]),
    ]:
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert "RISK-SECRET" not in response.content.decode()


def test_another_boroughs_partner_sees_nothing(client, public_world, other_partner):
    client.force_login(other_partner)
    plan = public_world["plan"]
    assert client.get(reverse("partner_plan", args=[plan.pk])).status_code == 404
    assert plan.title not in client.get(reverse("partner_plans")).content.decode()
    comment = Comment.objects.first()
    assert client.get(reverse("comment_reply", args=[comment.pk])).status_code == 404


def test_a_partner_comments_and_the_lead_replies_and_publishes_it(
    client, public_world, partner, editor
):
    plan, action = public_world["plan"], public_world["actions"]["1.1"]
    client.force_login(partner)
    response = client.post(
        reverse("partner_plan", args=[plan.pk]),
        {"subject": f"a{action.pk}", "text": "Test data: the transition leaflet is too long."},
    )
    assert response.status_code == 302
    comment = Comment.objects.get(text__contains="leaflet")
    assert comment.history.first().history_user == partner
    assert client.get(reverse("comment_reply", args=[comment.pk])).status_code == 404

    client.force_login(editor)  # the priority's lead
    home = client.get(reverse("home")).content.decode()
    assert "the transition leaflet is too long" in home
    response = client.post(
        reverse("comment_reply", args=[comment.pk]),
        {"reply": "Test data: we cut it to one page.", "publish": "on"},
    )
    assert response.status_code == 302
    client.logout()
    text = client.get(public_url(plan)).content.decode()
    assert "You said, we did" in text and "we cut it to one page" in text


def test_a_comment_on_another_plans_action_is_refused(client, public_world, partner):
    client.force_login(partner)
    hidden_action = public_world["hidden"].actions.first()
    response = client.post(
        reverse("partner_plan", args=[public_world["plan"].pk]),
        {"subject": f"a{hidden_action.pk}", "text": "Test data: wrong plan."},
    )
    assert response.status_code == 200
    assert not Comment.objects.filter(text__contains="wrong plan").exists()


def test_an_admin_previews_an_unpublished_plan_and_publishes_it(
    client, public_world, borough_admin
):
    hidden = public_world["hidden"]
    client.force_login(borough_admin)
    preview = client.get(reverse("public_preview", args=[hidden.pk])).content.decode()
    assert "This is how the public page will look" in preview
    client.post(reverse("public_publish", args=[hidden.pk]), {"published": "on"})
    client.logout()
    assert client.get(public_url(hidden)).status_code == 200
    history = PlanPublication.objects.get(plan=hidden).history.all()
    assert [h.history_change_reason for h in history] == ["Public page published"]
    assert history[0].history_user == borough_admin


def test_editors_and_outsiders_cannot_publish(client, public_world, editor, outsider):
    plan = public_world["hidden"]
    client.force_login(editor)
    assert (
        client.post(reverse("public_publish", args=[plan.pk]), {"published": "on"}).status_code
        == 403
    )
    client.force_login(outsider)
    assert (
        client.post(reverse("public_publish", args=[plan.pk]), {"published": "on"}).status_code
        == 404
    )
    assert not PlanPublication.objects.filter(plan=plan, is_published=True).exists()
