"""Reads of boards and meetings."""

from governance.models import Meeting


def next_meeting(borough, today):
    """The borough's next board meeting on or after `today`, or None."""
    if borough is None:
        return None
    return (
        Meeting.objects.select_related("board")
        .in_borough(borough)
        .filter(date__gte=today)
        .order_by("date", "id")
        .first()
    )
