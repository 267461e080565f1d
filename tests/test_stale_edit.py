"""A stale save is refused, and the refusal says who made the change that won."""

import pytest

from actions.services import StaleEdit, action_update, action_update_status


def test_a_stale_save_names_the_person_whose_change_won(action, editor, viewer):
    opened_at = action.version
    action_update(action=action, user=viewer, description="Changed by Vic.")
    with pytest.raises(StaleEdit) as refused:
        action_update_status(
            action=action,
            user=editor,
            status="green",
            narrative="On track.",
            expected_version=opened_at,
        )
    [change] = refused.value.changes
    assert (change["field"], change["new"], change["by"]) == (
        "Description",
        "Changed by Vic.",
        "Vic",
    )


def test_a_stale_save_after_a_change_with_no_user_says_someone(action, editor):
    # Imports and management commands write history with no signed-in user.
    opened_at = action.version
    action_update(action=action, user=None, timescale="End Q1")
    with pytest.raises(StaleEdit) as refused:
        action_update_status(
            action=action,
            user=editor,
            status="green",
            narrative="On track.",
            expected_version=opened_at,
        )
    assert [c["by"] for c in refused.value.changes] == ["someone"]
