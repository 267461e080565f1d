"""A new area's first steps, as a checklist on its admins' home page (issue 27).

Import or build the plan, invite people, link owners, add a board, open a round, make a
pack: each links to its page and is ticked when done. Read in one query; shown to the
area's admins until every step is done.
"""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from actions.models import Plan
from boroughs.models import Borough, Invitation, Membership, Person, Role
from boroughs.selectors import has_role
from governance.models import Board, ReportingRound
from reports.models import BoardPack


def _exists(model, **lookup):
    return Exists(model.objects.filter(borough=OuterRef("pk"), **lookup))


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
            has_round=_exists(ReportingRound),
            has_pack=_exists(BoardPack),
        )
        .values("has_plan", "invited", "others", "linked", "has_board", "has_round", "has_pack")
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
        ("Open a reporting round", reverse("round_open", args=[slug]), found["has_round"]),
        ("Generate a board pack", reverse("board_list"), found["has_pack"]),
    ]
    if all(done for _, _, done in steps):
        return None
    return [{"label": label, "url": url, "done": done} for label, url, done in steps]
