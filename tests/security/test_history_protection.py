"""History cannot be rewritten: staff read it, only superusers change, delete or revert it,
and every such change leaves an admin LogEntry. Application code cannot change or delete
a history row at all, and no page of the app touches an existing one."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.forms import MultiWidget
from django.forms.models import model_to_dict
from django.test import Client, RequestFactory
from django.urls import reverse
from simple_history.models import HistoricalChanges

from actions.models import Action, Milestone
from actions.services import action_update, action_update_status
from boroughs.models import Membership, Role
from sendplan.history import HistoryIsReadOnly, rewriting_history

HistoricalAction = Action.history.model
OwnersHistory = apps.get_model("actions", "HistoricalAction_owners")


@pytest.fixture
def staff(django_user_model):
    """Staff with every permission there is, history's included, but not a superuser."""
    user = django_user_model.objects.create_user(
        "staffer", password="correct horse battery staple", is_staff=True
    )
    user.user_permissions.set(Permission.objects.all())
    return user


@pytest.fixture
def rated(action, editor):
    """An action with four history rows: created, owner added, reworded, rated Green."""
    action_update(action=action, user=editor, description="Clear the backlog by September.")
    action_update_status(action=action, user=editor, status="green", narrative="On track.")
    action.refresh_from_db()
    return action


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def row_url(row, view):
    return reverse(f"admin:actions_historicalaction_{view}", args=[row.pk])


def revert_url(action, row):
    return reverse("admin:actions_action_simple_history", args=[action.pk, row.pk])


def admin_form_data(model, obj, user):
    """What the admin's change form for `obj` posts back unchanged, as a browser would."""
    request = RequestFactory().get("/")
    request.user = user
    form = admin.site._registry[model].get_form(request, obj)(instance=obj)
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name)
        widget = getattr(field.widget, "widget", field.widget)
        if isinstance(widget, MultiWidget):
            for index, part in enumerate(widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, list | tuple):
            data[name] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[name] = "" if value is None else str(getattr(value, "pk", value))
    return data


def first_row(action):
    return action.history.order_by("history_date", "history_id").first()


# --- Staff who are not superusers: read, never rewrite ---------------------------------------


def test_staff_with_every_permission_can_read_history_rows_in_the_admin(staff, rated):
    client = signed_in(staff)
    row = first_row(rated)
    assert client.get(reverse("admin:actions_historicalaction_changelist")).status_code == 200
    page = client.get(row_url(row, "change"))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False  # shown read-only
    assert 'name="_save"' not in page.content.decode()


def test_staff_with_every_permission_cannot_change_or_delete_a_history_row(staff, rated):
    client = signed_in(staff)
    row = first_row(rated)
    before = model_to_dict(row)
    data = admin_form_data(HistoricalAction, row, staff) | {"description": "Rewritten"}

    assert client.post(row_url(row, "change"), data).status_code == 403
    assert client.get(row_url(row, "delete")).status_code == 403
    assert client.post(row_url(row, "delete"), {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    client.post(reverse("admin:actions_historicalaction_changelist"), bulk)
    assert client.get(reverse("admin:actions_historicalaction_add")).status_code == 403

    row.refresh_from_db()
    assert model_to_dict(row) == before
    assert rated.history.count() == 4
    assert not LogEntry.objects.exists()


def test_staff_can_see_an_earlier_version_but_not_revert_to_it(staff, rated):
    client = signed_in(staff)
    row = first_row(rated)
    page = client.get(revert_url(rated, row))
    assert page.status_code == 200
    assert page.context["revert_disabled"] is True  # no Revert button

    data = admin_form_data(Action, row.instance, staff)
    assert client.post(revert_url(rated, row), data).status_code == 403
    rated.refresh_from_db()
    assert rated.description == "Clear the backlog by September."
    assert rated.history.count() == 4
    assert not LogEntry.objects.exists()


# --- Superusers: may rewrite, and it is logged ---------------------------------------------


def test_a_superuser_can_revert_and_the_revert_is_history_and_logged(superuser, rated):
    client = signed_in(superuser)
    row = first_row(rated)
    assert client.get(revert_url(rated, row)).context["revert_disabled"] is False

    data = admin_form_data(Action, row.instance, superuser)
    response = client.post(revert_url(rated, row), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    rated.refresh_from_db()
    assert rated.description == "Clear the backlog of initial health assessments."
    latest = rated.history.order_by("-history_date", "-history_id").first()
    assert rated.history.count() == 5  # the revert is a new row; the old ones stay
    assert latest.history_user == superuser
    assert latest.history_change_reason == f"Reverted in the admin to history row {row.pk}"
    entry = LogEntry.objects.get()
    assert (entry.user, entry.action_flag, entry.object_id) == (superuser, CHANGE, str(rated.pk))


def test_a_superuser_can_correct_a_history_row_and_a_log_entry_says_so(superuser, rated):
    client = signed_in(superuser)
    row = first_row(rated)
    data = admin_form_data(HistoricalAction, row, superuser)
    data["history_change_reason"] = "Imported from the 2019 plan"

    response = client.post(row_url(row, "change"), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    row.refresh_from_db()
    assert row.history_change_reason == "Imported from the 2019 plan"
    assert row.description == "Clear the backlog of initial health assessments."
    entry = LogEntry.objects.get()
    assert entry.content_type == ContentType.objects.get_for_model(HistoricalAction)
    assert (entry.user, entry.action_flag, entry.object_id) == (superuser, CHANGE, str(row.pk))


def test_a_superuser_can_delete_a_history_row_with_its_owners_and_a_log_entry_says_so(
    superuser, rated
):
    client = signed_in(superuser)
    row = OwnersHistory.objects.filter(history__id=rated.pk).first().history

    response = client.post(row_url(row, "delete"), {"post": "yes"})
    assert response.status_code == 302

    assert not HistoricalAction.objects.filter(pk=row.pk).exists()
    assert not OwnersHistory.objects.filter(history_id=row.pk).exists()
    assert rated.history.count() == 3
    entry = LogEntry.objects.get()
    assert (entry.user, entry.action_flag, entry.object_id) == (superuser, DELETION, str(row.pk))


# --- Application code: no way to rewrite history ------------------------------------------


def test_application_code_cannot_save_over_a_history_row(rated):
    row = first_row(rated)
    row.description = "Quietly rewritten"
    with pytest.raises(HistoryIsReadOnly):
        row.save()
    fields = HistoricalAction._meta.concrete_fields
    copy = HistoricalAction(**{f.attname: getattr(row, f.attname) for f in fields})
    with pytest.raises(HistoryIsReadOnly):
        copy.save()  # a fresh instance carrying an existing key would UPDATE it
    assert first_row(rated).description == "Clear the backlog of initial health assessments."


def test_application_code_cannot_delete_history_rows_one_by_one_or_in_bulk(rated):
    # Each attempt in its own savepoint: the refusal aborts the transaction it is in.
    attempts = [
        lambda: first_row(rated).delete(),
        lambda: rated.history.all().delete(),
        lambda: OwnersHistory.objects.all().delete(),
    ]
    for attempt in attempts:
        with pytest.raises(HistoryIsReadOnly), transaction.atomic():
            attempt()
    assert rated.history.count() == 4


def test_deleting_the_object_itself_keeps_its_history(rated, editor):
    pk, rated._history_user = rated.pk, editor
    rated.delete()
    assert HistoricalAction.objects.filter(id=pk).count() == 5  # plus the deletion


def test_rewriting_is_possible_only_inside_the_explicit_block(rated):
    with rewriting_history():
        first_row(rated).delete()
    assert rated.history.count() == 3
    with pytest.raises(HistoryIsReadOnly), transaction.atomic():
        first_row(rated).delete()


# --- The app's own pages only ever add history ---------------------------------------------


def every_history_row():
    """{(table, pk): every column} for every Historical* table, m2m history included."""
    rows = {}
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):
            for values in model._default_manager.values():
                rows[(model._meta.label, values[model._meta.pk.attname])] = values
    return rows


def test_no_page_of_the_app_changes_or_deletes_an_existing_history_row(
    rated, editor, borough_admin, viewer, borough
):
    milestone = Milestone.objects.create(action=rated, title="Recovery plan agreed")
    before = every_history_row()
    today = dt.date.today()
    writes = [
        (editor, "action_update_status", [rated.pk], {
            "version": str(rated.version), "status": "amber", "narrative": "Two posts vacant.",
            "next_steps": "", "date_day": today.day, "date_month": today.month,
            "date_year": today.year,
        }),
        (editor, "action_edit", [rated.pk], {
            "version": str(rated.version + 1), "description": "Reworded again.",
            "lead_agency": "health", "owners": [], "timescale": "Q3", "tags": "",
        }),
        (editor, "milestone_achieve", [milestone.pk], {}),
        (borough_admin, "priority_edit", [rated.priority_id], {
            "number": "1", "title": "Areas for development (revised)", "description": "",
            "position": "1",
        }),
        (borough_admin, "borough_member_edit", [borough.slug, _membership(viewer).pk], {
            "role": Role.EDITOR,
        }),
        (borough_admin, "borough_member_remove", [borough.slug, _membership(viewer).pk], {}),
    ]  # fmt: skip
    for user, name, args, data in writes:
        response = signed_in(user).post(reverse(name, args=args), data)
        assert response.status_code == 302, (name, response.content.decode()[:1500])

    after = every_history_row()
    assert len(after) >= len(before) + len(writes)
    changed = [key for key, values in before.items() if after.get(key) != values]
    assert changed == [], f"history rows changed or deleted by a page: {changed}"
    assert not Membership.objects.filter(user=viewer).exists()


def _membership(user):
    return Membership.objects.get(user=user)
