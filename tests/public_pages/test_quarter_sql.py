"""The public page's SQL counts the updates a pack counts, and no others.

reports/public/quarter_sql.py writes in SQL the rule StatusUpdate.counted_in_packs_by
(and the pack's dated-by and recorded-by cut-offs, actions.selectors.actions_for_quarter)
hold as ORM queries. This holds the two to the same answer for every review state, on
both sides of each cut-off, so a change to the rule that misses the SQL fails here.
"""

import datetime as dt
import itertools

from django.utils import timezone

from actions.models import Action, ReviewState, StatusUpdate
from reports.public import quarter_sql

END = dt.date(2026, 6, 30)
CUTOFF = timezone.make_aware(dt.datetime(2026, 7, 31, 12))
DAY = dt.timedelta(days=1)


def _update(action, number, *, date, created, state, reviewed):
    update = StatusUpdate.objects.create(
        action=action, date=date, status="amber", narrative=f"TEST DATA update {number}"
    )
    # created_at is set on saving; each case needs its own.
    StatusUpdate.objects.filter(pk=update.pk).update(
        created_at=created, review_state=state, reviewed_at=reviewed
    )


def test_the_sql_counts_exactly_the_updates_the_packs_rule_counts(plan, priority):
    cases = itertools.product(
        (END - DAY, END + DAY),  # reports on a day in the quarter, or after its end
        (CUTOFF - DAY, CUTOFF + DAY),  # recorded before the round's close, or after
        ReviewState.values,
        (None, CUTOFF - DAY, CUTOFF + DAY),  # reviewed: never, before the close, after
    )
    actions = []
    for number, (date, created, state, reviewed) in enumerate(cases):
        action = Action.objects.create(
            plan=plan, priority=priority, reference=f"T{number}", description="TEST DATA"
        )
        _update(action, number, date=date, created=created, state=state, reviewed=reviewed)
        actions.append(action)

    counted = StatusUpdate.objects.filter(
        StatusUpdate.counted_in_packs_by(CUTOFF), date__lte=END, created_at__lte=CUTOFF
    )
    expected = {u.action_id: u.narrative for u in counted}
    when = timezone.now() + DAY
    current, previous = quarter_sql.updates(plan.pk, when, ((END, CUTOFF), (END, CUTOFF)))

    assert {pk: row["narrative"] for pk, row in current.items()} == expected
    assert {pk: row["narrative"] for pk, row in previous.items()} == expected
    # Both kinds are there, so the comparison is not of two empty answers.
    assert 0 < len(expected) < len(actions)
