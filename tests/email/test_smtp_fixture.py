"""The SMTP fixture is a real server: Django's SMTP backend delivers to it."""

from django.core.mail import send_mail


def test_a_message_sent_through_django_arrives_at_the_test_smtp_server(smtp_server, settings):
    settings.DEFAULT_FROM_EMAIL = "sendplan <noreply@example.gov.uk>"

    send_mail("Updates due", "Your updates for 2026/27 Q2 are due.", None, ["erin@example.org"])

    [message] = smtp_server.wait_for(1)
    assert message["Subject"] == "Updates due"
    assert message["To"] == "erin@example.org"
    assert "2026/27 Q2" in message.get_content()
    assert smtp_server.envelopes == [("noreply@example.gov.uk", ["erin@example.org"])]
