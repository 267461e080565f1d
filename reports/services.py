"""Writes for board packs: ask for one, queued for the worker.

The worker's side, which moves a pack from queued to ready, is reports/generation.py.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from boroughs.models import Role
from boroughs.selectors import has_role
from reports.content import unfinished_period_reason
from reports.models import BoardPack
from reports.tasks import generate_board_pack


@transaction.atomic
def pack_request(*, borough, period, user, board=None):
    """Queue a pack for generation; returns the queued BoardPack.

    The task row is written in the same transaction as the pack, so the worker never
    sees a task whose pack does not exist (nor a pack nobody will make).
    """
    if not has_role(user, borough, Role.EDITOR):
        raise PermissionDenied("Only editors can generate board packs.")
    if board is not None and board.borough_id != borough.pk:
        raise ValidationError({"board": "That board belongs to another borough."})
    reason = unfinished_period_reason(period, timezone.localdate())
    if reason:
        raise ValidationError({"period": reason})
    pack = BoardPack.objects.create(
        borough=borough,
        board=board,
        period_year=period.year,
        period_quarter=period.quarter,
        requested_by=user,
    )
    result = generate_board_pack.enqueue(pack_id=pack.pk, attempt=1)
    BoardPack.objects.filter(pk=pack.pk).update(task_result_id=str(result.id))
    pack.task_result_id = str(result.id)
    return pack
