from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords


class Borough(models.Model):
    """A local area: a London borough, a unitary or a county such as Hampshire."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    gss_code = models.CharField(
        "GSS code",
        max_length=9,
        unique=True,
        validators=[
            RegexValidator(r"^[EWSN]\d{8}$", "Enter a 9-character GSS code, like E09000013")
        ],
        help_text="The ONS code of the local authority, like E09000013.",
    )
    region = models.CharField(max_length=60, blank=True)
    la_number = models.PositiveSmallIntegerField(
        "DfE LA number",
        null=True,
        blank=True,
        unique=True,
        help_text="The Department for Education's three-digit number, like 204 for Hackney.",
    )
    # How success measures are rated against their targets (actions/measures.py).
    measure_amber_margin = models.PositiveSmallIntegerField(
        "Amber margin (%)",
        default=10,
        help_text="A measure short of its target but within this percentage of it is Amber.",
    )
    measure_amber_when_improving = models.BooleanField(
        "Amber when improving",
        default=True,
        help_text="A measure short of its target but better than its previous value is Amber.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    ICB = "icb", "ICB or CCG"
    NHS_TRUST = "nhs_trust", "NHS trust"
    SCHOOL = "school", "School or college"
    PARENT_CARER_FORUM = "parent_carer_forum", "Parent carer forum"
    VOLUNTARY = "voluntary", "Voluntary sector"
    OTHER = "other", "Other"


class Organisation(models.Model):
    """A partner in the local area's SEND arrangements."""

    Kind = OrganisationKind

    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind, default=Kind.OTHER)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["borough", "name"], name="organisation_unique_name"),
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name


class Person(models.Model):
    """A named owner of actions. Many owners never sign in, so the account is optional."""

    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(fields=["borough", "name"], name="person_unique_name"),
        ]

    def __str__(self):
        return f"{self.name}, {self.job_title}" if self.job_title else self.name


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    EDITOR = "editor", "Editor"
    ADMIN = "admin", "Borough admin"


class Membership(models.Model):
    """What one user may do in one borough. A user may hold several."""

    Role = Role

    # Roles are cumulative: each can do everything the ones before it can.
    RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3}

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role, default=Role.VIEWER)

    history = HistoricalRecords()

    class Meta:
        ordering = ["borough__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "borough"], name="membership_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} in {self.borough}"

    def allows(self, role):
        return self.RANK[self.role] >= self.RANK[role]
