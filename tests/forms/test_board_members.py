"""Borough admins say who sits on a board: an account in the borough, or an email
address invited to it. Seats are audited; a member's home shows their board's pack first
(issue 27, item 2)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from boroughs.models import Invitation, Role
from governance import board_services
from governance.models import Board, BoardMember
from reports.models import BoardPack, PackStatus
from tests.forms.conftest import client_for
from tests.smtp_server import assert_sent


@pytest.fixture
def board(borough):
    return Board.objects.create(borough=borough, slug="spb", name="SEND Partnership Board")


def _seats(board):
    return [str(seat) for seat in board.members.select_related("user")]


def test_an_admin_adds_an_account_to_the_board_and_the_board_page_lists_them(
    borough_admin, viewer, board
):
    client = client_for(borough_admin)
    page = client.post(
        reverse("board_members", args=[board.pk]), {"member": viewer.pk}, follow=True
    )
    assert "Vic added to the board" in page.content.decode()
    assert _seats(board) == ["Vic on SEND Partnership Board"]
    seat = board.members.get()
    assert seat.history.get().history_user == borough_admin
    assert seat.history.get().history_change_reason == "Added board member"

    detail = client_for(viewer).get(reverse("board_detail", args=[board.pk])).content.decode()
    assert re.search(r"Members</dt>\s*<dd[^>]*><ul class=\"govuk-list\"><li>Vic</li>", detail)
    assert "Add or remove members" not in detail  # only for admins


def test_someone_without_an_account_is_invited_and_their_seat_counts_once_they_join(
    borough_admin, board, borough, mail_server, django_user_model
):
    client = client_for(borough_admin)
    response = client.post(
        reverse("board_members", args=[board.pk]), {"email": "Chair@Example.org"}
    )
    assert response.status_code == 302
    (message,) = mail_server.wait_for(1)
    (path,) = assert_sent(
        message,
        to="Chair@Example.org",
        subject="You are invited to join Hammersmith & Fulham on sendplan",
    )
    assert re.fullmatch(r"/invitations/[^/]+/", path)
    invitation = Invitation.objects.get()
    assert invitation.role == Role.VIEWER and invitation.borough == borough
    page = client.get(reverse("board_members", args=[board.pk])).content.decode()
    assert "Chair@Example.org" in page and "Invited: joins when they accept" in page

    # The invitee makes an account with that address and accepts: the seat is theirs.
    chair = django_user_model.objects.create_user(username="chair", email="chair@example.org")
    from boroughs.invitations import invitation_accept

    invitation_accept(invitation=invitation, user=chair)
    from governance.board_selectors import seats_of

    assert list(seats_of(chair)) == [board.members.get()]
    # and the board's pages now name them instead of the address waiting to accept.
    chair.first_name = "Chris"
    chair.save()
    page = client.get(reverse("board_members", args=[board.pk])).content.decode()
    assert "Chris" in page and "Invited: joins when they accept" not in page


def test_an_account_in_the_borough_named_by_email_is_seated_without_an_invitation(
    borough_admin, viewer, board, mail_server
):
    viewer.email = "vic@example.org"
    viewer.save()
    client_for(borough_admin).post(
        reverse("board_members", args=[board.pk]), {"email": "VIC@example.org"}
    )
    assert board.members.get().user == viewer
    assert not Invitation.objects.exists()
    assert mail_server.messages == []


def test_an_admin_removes_a_member_and_the_removal_is_audited(borough_admin, viewer, board):
    board_services.board_member_add(board=board, user=borough_admin, member=viewer)
    seat = board.members.get()
    client = client_for(borough_admin)
    page = client.post(reverse("board_members", args=[board.pk]), {"remove": seat.pk}, follow=True)
    assert "Vic taken off the board" in page.content.decode()
    assert not board.members.exists()
    removed = BoardMember.history.filter(id=seat.pk).latest("history_date")
    assert removed.history_type == "-" and removed.history_user == borough_admin
    assert viewer.memberships.get().role == Role.VIEWER  # still in the borough


def test_nobody_chosen_or_a_partner_or_an_outsider_is_refused_with_a_message(
    borough_admin, board, outsider, django_user_model, borough
):
    client = client_for(borough_admin)
    empty = client.post(reverse("board_members", args=[board.pk]), {})
    assert empty.status_code == 400
    assert "Choose someone, or enter an email address" in empty.content.decode()
    # Someone of another borough is not offered, and posting their id is refused.
    assert "Otto" not in client.get(reverse("board_members", args=[board.pk])).content.decode()
    other = client.post(reverse("board_members", args=[board.pk]), {"member": outsider.pk})
    assert other.status_code == 400
    partner = django_user_model.objects.create_user(username="forum")
    partner.memberships.create(borough=borough, role=Role.PARTNER)
    refused = client.post(reverse("board_members", args=[board.pk]), {"member": partner.pk})
    assert refused.status_code == 400
    assert not board.members.exists()


def test_the_same_person_twice_is_refused(borough_admin, viewer, board):
    board_services.board_member_add(board=board, user=borough_admin, member=viewer)
    with pytest.raises(Exception, match="already on this board"):
        board_services.board_member_add(board=board, user=borough_admin, member=viewer)


def _ready_pack(board, quarter):
    return BoardPack.objects.create(
        borough=board.borough,
        board=board,
        period_year=2026,
        period_quarter=quarter,
        status=PackStatus.READY,
        generated_at=timezone.now(),
        pdf_file="packs/pack.pdf",
        html_file="packs/pack.html",
        content_sha256=str(quarter) * 64,
    )


def test_a_members_home_shows_their_boards_pack_before_a_newer_one_of_another_board(
    borough_admin, viewer, board, borough
):
    delivery = Board.objects.create(borough=borough, slug="dg", name="Delivery Group")
    theirs = _ready_pack(board, 1)
    newer = _ready_pack(delivery, 2)
    home = reverse("home")
    before = client_for(viewer).get(home).content.decode()
    assert reverse("pack_html", args=[newer.pk]) in before
    board_services.board_member_add(board=board, user=borough_admin, member=viewer)
    after = client_for(viewer).get(home).content.decode()
    assert reverse("pack_html", args=[theirs.pk]) in after
    assert reverse("pack_html", args=[newer.pk]) not in after


def test_the_digest_tells_a_member_the_pack_is_their_boards_and_never_tells_a_partner(
    borough_admin, viewer, board, borough, django_user_model
):
    from reports.digests import digest_items

    since = timezone.now() - dt.timedelta(hours=1)
    _ready_pack(board, 1)
    board_services.board_member_add(board=board, user=borough_admin, member=viewer)
    partner = django_user_model.objects.create_user(username="forum")
    partner.memberships.create(borough=borough, role=Role.PARTNER)

    def pack_texts(user):
        items = digest_items(user, today=dt.date.today(), since=since)
        return [item.text for item in items if "pack" in item.heading.lower()]

    assert pack_texts(viewer) == [
        "The 2026/27 Q1 pack for SEND Partnership Board is ready to read. You sit on this board."
    ]
    assert pack_texts(borough_admin) == [
        "The 2026/27 Q1 pack for SEND Partnership Board is ready to read."
    ]
    assert pack_texts(partner) == []
