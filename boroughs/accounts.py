"""People leave; what they did stays theirs.

Deleting a user would blank the author of every history row and status update they
wrote (django-simple-history sets history_user to NULL), and the audit trail would
lose who did what. So a user with any history is never deleted: the admin deactivates
them instead, and any other delete (shell, queryset, another app) is refused here.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from boroughs.invitations import invitations_revoke_sent_by


def _history_models():
    for model in apps.get_models():
        if getattr(model, "_meta", None) and any(
            f.name == "history_user" for f in model._meta.get_fields()
        ):
            yield model


def user_has_history(user):
    """Whether `user` wrote any audited change (any simple-history row names them)."""
    return any(model.objects.filter(history_user=user).exists() for model in _history_models())


@transaction.atomic
def user_deactivate(*, user, by=None):
    """Stop `user` signing in, keeping everything they wrote attributed to them.

    The invitations they sent and that are still waiting are revoked (`by` is who
    deactivated them, for the audit trail)."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    invitations_revoke_sent_by(sender=user, by=by)
    return user


@receiver(pre_delete, sender=get_user_model(), dispatch_uid="refuse_deleting_authors")
def refuse_deleting_authors(sender, instance, **kwargs):
    # Raised inside the deletion's transaction, so nothing is deleted or nulled.
    if user_has_history(instance):
        raise ProtectedError(
            f"{instance.get_username()} has made audited changes, so they cannot be "
            "deleted; deactivate them instead.",
            {instance},
        )
