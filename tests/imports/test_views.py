"""The import and export pages: who may use them, and upload → preview → confirm."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from actions.models import Action, Plan
from tests.imports.conftest import xlsx_bytes

HEADER = ["Ref", "Objective", "Action", "Who", "Timescale", "Status"]
ROWS = [
    ["1.1", "Early help", "Publish the local offer", "Helen Green", "Q2", "Green"],
    ["1.2", "", "Train SENCOs", "Jo Baty", "Whenever", ""],
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def upload(name="plan.xlsx", data=None):
    return SimpleUploadedFile(name, data if data is not None else xlsx_bytes(HEADER, ROWS))


def token_of(response):
    return re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]


CAST = ["anonymous", "viewer", "editor", "borough_admin", "outsider", "superuser"]


def _user(request, name):
    return None if name == "anonymous" else request.getfixturevalue(name)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("viewer", 403),
        ("editor", 403),
        ("borough_admin", 200),
        ("outsider", 404),
        ("superuser", 200),
    ],
)
def test_only_borough_admins_may_import_into_a_plan(request, plan, who, status):
    client = client_for(_user(request, who))
    response = client.get(reverse("plan_import", args=[plan.pk]))
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    posted = client.post(reverse("plan_import", args=[plan.pk]), {"file": upload()})
    assert posted.status_code == status
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("viewer", 403),
        ("editor", 403),
        ("borough_admin", 200),
        ("outsider", 404),
        ("superuser", 200),
    ],
)
def test_only_borough_admins_may_import_a_new_plan(request, borough, who, status):
    client = client_for(_user(request, who))
    url = reverse("borough_import", args=[borough.slug])
    page = client.get(url)
    preview = client.post(url, {"title": "SEND strategy 2025", "file": upload()})

    assert (page.status_code, preview.status_code) == (status, status)
    if status == 200:
        assert 'name="file" type="file"' in page.content.decode()
        assert "New plan: SEND strategy 2025" in preview.content.decode()
    elif who == "anonymous":
        assert page["Location"].startswith(reverse("login"))
    assert not Plan.objects.exists()  # the preview, allowed or not, writes nothing


def workbook_rows(data):
    """The first sheet's rows, each a {heading: value} dict."""
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows] or [dict.fromkeys(header)]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("viewer", 200),
        ("editor", 200),
        ("borough_admin", 200),
        ("outsider", 404),
        ("superuser", 200),
    ],
)
def test_viewers_and_above_may_export(request, plan, action, who, status):
    response = client_for(_user(request, who)).get(reverse("plan_export", args=[plan.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"] == (
            'attachment; filename="send-inspection-2019.xlsx"'
        )
        rows = workbook_rows(response.content)
        assert [(r["Ref"], r["Action"]) for r in rows] == [("1-H1", action.description)]
    else:
        assert action.description.encode() not in response.content
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("viewer", 200)])
def test_the_template_is_for_signed_in_users(request, who, status):
    response = client_for(_user(request, who)).get(reverse("import_template"))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"] == (
            'attachment; filename="sendplan-plan-template.xlsx"'
        )
        assert {"Ref", "Action", "Status"} <= set(workbook_rows(response.content)[0])
    else:
        assert response["Location"].startswith(reverse("login"))


def test_an_unknown_export_format_is_a_clear_bad_request(plan, viewer):
    response = client_for(viewer).get(reverse("plan_export", args=[plan.pk]), {"format": "pdf"})
    assert response.status_code == 400
    assert response.content == b"Choose format=xlsx or format=csv."


def test_the_export_takes_a_fixed_number_of_queries(
    plan, action, viewer, django_assert_num_queries
):
    client = client_for(viewer)
    with django_assert_num_queries(9):
        response = client.get(reverse("plan_export", args=[plan.pk]), {"format": "csv"})
    assert response.status_code == 200
    assert "1-H1" in response.content.decode("utf-8-sig")


def test_upload_preview_then_confirm_imports_the_stored_file(plan, borough_admin):
    client = client_for(borough_admin)

    preview = client.post(reverse("plan_import", args=[plan.pk]), {"file": upload()})

    page = preview.content.decode()
    assert preview.status_code == 200
    assert "<title>Check the import – SEND inspection action plan – sendplan</title>" in page
    assert 'id="row-2"' in page and ">New</strong>" in page
    assert "names no date the import can read" in page
    assert "Import 4 changes" in page
    assert not Action.objects.exists()  # the preview writes nothing

    done = client.post(reverse("plan_import_confirm", args=[plan.pk]), {"token": token_of(preview)})

    assert done.status_code == 200
    assert "Import complete" in done.content.decode()
    assert set(plan.actions.values_list("reference", flat=True)) == {"1.1", "1.2"}
    history = Action.history.filter(reference="1.1").get()
    assert history.history_user == borough_admin
    assert history.history_change_reason == "Imported from plan.xlsx"


def test_a_token_works_once(plan, borough_admin):
    client = client_for(borough_admin)
    token = token_of(client.post(reverse("plan_import", args=[plan.pk]), {"file": upload()}))
    client.post(reverse("plan_import_confirm", args=[plan.pk]), {"token": token})

    again = client.post(reverse("plan_import_confirm", args=[plan.pk]), {"token": token})

    assert again.status_code == 400
    assert "Upload the file again" in again.content.decode()


def test_a_token_is_good_only_in_the_session_and_plan_it_was_issued_for(
    plan, borough_admin, superuser, borough
):
    other_plan = Plan.objects.create(borough=borough, slug="other", title="Other plan")
    client = client_for(borough_admin)
    token = token_of(client.post(reverse("plan_import", args=[plan.pk]), {"file": upload()}))

    elsewhere = client.post(reverse("plan_import_confirm", args=[other_plan.pk]), {"token": token})
    someone_else = client_for(superuser).post(
        reverse("plan_import_confirm", args=[plan.pk]), {"token": token}
    )
    a_path = client.post(
        reverse("plan_import_confirm", args=[plan.pk]), {"token": "../../etc/passwd"}
    )

    assert [elsewhere.status_code, someone_else.status_code, a_path.status_code] == [400] * 3
    assert not Action.objects.exists()


def test_a_file_with_row_errors_shows_them_and_offers_no_import(plan, borough_admin):
    rows = [ROWS[0], ["1.1", "", "Duplicate", "", "", "Purple"]]
    response = client_for(borough_admin).post(
        reverse("plan_import", args=[plan.pk]), {"file": upload(data=xlsx_bytes(HEADER, rows))}
    )
    page = response.content.decode()
    assert "<title>Error: Check the import" in page
    assert "1 row cannot be imported" in page
    assert '<a href="#row-3">Row 3: The status “Purple” is not one the import knows.' in page
    assert 'name="token"' not in page
    assert not Action.objects.exists()


def test_an_unreadable_file_is_an_error_beside_the_upload_field(plan, borough_admin):
    response = client_for(borough_admin).post(
        reverse("plan_import", args=[plan.pk]), {"file": upload("plan.xlsx", b"%PDF-1.7 ...")}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Import from a spreadsheet" in page
    assert 'href="#id_file"' in page
    assert "This file is a PDF, not a spreadsheet." in page


def test_a_file_over_the_limit_is_refused_before_it_is_read(plan, borough_admin, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = client_for(borough_admin).post(
        reverse("plan_import", args=[plan.pk]), {"file": upload()}
    )
    assert "larger than the 100\xa0bytes limit" in response.content.decode()


def test_a_new_plan_is_created_by_confirming_a_borough_import(borough, borough_admin):
    client = client_for(borough_admin)
    preview = client.post(
        reverse("borough_import", args=[borough.slug]),
        {"title": "SEND strategy 2025", "file": upload()},
    )
    assert "New plan: SEND strategy 2025" in preview.content.decode()
    assert not Plan.objects.exists()

    client.post(
        reverse("borough_import_confirm", args=[borough.slug]), {"token": token_of(preview)}
    )

    plan = Plan.objects.get(borough=borough)
    assert plan.title == "SEND strategy 2025"
    assert plan.actions.count() == 2


def test_a_plan_changed_since_the_preview_is_shown_again_not_imported(plan, borough_admin):
    client = client_for(borough_admin)
    token = token_of(client.post(reverse("plan_import", args=[plan.pk]), {"file": upload()}))
    client.post(reverse("plan_import_confirm", args=[plan.pk]), {"token": token})
    changed = [["1.1", "Early help", "Publish the local offer", "Helen Green", "Q2", "Red"]]
    token = token_of(
        client.post(
            reverse("plan_import", args=[plan.pk]),
            {"file": upload(data=xlsx_bytes(HEADER, changed))},
        )
    )
    Action.objects.filter(reference="1.1").update(status="red")  # someone got there first

    response = client.post(reverse("plan_import_confirm", args=[plan.pk]), {"token": token})

    assert "The plan has changed since you checked this file." in response.content.decode()
    assert Action.history.filter(reference="1.1").count() == 1


def test_the_preview_takes_a_fixed_number_of_queries_whatever_the_rows(
    plan, borough_admin, django_assert_num_queries
):
    client = client_for(borough_admin)
    many = [
        [f"1.{i}", "Early help", f"Action {i}", f"Person {i % 7}", "Q2", ""] for i in range(300)
    ]
    client.get(reverse("plan_import", args=[plan.pk]))  # warm the session
    # 13, plus the borough's column mapping and status words, the plan's success
    # measures and its dated status updates: one query each.
    # and the open round (its quarter dates ratings), and the plan's saved layout (issue 19)
    with django_assert_num_queries(19):
        preview = client.post(
            reverse("plan_import", args=[plan.pk]), {"file": upload(data=xlsx_bytes(HEADER, many))}
        )
    page = preview.content.decode()
    assert 'id="row-301"' in page and "New action 1.299." in page
    assert "Import 302 changes" in page
    assert not Action.objects.exists()


def test_an_officers_save_between_preview_and_confirm_is_named_and_nothing_is_imported(
    plan, action, editor, borough_admin
):
    from actions.services import action_update_status

    client = client_for(borough_admin)
    rows = [["1-H1", "", "Reworded by the import.", "", "", "Green"]]
    preview = client.post(
        reverse("plan_import", args=[plan.pk]), {"file": upload(data=xlsx_bytes(HEADER, rows))}
    )
    token = token_of(preview)
    # The officer rates the action after the admin checked the file, before confirming.
    action_update_status(action=action, user=editor, status="amber", narrative="Slipping.")

    page = client.post(reverse("plan_import_confirm", args=[plan.pk]), {"token": token})

    assert page.status_code == 200
    text = page.content.decode()
    assert "Action 1-H1 was changed by Erin" in text
    assert "Nothing was imported" in text
    action.refresh_from_db()
    assert (action.status, action.description) == (
        "amber",
        "Clear the backlog of initial health assessments.",
    )
    # The page is the preview again, with a fresh token: confirming now imports.
    done = client.post(reverse("plan_import_confirm", args=[plan.pk]), {"token": token_of(page)})
    assert done.status_code == 200
    action.refresh_from_db()
    assert (action.status, action.description) == ("green", "Reworded by the import.")


def test_the_import_page_offers_blank_cells_clear_values_unticked(plan, borough_admin):
    page = client_for(borough_admin).get(reverse("plan_import", args=[plan.pk]))
    text = page.content.decode()
    assert "Blank cells clear what the plan holds" in text
    assert 'name="clear_blanks"' in text
    assert "checked" not in text.split('name="clear_blanks"')[1].split(">")[0]
