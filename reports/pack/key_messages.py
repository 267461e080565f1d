"""The lead's key messages that open the pack: as recorded by the round's close (or now)."""

from governance.models import KeyMessages
from sendplan.history import rows_as_at


def section(snap):
    """The board's key messages for the quarter as paragraphs, or [] (none, or no board)."""
    if snap.board is None:
        return []
    rows = rows_as_at(
        KeyMessages,
        when=snap.recorded_by,
        board_id=snap.board.pk,
        period_year=snap.period.year,
        period_quarter=snap.period.quarter,
    )
    if not rows:
        return []
    text = rows[0].text.replace("\r\n", "\n")
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
