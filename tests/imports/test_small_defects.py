"""Import and export defects: slugs keep the dash between years; no "'-" in the template."""

from actions.spreadsheets.apply import _unique_slug
from actions.spreadsheets.template import instruction_rows


def test_a_new_plans_slug_keeps_the_dash_between_years(borough):
    assert _unique_slug(borough, "SEND action plan 2026–27") == "send-action-plan-2026-27"
    assert _unique_slug(borough, "Strategy 2025/26") == "strategy-2025-26"


def test_the_templates_instructions_have_no_cell_that_spreadsheets_would_show_as_quote_dash():
    cells = [cell for row in instruction_rows() for cell in row]
    assert not [cell for cell in cells if str(cell).strip() in ("-", "'-")]
