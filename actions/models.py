from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actions import ragb
from actions.ragb import RAGB
from boroughs.models import Borough, BoroughScopedQuerySet, Indicator, Person


class LeadAgency(models.TextChoices):
    HEALTH = "health", "Health"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    SOCIAL_CARE = "social_care", "Social care"
    EDUCATION = "education", "Education"
    JOINT = "joint", "Joint"


class PlanKind(models.TextChoices):
    STRATEGY = "strategy", "Strategy"
    ACTION_PLAN = "action_plan", "Action plan"
    INSPECTION_RESPONSE = "inspection_response", "Inspection response"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Plan(models.Model):
    Kind = PlanKind
    Status = PlanStatus

    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="plans")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=Kind, default=Kind.ACTION_PLAN)
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    source_document = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    # What this plan calls its levels: "Priority", "Ambition", "Workstream", ...
    priority_label = models.CharField(max_length=60, default="Priority")
    objective_label = models.CharField(max_length=60, default="Objective")
    # Time has two axes. An imported plan's history is dated from the first day its file
    # reports on (actions/spreadsheets/apply.py), so packs for those quarters show it;
    # this is when it was recorded here, so a pack made final before then leaves it out.
    recorded_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        ordering = ["borough__name", "title"]
        constraints = [
            models.UniqueConstraint(fields=["borough", "slug"], name="plan_unique_slug"),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="plan_period_start_before_end",
                violation_error_message="The plan's period must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PlanKind.values) & Q(status__in=PlanStatus.values),
                name="plan_kind_and_status_valid",
            ),
        ]

    def __str__(self):
        return self.title


class Priority(models.Model):
    """The plan's top level, whatever the plan calls it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.CharField(max_length=20, blank=True)
    title = models.TextField()
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    # Reviews the priority's quarterly updates where the borough reviews them.
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_priorities",
    )

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "plan__borough"

    class Meta:
        ordering = ["plan", "position"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="priority_unique_position"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title


class Objective(models.Model):
    """An optional middle level: a theme, an inspection issue, a numbered objective."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="objectives")
    number = models.CharField(max_length=20, blank=True)
    title = models.TextField()
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "priority__plan__borough"

    class Meta:
        ordering = ["priority", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "position"], name="objective_unique_position"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title


class Tag(models.Model):
    """A free label on actions, such as "KLOE 1" or a theme: each borough has its own,
    so typing a tag never finds (or reveals) another borough's."""

    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="tags")
    name = models.CharField(max_length=200)

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["borough", "name"], name="tag_name_unique_per_borough")
        ]

    def __str__(self):
        return self.name


class ActionQuerySet(BoroughScopedQuerySet):
    """The questions every list of actions asks, each answered here once."""

    def not_completed(self):
        return self.exclude(status=RAGB.BLUE)

    def overdue(self, on):
        """Past their due date on `on` and not completed (the rule: ragb.is_overdue)."""
        return self.not_completed().filter(due_date__lt=on)

    def without_due_date(self):
        """Not completed and with no due date: whether they are overdue cannot be told."""
        return self.not_completed().filter(due_date__isnull=True)

    def not_rated_since(self, day):
        """Not completed, and with no rating on or after `day` (never rated counts)."""
        return self.not_completed().filter(Q(status_date__isnull=True) | Q(status_date__lt=day))

    def looked_after_by(self, user):
        """Actions `user` looks after: as a named owner, or as the action's editor."""
        owned = Action.owners.through.objects.filter(person__user=user).values("action_id")
        return self.filter(Q(editor=user) | Q(id__in=owned))

    def by_rating(self, descending=False):
        """Ordered worst first (ragb.ORDER: Red, Amber, Green, Blue, not rated)."""
        rank = rating_rank()
        return self.order_by(rank.desc() if descending else rank.asc(), "id")


def rating_rank(prefix=""):
    """A database expression: an action's place in ragb.ORDER (0 for Red, ...)."""
    return Case(
        *(When(**{f"{prefix}status": s}, then=Value(i)) for i, s in enumerate(ragb.ORDER)),
        output_field=models.IntegerField(),
    )


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    reference = models.CharField(max_length=30)
    description = models.TextField()
    lead_agency = models.CharField(max_length=20, choices=LeadAgency, blank=True)
    owners = models.ManyToManyField(Person, blank=True, related_name="actions")
    # The senior responsible officer, as the plan names them: accountable for the
    # action, kept apart from the owners who do it (an import's "SRO" column).
    accountable = models.CharField(max_length=300, blank=True)
    # The organisations that lead the action, as the plan words them ("Education
    # Psychology Service with health partners"), in the plan's order; `lead_agency`
    # is the one of five agencies they name, when they name one.
    lead_organisation = models.CharField(max_length=300, blank=True)
    # What the action should change ("what we will see"), apart from its progress.
    expected_impact = models.TextField(blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="actions")
    # The officer who keeps this action's status up to date, if not one of its owners.
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="edited_actions",
    )
    timescale = models.CharField(
        max_length=500, blank=True, help_text="The timescale as the plan words it."
    )
    due_date = models.DateField(null=True, blank=True, db_index=True)
    start_date = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=RAGB, blank=True, db_index=True)
    status_narrative = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    status_date = models.DateField("rated on", null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    # Bumped on every write, so that a form saved over someone else's change is refused.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[owners, tags])

    objects = ActionQuerySet.as_manager()
    borough_path = "plan__borough"

    class Meta:
        ordering = ["plan", "priority__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "reference"], name="action_unique_reference"),
            models.CheckConstraint(
                condition=Q(status__in=[ragb.NOT_RATED, *RAGB.values]),
                name="action_status_ragb",
                violation_error_message="Status must be Red, Amber, Green, Blue or not rated.",
            ),
            models.CheckConstraint(
                condition=Q(lead_agency__in=["", *LeadAgency.values]),
                name="action_lead_agency_valid",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(completed_on__isnull=True)
                | Q(completed_on__gte=F("start_date")),
                name="action_start_before_completion",
                violation_error_message="An action cannot be completed before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.description[:80]}"

    def is_overdue(self, on):
        return ragb.is_overdue(due_date=self.due_date, status=self.status, on=on)


class MilestoneQuerySet(BoroughScopedQuerySet):
    def overdue(self, on):
        """Not achieved and due before `on` (the rule: Milestone.is_overdue)."""
        return self.filter(achieved_on__isnull=True, due_date__lt=on)


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.TextField()
    timescale = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True, db_index=True)
    achieved_on = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()
    borough_path = "action__plan__borough"

    class Meta:
        ordering = ["action", "due_date", "position"]

    def __str__(self):
        return self.title

    def is_overdue(self, today):
        """Past its due date and not achieved: the one definition of an overdue milestone."""
        return self.achieved_on is None and self.due_date is not None and self.due_date < today


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


class SuccessMeasure(models.Model):
    """ "How we will know": a measure of progress, on an action, an objective, a priority
    or the whole plan."""

    class Direction(models.TextChoices):
        UP = "up", "Higher is better"
        DOWN = "down", "Lower is better"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, null=True, blank=True, related_name="measures"
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, null=True, blank=True, related_name="measures"
    )
    # The action it was written against, when a plan gives an action its own measures
    # (its priority and objective are then the action's, so packs list it as before).
    action = models.ForeignKey(
        "Action", on_delete=models.CASCADE, null=True, blank=True, related_name="measures"
    )
    description = models.TextField()
    unit = models.CharField(max_length=30, blank=True)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    direction = models.CharField(max_length=4, choices=Direction, blank=True)
    data_source = models.CharField(max_length=300, blank=True)
    # A measure that is a national indicator takes its values from the DfE's figures for
    # the plan's borough (actions/measure_selectors.py), not from MeasureValue rows.
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        help_text="The national indicator this measure is, if any.",
    )
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "plan__borough"

    class Meta:
        ordering = ["plan", "priority__position", "position"]

    def __str__(self):
        return self.description[:80]


class MeasureValue(models.Model):
    measure = models.ForeignKey(SuccessMeasure, on_delete=models.CASCADE, related_name="values")
    # Two kinds of time, as for status updates: the date the value is for, and when it
    # was recorded (a value for 30 September entered in October belongs to Q2's pack).
    date = models.DateField(help_text="The date the value was measured, or its period's end.")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.TextField(blank=True)
    is_illustrative = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "measure__plan__borough"

    class Meta:
        ordering = ["measure", "date"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "date"], name="measurevalue_unique_date"),
        ]

    def __str__(self):
        return f"{self.value} on {self.date}"


class ImportColumnMapping(models.Model):
    """What a borough's spreadsheets mean by a column heading the import did not know.

    Set in the import preview; the next import for the borough reads the column so.
    A blank field means "ignore this column".
    """

    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="+")
    heading = models.CharField(max_length=200, help_text="The heading, normalised.")
    field = models.CharField(max_length=40, blank=True)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["borough", "heading"], name="import_column_unique")
        ]

    def __str__(self):
        return f"{self.heading} -> {self.field or 'ignored'}"


class ImportLayout(models.Model):
    """How a borough's file for a plan is laid out, as its admin set it on the grid.

    `layout` is {"sheets": {sheet name: {"header_row": spreadsheet row number,
    "columns": {column index: field, or "" to ignore it}, "headings": {row number:
    "priority", "objective" or "context"}}}, "read": [sheet names] or absent for all}.
    The import of the plan reads the next quarter's file the same way, with no
    questions; the CLI takes it by name (`import_plan --layout NAME`).
    """

    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(
        "Plan", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    layout = models.JSONField(default=dict)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["borough", "name"], name="import_layout_unique")
        ]

    def __str__(self):
        return self.name


class ImportStatusWord(models.Model):
    """A borough's own status word and the RAGB rating it means ("" = not rated)."""

    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="+")
    word = models.CharField(max_length=200, help_text="The word, normalised.")
    status = models.CharField(max_length=10, choices=RAGB, blank=True)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["borough", "word"], name="import_status_word_unique")
        ]

    def __str__(self):
        return f"{self.word} -> {self.status or 'not rated'}"


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
