"""The daily digest, sent through a real SMTP server (tests/smtp_server.py) and read back."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from actions.models import Action
from actions.rounds_services import UpdateRow, update_return, updates_record
from governance.models import DigestSent, ReportingRound
from reports.digests import digests_send
from tests.rounds.conftest import Q2
from tests.smtp_server import assert_sent


@pytest.fixture
def with_email(editor, borough_admin):
    editor.email = "erin@example.org"
    editor.save()
    borough_admin.email = "ada@example.org"
    borough_admin.save()


def test_the_officer_hears_the_round_is_open_with_a_link_that_starts_their_updates(
    round_world, with_email, mail_server, client, editor
):
    sent = digests_send()

    assert sent == 1  # the admin has no updates of their own and no news
    [message] = mail_server.wait_for(1)
    body = message.get_content()
    start, home = assert_sent(
        message, to="erin@example.org", subject="The 2025/26 Q2 reporting round is open"
    )
    assert "You have 3 updates to write for Hammersmith & Fulham, due by 20 October 2025." in body
    assert home == "/"
    client.force_login(editor)
    first = client.get(start)
    assert first.status_code == 302
    page = client.get(first.url)
    assert page.status_code == 200
    assert "Update action 1.1" in page.content.decode()


def test_at_most_one_digest_per_person_per_day(round_world, with_email, smtp_server):
    assert digests_send() == 1
    assert digests_send() == 0
    assert len(smtp_server.wait_for(1)) == 1
    assert DigestSent.objects.count() == 1


def test_a_digest_gathers_overdue_updates_a_returned_update_and_a_ready_pack(
    round_world, with_email, mail_server, client, editor, borough_admin, borough
):
    borough.updates_need_review = True
    borough.save()
    action = Action.objects.get(pk=round_world["actions"]["1.1"].pk)
    [update] = updates_record(
        user=editor,
        rows=[UpdateRow(action=action, expected_version=action.version, status="green")],
        date=Q2.end,
        review=True,
    )
    yesterday = timezone.now() - dt.timedelta(days=1)
    ReportingRound.objects.update(opened_at=yesterday - dt.timedelta(days=30))
    DigestSent.objects.create(user=editor, day=yesterday.date(), sent_at=yesterday)
    update_return(update=update, user=borough_admin, comment="Name the schools.")
    from reports.generation import pack_run
    from reports.services import pack_request

    pack = pack_request(borough=borough, period=Q2, user=editor)
    pack_run(pack_id=pack.pk)

    digests_send()

    mine = [m for m in mail_server.wait_for(2) if m["To"] == "erin@example.org"]
    [message] = mine
    body = message.get_content()
    paths = assert_sent(message, to="erin@example.org", subject="sendplan: 3 things for you")
    assert "Your 2025/26 Q2 updates are late" in body
    assert "3 of 3 were due by 20 October 2025." in body
    assert "Your update to action 1.1 was returned" in body
    assert "Ada asks: Name the schools." in body
    # The round is still open, so the pack is a draft, and the digest says so
    assert "Draft board pack ready: Hammersmith & Fulham pack, 2025/26 Q2" in body
    assert "It is a draft: updates for the quarter are still open." in body
    client.force_login(editor)
    for path in paths[:-1]:  # the last is the service's home page
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
    assert reverse("pack_detail", args=[pack.pk]) in paths


def test_the_daily_work_is_queued_once_and_can_run_from_cron(round_world, with_email, smtp_server):
    call_command("schedule_daily_work")
    call_command("schedule_daily_work")
    assert DBTaskResult.objects.filter(task_path="reports.daily.daily_work").count() == 1

    call_command("schedule_daily_work", "--now")

    assert len(smtp_server.wait_for(1)) == 1


# --- Issue 20: one line is one line, and one person's failure stops nobody else's email


def _ready_pack_with_board_named(borough, name):
    """A pack row marked ready (its content is not what these tests are about)."""
    from governance.models import Board
    from reports.models import BoardPack, PackStatus

    board = Board.objects.create(borough=borough, slug="board", name="Board")
    # Written past validation, as an old row or a raw SQL fix would be.
    Board.objects.filter(pk=board.pk).update(name=name)
    return BoardPack.objects.create(
        borough=borough,
        board=board,
        period_year=Q2.year,
        period_quarter=Q2.quarter,
        status=PackStatus.READY,
        generated_at=timezone.now(),
        pdf_file="packs/pack.pdf",
        html_file="packs/pack.html",
        content_sha256="0" * 64,
    )


def test_a_line_break_in_stored_text_never_reaches_a_mail_header(
    round_world, with_email, smtp_server, borough, borough_admin
):
    _ready_pack_with_board_named(borough, "Board\r\nBcc: mallory@example.org")

    assert digests_send() == 2

    messages = smtp_server.wait_for(2)
    mine = [m for m in messages if m["To"] == "ada@example.org"]
    [message] = mine
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
    assert message["Bcc"] is None
    recipients = {r for _, rcpt_tos in smtp_server.envelopes for r in rcpt_tos}
    assert recipients == {"erin@example.org", "ada@example.org"}


def test_one_persons_failed_digest_is_logged_and_everyone_else_is_sent(
    round_world, with_email, smtp_server, borough, editor, caplog
):
    from django.contrib.auth import get_user_model

    _ready_pack_with_board_named(borough, "Board")
    # An address that cannot be a header (stored past validation): sending it fails.
    get_user_model().objects.filter(pk=editor.pk).update(email="erin@example.org\nBcc: x@y.z")

    sent = digests_send()

    assert sent == 1
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "ada@example.org"
    assert f"Could not send the digest to user {editor.pk}" in caplog.text
    # Nothing recorded for the failed one, so tomorrow's run tries them again.
    assert not DigestSent.objects.filter(user=editor).exists()
