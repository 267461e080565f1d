"""Board packs: each generated pack is kept, unchanged, as the record of what a board saw."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from boroughs.models import Borough, BoroughScopedQuerySet
from governance.models import Board
from sendplan.periods import ReportingPeriod


class PackStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Generating"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class PackLifecycle(models.Model):
    """What a board pack and a cross-borough pack share: their life and their record.

    queued → running (under a lease) → ready or failed; a ready pack keeps its content,
    its hashes and its files unchanged. reports.generation moves both kinds through it
    (claim, requeue, fail, and one reaper for packs whose worker stopped).
    """

    Status = PackStatus

    period_year = models.PositiveSmallIntegerField()
    period_quarter = models.PositiveSmallIntegerField()
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=PackStatus, default=PackStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The details of a failure, for the log and the admin; users see user_message.
    error_message = models.TextField(blank=True)
    # While running: when the worker's claim lapses (settings.TASK_LEASE_SECONDS).
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    # SHA-256 of the canonical content data: equal for two packs of the same period
    # however far apart they were generated, because the content is "as at".
    content_sha256 = models.CharField(max_length=64, blank=True)
    # SHA-256 of the PDF bytes as written, to check a download is the file we made.
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    content_json = models.JSONField(null=True, blank=True, editable=False)
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        abstract = True

    @property
    def period(self):
        return ReportingPeriod(self.period_year, self.period_quarter)

    @property
    def period_slug(self):
        return self.period.slug

    @property
    def is_finished(self):
        return self.status in (PackStatus.READY, PackStatus.FAILED)

    @property
    def user_message(self):
        """What a user is told about a failed pack: plain words, never the exception."""
        if self.status != PackStatus.FAILED:
            return ""
        return (
            "Something went wrong while the pack was being made. Try again; if it fails "
            "again, tell your service administrator, who can see the details."
        )


def pack_upload_to(pack, filename):
    # One folder per borough and period keeps MEDIA_ROOT browsable by a human.
    return f"packs/{pack.borough.slug}/{pack.period_slug}/{filename}"


class BoardPack(PackLifecycle):
    """One generation of a pack for a board (or a whole borough) and a quarter.

    Files live under MEDIA_ROOT (FileField) rather than in the database: PDFs run to
    hundreds of kilobytes, backups of the database stay small, and a download is a
    plain file stream. `content_json` keeps the frozen content data the files were
    rendered from, so the HTML page in the app shows exactly what the PDF shows.
    """

    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="board_packs")
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, null=True, blank=True, related_name="packs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requested_packs",
    )
    # A draft pack is made while its quarter's reporting round is still open: every page
    # says so. Generation stores whether the content it made was a draft (a pack asked
    # for as a draft is made as one whatever its round says).
    is_draft = models.BooleanField(default=False)
    pdf_file = models.FileField(upload_to=pack_upload_to, blank=True)
    html_file = models.FileField(upload_to=pack_upload_to, blank=True)

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["board", "-requested_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_quarter__gte=1, period_quarter__lte=4),
                name="boardpack_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PackStatus.values), name="boardpack_status_valid"
            ),
            # A ready pack always has its files and hash; a failed one never has files.
            models.CheckConstraint(
                condition=~Q(status=PackStatus.READY)
                | (~Q(pdf_file="") & ~Q(html_file="") & ~Q(content_sha256="")),
                name="boardpack_ready_has_files",
            ),
            models.CheckConstraint(
                condition=~Q(status=PackStatus.FAILED) | (Q(pdf_file="") & Q(html_file="")),
                name="boardpack_failed_has_no_files",
            ),
        ]

    def __str__(self):
        subject = self.board.name if self.board_id else self.borough.name
        return f"{subject} pack, {self.period.label}"

    def save(self, *args, **kwargs):
        # A ready pack is the record of what a board saw; nothing may rewrite it.
        if self.pk and BoardPack.objects.filter(pk=self.pk, status=PackStatus.READY).exists():
            raise ValueError("A ready board pack cannot be changed.")
        super().save(*args, **kwargs)


def cross_pack_upload_to(pack, filename):
    return f"packs/cross-borough/{pack.period_slug}/{filename}"


class CrossBoroughPack(PackLifecycle):
    """One generation of the cross-borough pack: several boroughs side by side for a quarter.

    Made by the worker and kept unchanged like a BoardPack. Only someone who belongs to
    every one of its boroughs may read it (reports.selectors.cross_packs_for_user).
    """

    boroughs = models.ManyToManyField(Borough, related_name="cross_borough_packs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requested_cross_packs",
    )
    pdf_file = models.FileField(upload_to=cross_pack_upload_to, blank=True)
    html_file = models.FileField(upload_to=cross_pack_upload_to, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_quarter__gte=1, period_quarter__lte=4),
                name="crosspack_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PackStatus.values), name="crosspack_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=PackStatus.READY)
                | (~Q(pdf_file="") & ~Q(html_file="") & ~Q(content_sha256="")),
                name="crosspack_ready_has_files",
            ),
        ]

    def __str__(self):
        return f"Cross-borough pack, {self.period.label}"


# The public progress pages and co-production comments live in their own module.
from reports.public.models import (  # noqa: E402, F401
    ActionPublicSummary,
    Comment,
    PlanPublication,
    PublicNameConsent,
)
