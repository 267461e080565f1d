"""Who a single sign-on is: the sendplan account, and the boroughs it may use.

The writes that follow a checked ID token (boroughs/sso.py):

* the provider's account (`sub`) is linked to a sendplan account once: the one with the
  same *verified* email address, or a new one, made only if an open invitation to that
  address or a rule (boroughs.sso_models.SsoRule) admits the person somewhere;
* memberships follow the rules at every sign-in: a rule that matches adds its borough
  (never as admin unless an admin confirmed that rule); a membership a rule gave goes
  when the rule no longer matches (the person left the group), and takes the rule's
  role unless a borough admin has since chosen its role (SsoGrant.role_kept);
  memberships given by invitations or admins are left alone;
* staff and superuser accounts are never signed in by single sign-on;
* open invitations to the address are accepted, as following the emailed link would.

A person left with no borough is refused, as is anyone switched off in sendplan. A
refusal of someone new creates nothing.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from boroughs.audit import audited_save
from boroughs.invitations import invitation_accept, invitations_waiting_for, is_addressed_to
from boroughs.models import Membership, Role
from boroughs.services import membership_remove
from boroughs.sso import SignInRefused
from boroughs.sso_models import IdentityProvider, SsoGrant, SsoLink, SsoRule

log = logging.getLogger(__name__)
REASON = "Single sign-on rule"


def verified_email(provider, claims):
    """The email address the claims vouch for, lower-cased; SignInRefused if none."""
    email = str(claims.get("email") or "").strip().lower()
    domain = email.rpartition("@")[2]
    if not email or "@" not in email:
        raise SignInRefused(
            f"{provider.name} did not tell sendplan your email address, so you have not been "
            "signed in. Ask your IT team to include it."
        )
    if domain not in provider.domains():
        raise SignInRefused(
            f"{provider.name} signs in addresses ending {', '.join(provider.domains())} only, "
            f"not {email}."
        )
    if claims.get("email_verified") is not True and not provider.emails_verified_by_domain:
        raise SignInRefused(
            f"{provider.name} has not confirmed that {email} is your address, so you have "
            "not been signed in. Ask your IT team to verify it."
        )
    return email


def _existing_account(provider, subject, email):
    link = SsoLink.objects.select_related("user").filter(provider=provider, subject=subject).first()
    if link:
        return link.user, link
    users = list(get_user_model().objects.filter(email__iexact=email))
    if len(users) > 1:
        raise SignInRefused(
            f"More than one sendplan account has the address {email}. Ask the SEND lead in "
            "your borough to sort this out."
        )
    user = users[0] if users else None
    if user is not None and (user.is_staff or user.is_superuser):
        # A provider vouching for an address must not make anyone the Django admin's
        # staff: those accounts sign in with their password and code only.
        raise SignInRefused(
            f"The sendplan account for {email} is a support account, so it cannot be "
            "signed in with single sign-on. Sign in with its password."
        )
    return user, None


def _matching_rules(provider, email, claims):
    groups = claims.get("groups") or []
    groups = {str(g) for g in groups} if isinstance(groups, list) else set()
    domain = email.rpartition("@")[2]
    rules = SsoRule.objects.filter(provider=provider).select_related("borough")
    # One rule per borough: the one giving the highest role.
    best = {}
    for rule in rules:
        if rule.role == Role.ADMIN and not rule.admin_confirmed:
            continue
        if not rule.matches(email_domain=domain, groups=groups):
            continue
        held = best.get(rule.borough_id)
        if held is None or Membership.RANK[rule.role] > Membership.RANK[held.role]:
            best[rule.borough_id] = rule
    return best


def _new_account(email, claims):
    User = get_user_model()
    if User.objects.filter(username__iexact=email).exists():
        raise SignInRefused(
            f"A sendplan account already uses the name {email}. Ask the SEND lead in your "
            "borough to link it."
        )
    user = User(
        username=email,
        email=email,
        first_name=str(claims.get("given_name") or "")[:150],
        last_name=str(claims.get("family_name") or "")[:150],
    )
    if not user.first_name and claims.get("name"):
        first, _, last = str(claims["name"]).partition(" ")
        user.first_name, user.last_name = first[:150], last[:150]
    user.set_unusable_password()
    user.save()
    return user


def _sync_memberships(user, rules):
    """Add what the rules give, take away what rules gave and no longer give."""
    held = {
        m.borough_id: m for m in Membership.objects.filter(user=user).select_related("sso_grant")
    }
    for borough_id, rule in rules.items():
        membership = held.get(borough_id)
        if membership is None:
            membership = Membership(borough_id=borough_id, user=user, role=rule.role)
            audited_save(membership, user=user, reason=f"{REASON}: {rule}")
            SsoGrant.objects.create(membership=membership, rule=rule)
        elif (
            hasattr(membership, "sso_grant")
            and not membership.sso_grant.role_kept
            and membership.role != rule.role
        ):
            membership.role = rule.role
            audited_save(membership, user=user, reason=f"{REASON}: {rule}")
    for borough_id, membership in held.items():
        if borough_id in rules or not hasattr(membership, "sso_grant"):
            continue
        try:
            membership_remove(membership=membership, user=user)
        except ValidationError:
            log.warning("SSO: kept %s, the borough's last admin", membership)


@transaction.atomic
def sso_account_for(*, provider, claims):
    """The active sendplan account the checked `claims` sign in; SignInRefused otherwise.

    Links or makes the account and brings its memberships up to date (see the module).
    """
    subject = str(claims.get("sub") or "")
    email = verified_email(provider, claims)
    user, link = _existing_account(provider, subject, email)
    if user is not None and not user.is_active:
        raise SignInRefused(
            "Your sendplan account has been switched off. Ask the SEND lead in your borough."
        )
    rules = _matching_rules(provider, email, claims)
    invitations = invitations_waiting_for(email)
    if user is None:
        if not rules and not invitations:
            raise SignInRefused(
                f"You do not have a sendplan account, and no borough has let people from "
                f"{provider.name} in without an invitation. Ask the SEND lead in your borough "
                "to invite you."
            )
        user = _new_account(email, claims)
        created = True
    else:
        created = False
    if link is None:
        SsoLink.objects.create(provider=provider, subject=subject, user=user)
    _sync_memberships(user, rules)
    for invitation in invitations:
        if is_addressed_to(invitation, user):
            invitation_accept(invitation=invitation, user=user)
    if not (user.is_superuser or user.is_staff or Membership.objects.filter(user=user).exists()):
        if created:
            # Its invitations were used or revoked meanwhile: make no account either.
            transaction.set_rollback(True)
        return None
    return user


@transaction.atomic
def identity_provider_set_up(*, key, name, discovery_url, client_id, email_domains, rules):
    """Create or update provider `key` and replace its rules (the SSO demo's set-up).

    `rules` is a list of dicts: borough (a Borough), email_domain or group, role; a rule
    for the admin role is refused here too unless it says admin_confirmed.
    """
    provider = IdentityProvider.objects.filter(key=key).first() or IdentityProvider(key=key)
    provider.name, provider.discovery_url, provider.client_id = name, discovery_url, client_id
    provider.email_domains = email_domains
    provider.active = True
    provider.full_clean()
    provider.save()
    provider.rules.all().delete()
    for values in rules:
        rule = SsoRule(provider=provider, **values)
        rule.full_clean()
        rule.save()
    return provider
