"""Single sign-on (OpenID Connect): the organisations' identity providers, the rules that
admit their people to boroughs, and which provider account is which sendplan account.

A provider's client secret is never stored here: it is read from the environment
variable SSO_<KEY>_CLIENT_SECRET (settings.SSO_CLIENT_SECRETS). The sign-in itself is
boroughs/sso.py; the account and membership writes boroughs/sso_accounts.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from boroughs.models import Borough, BoroughScopedQuerySet, Membership, Role


def _domains(text):
    return [part.strip().lower().lstrip("@") for part in text.split(",") if part.strip()]


class IdentityProvider(models.Model):
    """An organisation's OpenID Connect provider, such as a council's Microsoft Entra ID."""

    key = models.SlugField(
        max_length=40,
        unique=True,
        help_text="A short name, like hackney. The client secret is read from the environment "
        "variable SSO_<KEY>_CLIENT_SECRET (SSO_HACKNEY_CLIENT_SECRET); it is never stored here.",
    )
    name = models.CharField(
        max_length=100,
        help_text='The organisation, as on its button: "Sign in with Hackney Council".',
    )
    discovery_url = models.URLField(
        "discovery URL",
        max_length=300,
        help_text="The provider's .well-known/openid-configuration address.",
    )
    client_id = models.CharField("client ID", max_length=200)
    email_domains = models.CharField(
        max_length=500,
        help_text="Comma-separated: the email domains this provider signs in, like "
        "hackney.gov.uk. Addresses in other domains are refused.",
    )
    emails_verified_by_domain = models.BooleanField(
        "addresses in these domains are verified",
        default=False,
        help_text="Tick only for a provider that sends no email_verified claim but lets its "
        "users have only addresses in its own verified domains (Microsoft Entra ID).",
    )
    mfa_acr_values = models.CharField(
        "acr values meaning a second factor",
        max_length=300,
        blank=True,
        help_text="Comma-separated acr values that say the person used a second factor. "
        "An amr claim listing mfa, otp, hwk, swk, sms or fpt always does.",
    )
    require_sso = models.BooleanField(
        "require single sign-on",
        default=False,
        help_text="People with addresses in these domains may not sign in with a password.",
    )
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def domains(self):
        return _domains(self.email_domains)

    def acr_values(self):
        return [part.strip() for part in self.mfa_acr_values.split(",") if part.strip()]

    @property
    def secret_variable(self):
        return f"SSO_{self.key.upper().replace('-', '_')}_CLIENT_SECRET"

    def client_secret(self):
        return settings.SSO_CLIENT_SECRETS.get(self.key.upper().replace("-", "_"), "")


class SsoRule(models.Model):
    """People from `provider` with an email domain or a group join `borough` as `role`.

    A rule never makes people borough admins unless an admin ticked admin_confirmed.
    """

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="rules")
    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="sso_rules")
    email_domain = models.CharField(
        max_length=200, blank=True, help_text="Everyone with an address in this domain."
    )
    group = models.CharField(
        max_length=200,
        blank=True,
        help_text="Everyone whose groups claim lists this value (in Entra ID, the group's "
        "object ID).",
    )
    role = models.CharField(max_length=10, choices=Role, default=Role.VIEWER)
    admin_confirmed = models.BooleanField(
        "I mean this rule to make people borough admins",
        default=False,
        help_text="Needed for the Borough admin role.",
    )

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        ordering = ["provider", "borough", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(email_domain="") & ~Q(group="")) | (~Q(email_domain="") & Q(group="")),
                name="sso_rule_domain_or_group",
                violation_error_message="Give an email domain or a group, not both.",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.ADMIN) | Q(admin_confirmed=True),
                name="sso_rule_admin_confirmed",
                violation_error_message="A rule makes people borough admins only when you "
                "tick the box that says you mean it.",
            ),
        ]

    def __str__(self):
        who = f"group {self.group}" if self.group else f"@{self.email_domain}"
        return f"{self.provider}: {who} joins {self.borough} as {self.get_role_display()}"

    def matches(self, *, email_domain, groups):
        if self.group:
            return self.group in groups
        return self.email_domain.strip().lower().lstrip("@") == email_domain


class SsoLink(models.Model):
    """This provider's account (its `sub`) is this sendplan account."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="links")
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_links"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="sso_link_unique"),
        ]

    def __str__(self):
        return f"{self.user} at {self.provider}"


class SsoGrant(models.Model):
    """A membership a rule gave: it goes when the rule no longer matches at sign-in."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="sso_grant"
    )
    rule = models.ForeignKey(SsoRule, on_delete=models.SET_NULL, null=True, related_name="grants")
    # A borough admin chose this membership's role after the rule gave it: sign-in keeps
    # their choice (the membership still goes when the rule stops matching).
    role_kept = models.BooleanField(default=False)

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "membership__borough"

    def __str__(self):
        return f"{self.membership} by {self.rule}"
