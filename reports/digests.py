"""The daily email digest: what each person needs to know, at most once a day.

Six kinds of news, gathered since the person's last digest:

* a round opened with updates for them to write;
* a reminder, in the three days before the update deadline, of updates still to do;
* late updates, after the deadline;
* their updates returned for changes, with the reviewer's comment;
* for leads and admins, updates waiting for their review (when new ones came in);
* board packs ready in their boroughs;
* for leads and admins, new comments from co-production partners to answer.

The worker runs `digests_send` daily (governance.tasks). Links are absolute, from
settings.SITE_URL (sendplan.links), because an email is read away from the app.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from actions.models import ReviewState, StatusUpdate
from boroughs.models import Membership, Role
from governance import round_selectors as selectors
from governance.board_selectors import seats_of
from governance.models import DigestSent, RoundStatus
from sendplan.links import absolute_url
from sendplan.text import one_line

logger = logging.getLogger(__name__)
REMIND_DAYS = 3


@dataclass(frozen=True)
class Item:
    heading: str
    text: str
    path: str

    @property
    def url(self):
        return absolute_url(self.path)


def _day(value):
    return date_format(value, "j F Y")


def _round_items(user, reporting_round, *, today, since):
    actions = selectors.mine_in_round(reporting_round, user)
    rows = selectors.round_progress(reporting_round, actions, today=today)
    summary = selectors.progress_summary(rows)
    if not rows:
        return []
    label = reporting_round.period.label
    start = reverse("round_next", args=[reporting_round.pk])
    deadline = reporting_round.update_deadline
    items = []
    if reporting_round.opened_at >= since:
        items.append(
            Item(
                f"The {label} reporting round is open",
                f"You have {summary['total']} update{'s' * (summary['total'] != 1)} to write "
                f"for {reporting_round.borough.name}, due by {_day(deadline)}.",
                start,
            )
        )
    elif summary["remaining"] and today > deadline:
        items.append(
            Item(
                f"Your {label} updates are late",
                f"{summary['remaining']} of {summary['total']} were due by {_day(deadline)}.",
                start,
            )
        )
    elif summary["remaining"] and 0 <= (deadline - today).days <= REMIND_DAYS:
        items.append(
            Item(
                f"Your {label} updates are due by {_day(deadline)}",
                f"{summary['done']} of {summary['total']} done; "
                f"{summary['remaining']} still to write.",
                start,
            )
        )
    return items


def _returned_items(user, *, since):
    returned = StatusUpdate.objects.filter(
        author=user, review_state=ReviewState.RETURNED, reviewed_at__gte=since
    ).select_related("action", "reviewed_by")
    items = []
    for update in returned:
        reporting_round = selectors.open_round_for(update.action.plan.borough)
        path = (
            f"{reverse('round_update', args=[reporting_round.pk])}?action={update.action_id}"
            if reporting_round
            else reverse("action_detail", args=[update.action_id])
        )
        reviewer = update.reviewed_by
        who = (reviewer.get_full_name() or reviewer.get_username()) if reviewer else "A reviewer"
        items.append(
            Item(
                f"Your update to action {update.action.reference} was returned",
                f"{who} asks: {update.review_comment}",
                path,
            )
        )
    return items


def _review_items(user, reporting_round, *, today, since):
    """ "Waiting for your review (N)", when an update joined the queue since `since`."""
    rows = selectors.review_queue(reporting_round, user, today=today)
    if not any(row["update"].created_at >= since for row in rows):
        return []
    label = reporting_round.period.label
    return [
        Item(
            f"Waiting for your review ({len(rows)})",
            f"{len(rows)} {label} update{'s' * (len(rows) != 1)} for "
            f"{reporting_round.borough.name} to approve or return, "
            f"by {_day(reporting_round.review_deadline)}.",
            reverse("review_queue", args=[reporting_round.pk]),
        )
    ]


def _pack_items(user, borough_ids, *, since):
    """A ready pack in any borough the user reads; its board's members are told it is theirs."""
    from reports.models import BoardPack, PackStatus

    packs = list(
        BoardPack.objects.filter(
            borough_id__in=borough_ids, status=PackStatus.READY, generated_at__gte=since
        ).select_related("borough", "board")
    )
    seats = set(seats_of(user).values_list("board_id", flat=True)) if packs else set()
    items = []
    for pack in packs:
        subject = pack.board.name if pack.board_id else pack.borough.name
        draft = "Draft board pack" if pack.is_draft else "Board pack"
        still_open = " It is a draft: updates for the quarter are still open." * pack.is_draft
        yours = " You sit on this board." * (pack.board_id in seats)
        items.append(
            Item(
                f"{draft} ready: {pack}",
                f"The {pack.period.label} pack for {subject} is ready to read.{yours}{still_open}",
                reverse("pack_detail", args=[pack.pk]),
            )
        )
    return items


def _comment_items(user, memberships, *, since):
    """ "New comments from partners (N)", for the lead or admin who answers them."""
    from reports.public.selectors import unanswered_comments_for

    administered = [m.borough for m in memberships if m.allows(Role.ADMIN)]
    waiting = list(unanswered_comments_for(user, administered).filter(created_at__gte=since))
    if not waiting:
        return []
    first = waiting[0]
    return [
        Item(
            f"New comments from partners ({len(waiting)})",
            f"{len(waiting)} comment{'s' * (len(waiting) != 1)} on {first.plan.title} "
            f"{'and other plans ' * any(c.plan_id != first.plan_id for c in waiting)}"
            "waiting for your reply.",
            reverse("comment_reply", args=[first.pk]),
        )
    ]


def digest_items(user, *, today, since):
    """Everything `user` should hear about today, newest news since `since`."""
    memberships = list(Membership.objects.filter(user=user).select_related("borough"))
    items = []
    editor_in = [m.borough for m in memberships if m.allows(Role.EDITOR)]
    for borough in editor_in:
        reporting_round = selectors.open_round_for(borough)
        if reporting_round is not None and reporting_round.status == RoundStatus.OPEN:
            items.extend(_round_items(user, reporting_round, today=today, since=since))
        if reporting_round is not None and borough.updates_need_review:
            items.extend(_review_items(user, reporting_round, today=today, since=since))
    items.extend(_returned_items(user, since=since))
    # A co-production partner reads published plans only, never a board's pack.
    readers = [m.borough_id for m in memberships if m.allows(Role.VIEWER)]
    items.extend(_pack_items(user, readers, since=since))
    items.extend(_comment_items(user, memberships, since=since))
    return items


def _body(user, items):
    name = user.get_full_name() or user.get_username()
    lines = [f"Hello {name},", "", "Here is what needs your attention in sendplan today.", ""]
    for item in items:
        lines += [item.heading, item.text, item.url, ""]
    lines += [
        "You get at most one of these emails a day.",
        f"sendplan: {absolute_url('/')}",
    ]
    return "\n".join(lines)


def digests_send(*, today=None, now=None):
    """Send today's digest to each person with news and an email address; returns how many.

    A person already sent one today is skipped: the DigestSent row is written before
    the email in the same transaction, so a failed send is retried and a second worker
    cannot send a duplicate.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    users = (
        get_user_model()
        .objects.filter(is_active=True, memberships__isnull=False)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    sent = 0
    for user in users:
        if DigestSent.objects.filter(user=user, day=today).exists():
            continue
        last = DigestSent.objects.filter(user=user).order_by("-day").first()
        since = last.sent_at if last else now - dt.timedelta(days=1)
        items = digest_items(user, today=today, since=since)
        if not items:
            continue
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=user, day=today, sent_at=now, items=len(items))
                _message(user, items).send()
        except IntegrityError:
            continue  # another worker sent it first
        except Exception:
            # The mail server refused or was unreachable, or this person's address or
            # text cannot be sent: nothing was recorded, so the next run tries them
            # again. One person's failure never stops everyone else's email.
            logger.exception("Could not send the digest to user %s", user.pk)
            continue
        sent += 1
    return sent


def _message(user, items):
    """The email, its subject made one line (sendplan.text.one_line) for Django to encode:
    stored text never adds a header, whatever it holds."""
    subject = items[0].heading if len(items) == 1 else f"sendplan: {len(items)} things for you"
    return EmailMessage(one_line(subject), _body(user, items), to=[user.email])
