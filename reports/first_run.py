"""A new area's first steps, as a checklist on its admins' home page (issue 27).

Import or build the plan, invite people, link owners, add a board and its members, open a
round, make a pack: each links to its page and is ticked when done. Read in one query; shown to the
area's admins until every step is done.
"""

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse

from actions.models import Plan
from boroughs.models import Borough, Invitation, Membership, Person, Role
from boroughs.selectors import has_role
from governance.models import Board, BoardMember, ReportingRound
from reports.models import BoardPack


def _exists(model, **lookup):
    return Exists(model.objects.filter(borough=OuterRef("pk"), **lookup))


STEP_FIELDS = (
    "has_plan",
    "invited",
    "others",
    "linked",
    "has_board",
    "first_board",
    "has_members",
    "has_round",
    "has_pack",
)


def checklist(user, borough):
    """[{"label", "url", "done"}] for `borough`'s admins, or None (not an admin, or all
    done)."""
    if borough is None or not has_role(user, borough, Role.ADMIN):
        return None
    found = (
        Borough.objects.filter(pk=borough.pk)
        .annotate(
            has_plan=_exists(Plan),
            # (not the invitation that brought this admin in)
            invited=Exists(
                Invitation.objects.filter(borough=OuterRef("pk")).exclude(accepted_by=user)
            ),
            others=Exists(Membership.objects.filter(borough=OuterRef("pk")).exclude(user=user)),
            linked=_exists(Person, user__isnull=False),
            has_board=_exists(Board),
            first_board=Subquery(
                Board.objects.filter(borough=OuterRef("pk")).order_by("pk").values("pk")[:1]
            ),
            has_members=Exists(BoardMember.objects.filter(board__borough=OuterRef("pk"))),
            has_round=_exists(ReportingRound),
            has_pack=_exists(BoardPack),
        )
        .values(*STEP_FIELDS)
        .get()
    )
    slug = borough.slug
    steps = [
        ("Import or build your plan", reverse("borough_import", args=[slug]), found["has_plan"]),
        (
            "Invite people",
            reverse("borough_members", args=[slug]),
            found["invited"] or found["others"],
        ),
        (
            "Link people to the owners named in the plan",
            reverse("borough_members", args=[slug]),
            found["linked"],
        ),
        ("Add your board and its meetings", reverse("board_new", args=[slug]), found["has_board"]),
        (
            "Add the board's members",
            # Until there is a board, adding one comes first.
            reverse("board_members", args=[found["first_board"]])
            if found["first_board"]
            else reverse("board_new", args=[slug]),
            found["has_members"],
        ),
        ("Open a reporting round", reverse("round_open", args=[slug]), found["has_round"]),
        ("Generate a board pack", reverse("board_list"), found["has_pack"]),
    ]
    if all(done for _, _, done in steps):
        return None
    return [{"label": label, "url": url, "done": done} for label, url, done in steps]
