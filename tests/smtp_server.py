"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, on a free port.

Django's SMTP backend connects to it exactly as it would to a council's relay, so a
test that reads a message back here has been through the real wire protocol.
Use the `smtp_server` fixture (tests/conftest.py):

    def test_something(smtp_server):
        send_mail(...)
        [message] = smtp_server.messages      # email.message.EmailMessage objects
        paths = assert_sent(message, to=..., subject=...)   # To, From, Subject, links

The `mail_server` fixture is the same server with SITE_URL and DEFAULT_FROM_EMAIL set
apart from the test client's host, so a link built from the request is caught.
"""

import email
import email.policy
import logging
import re
import socket
import threading
import time
from urllib.parse import urlsplit

from aiosmtpd.controller import Controller

# aiosmtpd logs every connection at INFO from its own thread, which can outlive the
# test's captured output; only its warnings are worth reading.
logging.getLogger("mail.log").setLevel(logging.WARNING)


class _Collector:
    def __init__(self):
        self.messages = []
        self.envelopes = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.messages.append(message)
        return "250 Message accepted for delivery"


class SmtpServer:
    """A running server: `.host`, `.port`, `.messages`, `.envelopes`, `.clear()`."""

    def __init__(self):
        self.host = "127.0.0.1"
        self.port = _free_port()
        self._collector = _Collector()
        self._controller = Controller(self._collector, hostname=self.host, port=self.port)

    def start(self):
        self._controller.start()
        return self

    def stop(self):
        self._controller.stop()

    @property
    def messages(self):
        return list(self._collector.messages)

    @property
    def envelopes(self):
        return list(self._collector.envelopes)

    def clear(self):
        self._collector.messages.clear()
        self._collector.envelopes.clear()

    def wait_for(self, count, timeout=5.0):
        """The messages, once at least `count` have arrived (SMTP is fast but not instant)."""
        deadline = time.monotonic() + timeout
        while len(self._collector.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


LINK = re.compile(r"https?://[^\s<>\"]+")


def links_in(message):
    """Every http(s) link in a message's text body."""
    return LINK.findall(message.get_content())


def assert_sent(message, *, to, subject):
    """Check a message sendplan sent: its recipient, its From (DEFAULT_FROM_EMAIL), its
    subject, and that it has links and every one points at SITE_URL, never at whichever
    host the request came in on. Returns the links' paths, to follow in the test."""
    from django.conf import settings

    assert message["To"] == to
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert message["Subject"] == subject
    site = urlsplit(settings.SITE_URL)
    links = [urlsplit(link) for link in links_in(message)]
    assert links, "the message has no link"
    for link in links:
        assert (link.scheme, link.netloc) == (site.scheme, site.netloc), link.geturl()
    return [link.path for link in links]
