"""People who leave are deactivated, never deleted: history keeps its author."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.urls import reverse

from actions.models import Action, StatusUpdate
from actions.services import action_update_status

User = get_user_model()


@pytest.fixture
def rated(action, editor):
    return action_update_status(action=action, user=editor, status="green", narrative="On track.")


def test_deleting_a_user_with_history_is_refused_and_nothing_is_blanked(rated, editor):
    with pytest.raises(ProtectedError):
        editor.delete()

    assert User.objects.filter(pk=editor.pk).exists()
    assert StatusUpdate.objects.get(pk=rated.pk).author_id == editor.pk
    assert Action.history.filter(history_user=editor).exists()


def test_deleting_users_in_bulk_is_refused_for_one_with_history(rated, editor):
    with pytest.raises(ProtectedError):
        User.objects.filter(pk=editor.pk).delete()

    assert Action.history.filter(history_user=editor).exists()


def test_a_user_with_no_history_can_still_be_deleted(django_user_model):
    newcomer = django_user_model.objects.create_user("newcomer", password="x" * 16)

    newcomer.delete()

    assert not django_user_model.objects.filter(username="newcomer").exists()


def test_deleting_in_the_admin_deactivates_instead(admin_client, rated, editor):
    url = reverse("admin:auth_user_delete", args=[editor.pk])

    page = admin_client.get(url).content.decode()
    assert "deactivates them instead of deleting them" in page
    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.is_active is False
    assert StatusUpdate.objects.get(pk=rated.pk).author_id == editor.pk
    assert Action.history.filter(history_user=editor).exists()


def test_the_admins_bulk_delete_keeps_users_with_history(admin_client, rated, editor, viewer):
    admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [editor.pk, viewer.pk], "post": "yes"},
    )

    editor.refresh_from_db()
    assert editor.is_active is False
    assert not User.objects.filter(pk=viewer.pk).exists()


def test_a_deactivated_user_cannot_sign_in(client, rated, editor):
    editor.is_active = False
    editor.save()

    response = client.post(
        reverse("login"), {"username": editor.username, "password": "correct horse battery staple"}
    )

    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
