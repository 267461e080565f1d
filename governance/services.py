"""Writes to the governance registers: risks. One transaction each, audited.

Each sets the history user and reason, so the risk register's history says who changed
what and why (django-simple-history, including the linked actions).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from boroughs.audit import audited_save
from governance.models import KeyMessages, Risk

RISK_FIELDS = ("risk_id", "description", "likelihood", "impact", "owner", "mitigation", "status")


def _check(borough, *, owner=None, actions=()):
    if owner is not None and owner.borough_id != borough.pk:
        raise ValidationError({"owner": "Choose an owner from this borough."})
    if any(a.plan.borough_id != borough.pk for a in actions):
        raise ValidationError({"actions": "Choose actions from this borough's plans."})


# Checked, then saved with who and why: the one audited save (boroughs/audit.py).
_save = audited_save


@transaction.atomic
def risk_create(*, borough, user, risk_id, description, actions=(), reason="Added risk", **fields):
    unknown = set(fields) - set(RISK_FIELDS)
    if unknown:
        raise TypeError(f"Not risk fields: {', '.join(sorted(unknown))}")
    _check(borough, owner=fields.get("owner"), actions=actions)
    if Risk.objects.filter(borough=borough, risk_id=risk_id).exists():
        raise ValidationError({"risk_id": f"There is already a risk {risk_id}. Use another ID."})
    risk = _save(
        Risk(borough=borough, risk_id=risk_id, description=description, **fields),
        user=user,
        reason=reason,
    )
    if actions:
        _set_actions(risk, actions, user=user, reason=reason)
    return risk


@transaction.atomic
def risk_update(*, risk, user, actions=None, reason="Edited risk", **fields):
    """Change a risk's fields and, when ``actions`` is given, its linked actions."""
    unknown = set(fields) - set(RISK_FIELDS)
    if unknown:
        raise TypeError(f"Not risk fields: {', '.join(sorted(unknown))}")
    _check(risk.borough, owner=fields.get("owner"), actions=actions or ())
    new_id = fields.get("risk_id", risk.risk_id)
    if (
        new_id != risk.risk_id
        and Risk.objects.filter(borough=risk.borough, risk_id=new_id).exclude(pk=risk.pk).exists()
    ):
        raise ValidationError({"risk_id": f"There is already a risk {new_id}. Use another ID."})
    changed = any(getattr(risk, name) != value for name, value in fields.items())
    for name, value in fields.items():
        setattr(risk, name, value)
    if changed:
        _save(risk, user=user, reason=reason)
    if actions is not None and set(actions) != set(risk.actions.all()):
        _set_actions(risk, actions, user=user, reason=reason)
    return risk


def _set_actions(risk, actions, *, user, reason):
    # The m2m change writes its own history row; it takes the user and reason from these.
    risk._history_user = user
    risk._change_reason = reason
    risk.actions.set(actions)


KEY_MESSAGES_MAX = 3000


@transaction.atomic
def key_messages_save(*, board, period, user, text):
    """The lead's key messages for `board`'s pack for `period`; empty text removes them."""

    text = (text or "").strip()
    if len(text) > KEY_MESSAGES_MAX:
        raise ValidationError(
            {"text": f"Keep the key messages to {KEY_MESSAGES_MAX:,} characters or fewer."}
        )
    current = KeyMessages.objects.filter(
        board=board, period_year=period.year, period_quarter=period.quarter
    ).first()
    if not text:
        if current is not None:
            current._history_user = user
            current._change_reason = "Removed the key messages"
            current.delete()
        return None
    current = current or KeyMessages(
        board=board, period_year=period.year, period_quarter=period.quarter
    )
    current.text = text
    return audited_save(current, user=user, reason="Wrote the key messages")
