from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from actions.models import Action, Plan, Priority
from boroughs.models import Borough, BoroughScopedQuerySet, Person


class Board(models.Model):
    class Kind(models.TextChoices):
        PARTNERSHIP_BOARD = "partnership_board", "Partnership board"
        EXECUTIVE_BOARD = "executive_board", "Executive board"
        DELIVERY_GROUP = "delivery_group", "Delivery group"
        OFFICER_GROUP = "officer_group", "Officer group"
        OTHER = "other", "Other"

    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="boards")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PARTNERSHIP_BOARD)
    chair = models.CharField(max_length=300, blank=True)
    reports_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reporting_boards"
    )
    # What the board oversees: whole plans, single priorities, or both. A board with
    # neither oversees every plan in its borough; its packs contain only its scope.
    plans = models.ManyToManyField(Plan, blank=True, related_name="boards")
    priorities = models.ManyToManyField(Priority, blank=True, related_name="boards")

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        ordering = ["borough__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["borough", "slug"], name="board_unique_slug"),
        ]

    def __str__(self):
        return self.name


class BoardMember(models.Model):
    """Someone who sits on a board: an account in its borough, or an email address
    invited to one (the row takes effect for whoever accepts with that address)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="board_seats",
    )
    email = models.EmailField(blank=True)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "board__borough"

    class Meta:
        ordering = ["board", "email", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "user"],
                condition=Q(user__isnull=False),
                name="board_member_unique_user",
            ),
            models.UniqueConstraint(
                fields=["board", "email"],
                condition=Q(user__isnull=True),
                name="board_member_unique_email",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""), name="board_member_someone"
            ),
        ]

    def __str__(self):
        return f"{self.name} on {self.board}"

    @property
    def name(self):
        """The member's full name, else their username; the email for an invited one."""
        if self.user is None:
            return self.email
        return self.user.get_full_name() or self.user.get_username()


class Meeting(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    # Demo meetings are made up to show the product working; they must say so wherever shown.
    is_illustrative = models.BooleanField(default=False)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "board__borough"

    class Meta:
        ordering = ["board", "date"]
        constraints = [
            models.UniqueConstraint(fields=["board", "date"], name="meeting_unique_date"),
        ]

    def __str__(self):
        return f"{self.board} on {self.date:%d %B %Y}"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Risk(models.Model):
    Status = RiskStatus

    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="risks")
    risk_id = models.CharField(
        "risk ID", max_length=20, help_text="As the plan writes it, like R12."
    )
    description = models.TextField()
    likelihood = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 to 5")
    impact = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 to 5")
    owner = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="risks"
    )
    mitigation = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    actions = models.ManyToManyField(Action, blank=True, related_name="risks")

    history = HistoricalRecords(m2m_fields=[actions])

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        ordering = ["borough__name", "risk_id"]
        constraints = [
            models.UniqueConstraint(fields=["borough", "risk_id"], name="risk_unique_id"),
            models.CheckConstraint(
                condition=Q(likelihood__isnull=True) | Q(likelihood__gte=1, likelihood__lte=5),
                name="risk_likelihood_1_to_5",
                violation_error_message="Likelihood must be between 1 and 5.",
            ),
            models.CheckConstraint(
                condition=Q(impact__isnull=True) | Q(impact__gte=1, impact__lte=5),
                name="risk_impact_1_to_5",
                violation_error_message="Impact must be between 1 and 5.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RiskStatus.values), name="risk_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.risk_id}: {self.description[:60]}"

    @property
    def score(self):
        return risk_score(self.likelihood, self.impact)


def risk_score(likelihood, impact):
    """Likelihood × impact (each 1 to 5), or None while either is unknown.

    Risk.score, the risk register's heat map and the board pack's risk table (read from
    history rows) all use this.
    """
    if likelihood is None or impact is None:
        return None
    return likelihood * impact


class InspectionFinding(models.Model):
    borough = models.ForeignKey(
        Borough, on_delete=models.PROTECT, related_name="inspection_findings"
    )
    inspection = models.CharField(max_length=200)
    inspection_date = models.DateField(null=True, blank=True)
    text = models.TextField()
    kloe = models.CharField("KLOE", max_length=30, blank=True)
    actions = models.ManyToManyField(Action, blank=True, related_name="inspection_findings")

    history = HistoricalRecords(m2m_fields=[actions])

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        ordering = ["borough__name", "inspection_date", "id"]

    def __str__(self):
        return self.text[:80]


class RoundStatus(models.TextChoices):
    OPEN = "open", "Open for updates"
    IN_REVIEW = "in_review", "In review"
    FINAL = "final", "Final"


class ReportingRound(models.Model):
    """One quarter's cycle of updates for a borough (or a board with its own scope).

    Opened when the quarter ends; owners write their updates by `update_deadline`, leads
    review them by `review_deadline`, and the pack goes to the board meeting. While the
    round is open or in review its packs are drafts; once final, `closed_at` is the
    instant after which nothing recorded reaches the quarter's pack.
    """

    Status = RoundStatus

    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="rounds")
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, null=True, blank=True, related_name="rounds"
    )
    period_year = models.PositiveSmallIntegerField()
    period_quarter = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    update_deadline = models.DateField()
    review_deadline = models.DateField()
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="rounds"
    )
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Demo rounds are made up to show the product working; they must say so wherever shown.
    is_illustrative = models.BooleanField(default=False)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        ordering = ["borough__name", "-period_year", "-period_quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["borough", "period_year", "period_quarter"],
                condition=Q(board__isnull=True),
                name="round_unique_borough_quarter",
                violation_error_message="This borough already has a round for that quarter.",
            ),
            models.UniqueConstraint(
                fields=["board", "period_year", "period_quarter"],
                condition=Q(board__isnull=False),
                name="round_unique_board_quarter",
                violation_error_message="This board already has a round for that quarter.",
            ),
            models.CheckConstraint(
                condition=Q(period_quarter__gte=1, period_quarter__lte=4),
                name="round_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RoundStatus.values), name="round_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(review_deadline__gte=F("update_deadline")),
                name="round_review_after_updates",
                violation_error_message="The review deadline cannot be before the update deadline.",
            ),
            # Final, and only final, has the instant it closed.
            models.CheckConstraint(
                condition=Q(status=RoundStatus.FINAL, closed_at__isnull=False)
                | (~Q(status=RoundStatus.FINAL) & Q(closed_at__isnull=True)),
                name="round_final_has_closed_at",
            ),
        ]

    def __str__(self):
        subject = self.board.name if self.board_id else self.borough.name
        return f"{subject}: {self.period.label} round"

    @property
    def period(self):
        from sendplan.periods import ReportingPeriod

        return ReportingPeriod(self.period_year, self.period_quarter)

    @property
    def is_final(self):
        return self.status == RoundStatus.FINAL


class DigestSent(models.Model):
    """One email digest to one person on one day: the unique constraint is the promise
    of at most one a day, even with two workers racing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    day = models.DateField()
    sent_at = models.DateTimeField()
    items = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="digest_one_per_user_per_day"),
        ]

    def __str__(self):
        return f"Digest to {self.user} on {self.day}"


class KeyMessages(models.Model):
    """The lead's key messages that open a board's pack for one quarter.

    A few paragraphs in the lead officer's words. Audited: a pack reads them as recorded
    by its round's close (or now while the round is open), so a final pack keeps the
    messages the board was sent.
    """

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="key_messages")
    period_year = models.PositiveSmallIntegerField()
    period_quarter = models.PositiveSmallIntegerField()
    text = models.TextField()
    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "board__borough"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["board", "period_year", "period_quarter"], name="keymessages_unique"
            ),
        ]

    def __str__(self):
        return f"Key messages, {self.board}, {self.period_year} Q{self.period_quarter}"
