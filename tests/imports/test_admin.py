"""The Django admin's plan import: upload, preview, confirm; and its exports."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import Action
from tests.imports.conftest import xlsx_bytes

HEADER = ["Ref", "Objective", "Action", "Who"]
ROWS = [["1.1", "Early help", "Publish the local offer", "Helen Green"]]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_superuser_imports_through_the_admin_after_a_preview(client, superuser, plan):
    client.force_login(superuser)
    url = reverse("admin:actions_plan_import", args=[plan.pk])
    change = client.get(reverse("admin:actions_plan_change", args=[plan.pk])).content.decode()
    assert url in change  # the link sits in the plan's object tools

    preview = client.post(url, {"file": SimpleUploadedFile("p.xlsx", xlsx_bytes(HEADER, ROWS))})

    page = preview.content.decode()
    assert "Check the import of p.xlsx" in page
    assert "New action 1.1." in page
    assert not Action.objects.exists()
    token = re.search(r'name="token" value="([^"]+)"', page)[1]

    done = client.post(url, {"token": token})

    assert "Imported p.xlsx: 1 actions created" in done.content.decode()
    assert Action.objects.get().history.get().history_change_reason == "Imported from p.xlsx"


def test_the_admin_import_dates_undated_ratings_the_reported_as_at_day_given(
    client, superuser, plan
):
    client.force_login(superuser)
    url = reverse("admin:actions_plan_import", args=[plan.pk])
    form = client.get(url).content.decode()
    assert 'name="reported_as_at_day"' in form and "Reported as at" in form

    # TEST DATA: one rated action, its rating undated in the file.
    data = xlsx_bytes(["Ref", "Action", "Status"], [["1", "TEST DATA: an action", "Green"]])
    sent = {"reported_as_at_day": "31", "reported_as_at_month": "3", "reported_as_at_year": "2025"}
    preview = client.post(url, {"file": SimpleUploadedFile("p.xlsx", data), **sent})
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode())[1]
    client.post(url, {"token": token})

    action = Action.objects.get(plan=plan)
    assert action.status_date == dt.date(2025, 3, 31)
    assert [u.date for u in action.updates.all()] == [dt.date(2025, 3, 31)]


def test_a_date_the_admin_import_cannot_read_is_refused_and_nothing_is_read(
    client, superuser, plan
):
    client.force_login(superuser)
    url = reverse("admin:actions_plan_import", args=[plan.pk])
    data = xlsx_bytes(["Ref", "Action"], [["1", "TEST DATA: an action"]])
    bad = {"reported_as_at_day": "31", "reported_as_at_month": "2", "reported_as_at_year": "2025"}
    page = client.post(url, {"file": SimpleUploadedFile("p.xlsx", data), **bad}).content.decode()
    assert "Check the import" not in page
    assert 'class="errorlist' in page
    assert not Action.objects.exists()


def test_the_admin_refuses_staff_who_are_not_admins_of_the_plans_borough(client, plan, outsider):
    outsider.is_staff = True
    outsider.is_superuser = False
    outsider.save()
    client.force_login(outsider)
    url = reverse("admin:actions_plan_import", args=[plan.pk])
    page = client.get(url)
    upload = client.post(url, {"file": SimpleUploadedFile("p.xlsx", xlsx_bytes(HEADER, ROWS))})

    assert (page.status_code, upload.status_code) == (403, 403)
    assert "Check the import" not in upload.content.decode()
    assert not Action.objects.exists()


def test_the_admin_export_action_downloads_one_plan(client, superuser, plan, action):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:actions_plan_changelist"),
        {"action": "export_as_xlsx", "_selected_action": [plan.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="send-inspection-2019.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    header, *rows = sheet.iter_rows(values_only=True)
    assert [(row[header.index("Ref")], row[header.index("Action")]) for row in rows] == [
        ("1-H1", action.description)
    ]
