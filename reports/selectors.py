"""Reads for board packs: boards, packs and meetings. (Any audited model "as at" an
instant: sendplan.history.rows_as_at.)"""

from django.db.models import Exists, F, OuterRef

from boroughs.models import Borough, Role, borough_ids_for_user
from governance.board_selectors import seats_of_account
from governance.models import Board, Meeting
from reports.models import BoardPack, CrossBoroughPack, PackStatus
from sendplan.fixed_sql import FixedQuery
from sendplan.periods import ReportingPeriod


def board_queryset():
    return Board.objects.select_related("borough")


def boards_for_user(user, *, role="viewer"):
    return board_queryset().visible_to(user, role)


def next_meeting_after(board, day):
    """The board's first meeting on or after `day`: when the pack will be presented."""
    return Meeting.objects.filter(board=board, date__gte=day).order_by("date").first()


def upcoming_meetings(board, *, today, limit=3):
    return list(Meeting.objects.filter(board=board, date__gte=today).order_by("date")[:limit])


def pack_queryset():
    return BoardPack.objects.select_related("borough", "board", "requested_by")


def packs_for_user(user, *, role="viewer"):
    return pack_queryset().visible_to(user, role)


def without_repeats(packs):
    """Newest first, each ready pack listed once per period and content.

    Generating a pack again when nothing has changed makes an identical pack (the same
    content fingerprint); listing both would only make people wonder which to read.
    """
    seen = set()
    kept = []
    for pack in packs:
        key = (pack.period_year, pack.period_quarter, pack.board_id, pack.content_sha256)
        if pack.status == PackStatus.READY and pack.content_sha256:
            if key in seen:
                continue
            seen.add(key)
        kept.append(pack)
    return kept


def packs_for_board(board):
    return pack_queryset().filter(board=board).order_by("-requested_at", "-id")


# What a pack's name and links need (BoardPack.__str__): the latest pack's panels read no more.
PACK_NAME_FIELDS = ("period_year", "period_quarter", "board__name", "borough__name")


def latest_pack(user, borough):
    """The borough's most recent ready pack the user may read, by period then generation;
    a pack of a board the user sits on (governance/board_selectors.py) comes first.

    Only what its name needs is read (not its frozen content, `content_json`): the home
    page and dashboard print its name and links, so its SQL is compiled once a process."""
    ids = borough_ids_for_user(user, role=Role.VIEWER)
    scope = None if ids is None else sorted(ids)
    if user.email:
        found = _latest_pack_seated_by_email(scope, borough.pk, user.pk, user.email.lower())
    else:
        found = _latest_pack(scope, borough.pk, user.pk)
    return found[0] if found else None


def _latest_pack_query(borough_ids, borough_id, user_id, email=""):
    mine = Exists(seats_of_account(user_id, email).filter(board=OuterRef("board")))
    return (
        BoardPack.objects.visible_in(borough_ids)
        .select_related("borough", "board")
        .only(*PACK_NAME_FIELDS)
        .filter(borough_id=borough_id, status=PackStatus.READY)
        .alias(mine=mine)
        .order_by(F("mine").desc(), "-period_year", "-period_quarter", "-generated_at", "-id")
    )[:1]


# A seat is on an account, or also on its address: two shapes of SQL, each compiled once.
_latest_pack = FixedQuery.with_kinds(list, int, int)(_latest_pack_query)
_latest_pack_seated_by_email = FixedQuery.with_kinds(list, int, int, str)(_latest_pack_query)


def cross_pack_queryset():
    return CrossBoroughPack.objects.select_related("requested_by").prefetch_related("boroughs")


def cross_packs_for_user(user):
    """Cross-borough packs whose every borough the user belongs to (superusers: all)."""
    ids = borough_ids_for_user(user, role=Role.VIEWER)
    if ids is None:
        return cross_pack_queryset()
    return cross_pack_queryset().exclude(boroughs__in=Borough.objects.exclude(pk__in=ids))


def next_packs_due(boards, *, today):
    """{board id: (its next meeting's date, the quarter that meeting's pack reports on)}.

    A meeting is shown the pack for the last quarter that ended before it. One query.
    """
    found = {}
    upcoming = Meeting.objects.filter(board__in=boards, date__gte=today).order_by("date")
    for board_id, date in upcoming.values_list("board_id", "date"):
        if board_id not in found:
            found[board_id] = (date, ReportingPeriod.containing(date).previous())
    return found
