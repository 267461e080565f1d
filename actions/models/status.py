"""The status update an officer writes when rating an action, and a board decision on one."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actions.models.action import Action
from actions.ragb import RAGB
from boroughs.models import BoroughScopedQuerySet, Person


class ReviewState(models.TextChoices):
    # The borough does not review updates: each counts as soon as it is saved.
    NOT_REVIEWED = "none", "No review"
    SUBMITTED = "submitted", "Waiting for review"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned for changes"


class StatusUpdateSource(models.TextChoices):
    """Where a rating came from: every path that rates an action names itself."""

    FORM = "form", "Status form"
    BULK = "bulk", "Bulk update page"
    IMPORT = "import", "Spreadsheet import"
    ADMIN = "admin", "Django admin"
    SEED = "seed", "Seed plans"
    DEMO = "demo", "Demo data"


class StatusUpdate(models.Model):
    """The narrative record an officer writes when rating an action, usually each quarter.

    Two kinds of time: `date` is the day the update reports on (a Q2 update written on
    12 October says 30 September); `created_at` is when it was recorded. A quarter's
    board pack takes each action's latest update reporting on or before the quarter's
    end, as recorded up to its reporting round's close. Every rating change writes
    exactly one, whatever its source, linked to the history row of the action written
    in the same transaction (`history_row`).
    """

    Source = StatusUpdateSource

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField("reports on")
    status = models.CharField(max_length=10, choices=RAGB)
    narrative = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    # PROTECT: an update keeps its author for good (users are deactivated, not deleted).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    # Demo history is made up to show the product working; it must say so wherever shown.
    is_illustrative = models.BooleanField(default=False)
    # The plan's own word for the rating ("Progressing but delayed"), when an import
    # mapped it to a RAGB status; blank when someone chose the rating in the app.
    status_word = models.CharField(max_length=200, blank=True)
    # A lead flags an update whose action needs the board to decide something; the
    # board pack lists these on its first page, in the lead's own words.
    needs_board_decision = models.BooleanField(default=False)
    board_decision = models.TextField(
        "decision the board is asked to make",
        blank=True,
        help_text="What the board is asked to decide, in a sentence.",
    )
    # The completion date a Blue update gave, so a pack for its quarter can say it.
    completed_on = models.DateField(null=True, blank=True)
    # Written by an editor for an owner who has no account.
    on_behalf_of = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_state = models.CharField(
        max_length=10, choices=ReviewState, default=ReviewState.NOT_REVIEWED, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=Source, default=Source.FORM)
    # The action's history row written with this update. Null only for updates written
    # before the link existed; SET_NULL so a superuser deleting a history row keeps it.
    history_row = models.OneToOneField(
        "actions.HistoricalAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_update",
    )
    # When it was recorded. Not auto_now_add: a back-dated update (demo, seed) passes
    # recorded_at to the service, which sets this once; nothing rewrites it afterwards.
    created_at = models.DateTimeField("recorded at", default=timezone.now, editable=False)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "action__plan__borough"

    class Meta:
        ordering = ["action", "-date", "-created_at"]
        indexes = [
            # "The latest update of each action" (board packs, the timeline) reads this
            # index in order; measured at national scale it took the pack's query from
            # 42 ms to under 1 ms. It also serves every lookup by (action, date).
            models.Index(
                fields=["action", "-date", "-created_at", "-id"], name="statusupdate_latest"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RAGB.values),
                name="statusupdate_status_ragb",
                violation_error_message="Status must be Red, Amber, Green or Blue.",
            ),
            models.CheckConstraint(
                condition=Q(source__in=StatusUpdateSource.values),
                name="statusupdate_source_valid",
            ),
        ]

    def __str__(self):
        return f"{self.action.reference} {self.get_status_display()} on {self.date}"

    @staticmethod
    def counted_in_packs_by(when):
        """Q: the updates a pack counts as at the instant `when`: unreviewed boroughs'
        updates, and those approved by then. A review decided after a round's close
        leaves that round's final pack as it was."""
        return Q(review_state=ReviewState.NOT_REVIEWED) | Q(
            review_state=ReviewState.APPROVED, reviewed_at__lte=when
        )

    @staticmethod
    def waiting_for_review_at(when):
        """Q: updates submitted by `when` and not reviewed by then."""
        decided_later = Q(
            review_state__in=[ReviewState.APPROVED, ReviewState.RETURNED], reviewed_at__gt=when
        )
        return Q(created_at__lte=when) & (Q(review_state=ReviewState.SUBMITTED) | decided_later)


class BoardDecisionDetail(models.Model):
    """More about a board decision asked on a status update: when the board must decide
    by, and, after its meeting, what it decided and what happened.

    Its own audited row rather than more columns on StatusUpdate, which the bulk page
    writes in fixed-size batches. The next quarter's pack lists the outcome under
    "Decisions made last time and what happened", as recorded by that round's close.
    """

    update = models.OneToOneField(
        StatusUpdate, on_delete=models.CASCADE, related_name="board_detail"
    )
    decide_by = models.DateField("decide by", null=True, blank=True)
    outcome = models.TextField("what the board decided", blank=True)
    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "update__action__plan__borough"

    def __str__(self):
        return f"Board decision on {self.update}"
