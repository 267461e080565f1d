"""The lead hears of a partner's new comment in the daily digest, with a link to reply."""

from reports.digests import digests_send
from reports.public import services
from tests.smtp_server import assert_sent


def test_the_priority_lead_is_emailed_a_new_comment_with_a_link_to_reply(
    plan, priority, action, editor, partner, mail_server, client
):
    editor.email = "erin@example.org"
    editor.save()
    priority.lead = editor
    priority.save()
    services.comment_add(
        plan=plan, user=partner, text="Test data: health checks take too long.", action=action
    )

    assert digests_send() == 1
    [message] = mail_server.wait_for(1)
    [reply, _home] = assert_sent(
        message, to="erin@example.org", subject="New comments from partners (1)"
    )
    assert "1 comment on SEND inspection action plan waiting for your reply." in (
        message.get_content()
    )
    client.force_login(editor)
    page = client.get(reply)
    assert page.status_code == 200
    assert "health checks take too long" in page.content.decode()
