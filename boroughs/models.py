from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from sendplan.fixed_sql import FixedQuery


class BoroughScopedQuerySet(models.QuerySet):
    """Rows of a model that belongs to a borough, filtered to the boroughs a user may see.

    Each such model declares once, as `borough_path`, the lookup from itself to its
    Borough ("borough", "plan__borough", ...; "" for Borough itself), and uses this as
    its manager. Nothing else in the app types that path.
    """

    def visible_to(self, user, role=None):
        """Rows in the boroughs where `user` holds at least `role` (viewer by default).

        A superuser sees every borough ("all boroughs"); everyone else their own.
        """
        return self.visible_in(borough_ids_for_user(user, role=role or Role.VIEWER))

    def visible_in(self, borough_ids):
        """Rows in the boroughs `borough_ids`, as borough_ids_for_user gives them: None is
        every borough (a superuser's)."""
        if borough_ids is None:
            return self
        return self.in_boroughs(borough_ids)

    def in_boroughs(self, boroughs):
        """Rows in any of `boroughs` (Borough objects or ids)."""
        return self.filter(**{borough_lookup(self.model, "in"): boroughs})

    def in_borough(self, borough):
        return self.filter(**{borough_lookup(self.model): borough})


def borough_lookup(model, suffix=""):
    """The query lookup from `model` to its Borough, e.g. "plan__borough__in"."""
    path = model.borough_path or "pk"
    return f"{path}__{suffix}" if suffix else path


def borough_id_of(obj):
    """The id of the borough `obj` belongs to, following its model's `borough_path`.

    Walks the already-loaded relations (select_related), so it costs no query.
    """
    if not obj.borough_path:
        return obj.pk
    *path, last = obj.borough_path.split("__")
    for name in path:
        obj = getattr(obj, name)
    return getattr(obj, f"{last}_id")


def user_sees_all_boroughs(user):
    # Staff superusers run the installation; everyone else sees their own boroughs only.
    return user.is_authenticated and user.is_active and user.is_superuser


def borough_ids_for_user(user, *, role):
    """The ids of the boroughs where `user` holds at least `role`.

    Returns None for a user who sees every borough, so callers can skip the filter.
    Cached on the user object for the request, because every page asks.
    """
    if not user.is_authenticated or not user.is_active:
        return set()
    if user_sees_all_boroughs(user):
        return None
    cache = _memberships(user)
    wanted = Membership.RANK[role]
    return {bid for bid, r in cache.items() if Membership.RANK[r] >= wanted}


def member_boroughs(user):
    """The boroughs (not suspended) where `user` holds any role, by name; read with the
    memberships (one query a request), so the borough switcher costs no query of its own."""
    _memberships(user)
    return user.__dict__["_sendplan_member_boroughs"]


def _memberships(user):
    """{borough id: role} of the user's memberships, cached on the user for the request."""
    cache = user.__dict__.get("_sendplan_memberships")
    if cache is None:
        rows = _memberships_of(user.pk)
        boroughs, cache = [], {}
        for membership in rows:
            if membership.borough_id not in cache:
                boroughs.append(membership.borough)
            cache[membership.borough_id] = membership.role
        user.__dict__["_sendplan_member_boroughs"] = boroughs
        user.__dict__["_sendplan_memberships"] = cache
    return cache


def _user_memberships(user_id):
    return (
        Membership.objects.filter(user_id=user_id, borough__is_suspended=False)
        .select_related("borough")
        .order_by("borough__name", "borough_id")
    )


# Read on every signed-in page: compiled once a process (sendplan/fixed_sql.py).
_memberships_of = FixedQuery(_user_memberships)


class Borough(models.Model):
    """A local area: a London borough, a unitary or a county such as Hampshire."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    # Not in the DfE's data, so a service admin may add an area without it (issue 27).
    gss_code = models.CharField(
        "GSS code",
        max_length=9,
        unique=True,
        null=True,
        blank=True,
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
    # Quarterly updates wait for a priority lead or borough admin to approve them before
    # they reach a board pack (governance reporting rounds).
    updates_need_review = models.BooleanField(
        "Updates need review",
        default=False,
        help_text="Each update is approved or returned by the priority lead or a borough admin.",
    )
    # The similar areas its measures are shown against, beside England and the region.
    comparators = models.ManyToManyField(
        "boroughs.Area",
        blank=True,
        related_name="compared_by",
        verbose_name="comparator areas",
        help_text="Areas to compare national indicators with, like statistical neighbours.",
    )

    # A suspended area stays, with its history, but its members cannot use it
    # (borough_ids_for_user leaves it out). Service admins suspend and restore it.
    is_suspended = models.BooleanField("Suspended", default=False)

    history = HistoricalRecords(m2m_fields=[comparators])

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = ""

    class Meta:
        ordering = ["name"]
        # A user-level permission, not a membership role: who runs the service adds local
        # areas, names their first admin and suspends them (boroughs/service_views.py).
        permissions = [("run_service", "Can add and suspend local areas")]

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

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

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


class PersonKind(models.TextChoices):
    PERSON = "person", "Person"
    # A post, a group or a team named as an owner ("Head teachers", "SEND team",
    # "Designated clinical officer"): nobody in particular, so never linked to an account.
    ROLE = "role", "Role or team"


def owner_label(name, kind):
    """How an owner reads in lists: a role or team says so."""
    return f"{name} (role or team)" if kind == PersonKind.ROLE else name


class Person(models.Model):
    """An owner of actions: a named person, or a role or team (kind). Many owners never
    sign in, so the account is optional."""

    Kind = PersonKind

    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=PersonKind, default=PersonKind.PERSON)
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

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(fields=["borough", "name"], name="person_unique_name"),
            models.CheckConstraint(
                condition=models.Q(kind__in=PersonKind.values), name="person_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.job_title}" if self.job_title else self.name

    @property
    def is_role(self):
        return self.kind == PersonKind.ROLE

    @property
    def owner_label(self):
        return owner_label(self.name, self.kind)


class Role(models.TextChoices):
    # A parent carer forum or young people's representative: reads its area's plans as
    # last finalised and comments on them (reports/public/), and nothing else. Below
    # viewer, so no officer page (risks, decisions, work in hand) is open to it.
    PARTNER = "partner", "Co-production partner"
    VIEWER = "viewer", "Viewer"
    EDITOR = "editor", "Editor"
    ADMIN = "admin", "Borough admin"


class Membership(models.Model):
    """What one user may do in one borough. A user may hold several."""

    Role = Role

    # Roles are cumulative from viewer up: each can do everything the ones before it can.
    # A co-production partner (0) holds none of them.
    RANK = {Role.PARTNER: 0, Role.VIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3}

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role, default=Role.VIEWER)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

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


class InvitationEnd(models.TextChoices):
    WITHDRAWN = "withdrawn", "Withdrawn"
    REVOKED = "revoked", "Revoked"


class Invitation(models.Model):
    """An offer, sent by email, to join a borough with a role.

    A borough admin never adds an account directly: the person receiving the email
    accepts (signing in, or making an account if they have none), so nobody is added
    to a borough without their consent, and the admin never learns which usernames
    or addresses have accounts. Only a hash of the emailed token is stored.
    """

    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Role)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    # Withdrawn by an admin, or revoked because its sender lost admin rights or was
    # deactivated: the link stops working. Who and why are on the history row.
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_how = models.CharField(max_length=10, choices=InvitationEnd, blank=True)

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} to {self.borough} as {self.get_role_display().lower()}"


class PasswordResetRequest(models.Model):
    """One request for a password reset link, kept a day to throttle them.

    Counted per address (as a hash: the table never lists who has forgotten what) and
    per client address, by boroughs.passwords. Not audited: it is a rate counter.
    """

    email_hash = models.CharField(max_length=64, db_index=True)
    client = models.CharField(max_length=45, blank=True, db_index=True)
    requested_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"Password reset request at {self.requested_at:%Y-%m-%d %H:%M}"


# The national indicators (reference data) live in their own module.
from boroughs.indicators import Area, Indicator, IndicatorValue  # noqa: E402, F401
from boroughs.sso_models import IdentityProvider, SsoGrant, SsoLink, SsoRule  # noqa: E402, F401
