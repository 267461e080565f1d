"""A co-production partner is emailed when their comment is answered (issue 23): once per
new or changed reply, with a link to the plan's page on the site's own address."""

import pytest
from django.urls import reverse

from boroughs.models import Membership, Role
from reports.public import services
from tests.forms.conftest import client_for
from tests.smtp_server import assert_sent


@pytest.fixture
def forum_member(django_user_model, borough):
    user = django_user_model.objects.create_user(
        username="forum", email="pat@example.org", first_name="Pat"
    )
    Membership.objects.create(user=user, borough=borough, role=Role.PARTNER)
    return user


def _reply(admin, comment, reply, publish=False):
    data = {"reply": reply, **({"publish": "on"} if publish else {})}
    return client_for(admin).post(reverse("comment_reply", args=[comment.pk]), data)


def test_the_partner_is_emailed_the_reply_with_a_link_to_the_plan(
    forum_member, borough_admin, plan, action, mail_server
):
    comment = services.comment_add(
        plan=plan, user=forum_member, action=action, text="Test data: the leaflet is too long."
    )
    assert (
        _reply(borough_admin, comment, "Test data: we have cut it to one page.").status_code == 302
    )

    (message,) = mail_server.wait_for(1)
    (path,) = assert_sent(
        message, to="pat@example.org", subject=f"Your comment on {plan.title} has been answered"
    )
    assert path == reverse("partner_plan", args=[plan.pk])
    body = message.get_content()
    assert "Hello Pat," in body and "Ada has answered your comment" in body
    assert "Test data: the leaflet is too long." in body
    assert "Test data: we have cut it to one page." in body
    assert "You said, we did" not in body
    # The partner follows the link and reads the reply.
    page = client_for(forum_member).get(path).content.decode()
    assert "we have cut it to one page" in page


def test_publishing_the_same_reply_sends_nothing_more_and_a_changed_reply_is_sent(
    forum_member, borough_admin, plan, action, mail_server
):
    comment = services.comment_add(plan=plan, user=forum_member, action=action, text="Test data.")
    services.comment_reply(
        comment=comment, user=borough_admin, reply="First answer.", publish=False
    )
    services.comment_reply(comment=comment, user=borough_admin, reply="First answer.", publish=True)
    services.comment_reply(
        comment=comment, user=borough_admin, reply="Better answer.", publish=True
    )
    first, changed = mail_server.wait_for(2)
    assert "First answer." in first.get_content()
    assert "Better answer." in changed.get_content()
    assert "shown on the plan's public page" in changed.get_content()
    assert len(mail_server.messages) == 2


def test_an_email_that_cannot_be_sent_never_loses_the_reply(
    forum_member, borough_admin, plan, action, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    comment = services.comment_add(plan=plan, user=forum_member, action=action, text="Test data.")
    services.comment_reply(comment=comment, user=borough_admin, reply="Kept.", publish=False)
    comment.refresh_from_db()
    assert comment.reply == "Kept." and comment.history.first().history_user == borough_admin
