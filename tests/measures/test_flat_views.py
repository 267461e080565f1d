"""The borough admin's register pages: export, upload, preview, confirm."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from governance.models import Risk

HEADER = ["risk_id", "description", "likelihood", "impact", "status"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _file(*rows, name="risks.csv"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def test_an_admin_previews_then_confirms_an_import(borough, borough_admin):
    client = _client(borough_admin)
    url = reverse("flat_import", args=[borough.slug, "risks"])
    response = client.post(url, {"file": _file(HEADER, ["R1", "Backlog", "3", "4", "open"])})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 row to add, 0 to update, 0 unchanged. Nothing has been saved yet." in page
    assert not Risk.objects.exists()
    token = response.context["token"]

    confirm = reverse("flat_import_confirm", args=[borough.slug, "risks"])
    response = client.post(confirm, {"token": token}, follow=True)
    assert "Risk register imported: 1 added, 0 updated, 0 unchanged." in response.content.decode()
    risk = Risk.objects.get()
    assert (risk.borough, risk.score) == (borough, 12)
    assert risk.history.get().history_user == borough_admin
    # The token is spent: confirming twice imports nothing more.
    response = client.post(confirm, {"token": token})
    assert response.status_code == 302
    assert Risk.objects.count() == 1


def test_a_bad_file_is_refused_with_reasons_and_nothing_is_written(borough, borough_admin):
    response = _client(borough_admin).post(
        reverse("flat_import", args=[borough.slug, "risks"]),
        {"file": _file(HEADER, ["R1", "Backlog", "9", "4", "open"])},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The file cannot be imported; nothing has been saved" in page
    assert "Row 2: Likelihood must be between 1 and 5." in page
    assert not Risk.objects.exists()


def test_a_file_named_csv_that_is_not_one_is_judged_by_its_content(borough, borough_admin):
    fake = SimpleUploadedFile("risks.csv", b"%PDF-1.4 ...", content_type="text/csv")
    response = _client(borough_admin).post(
        reverse("flat_import", args=[borough.slug, "risks"]), {"file": fake}
    )
    assert response.status_code == 400
    assert "PDF" in response.content.decode()


def test_the_export_downloads_a_neutralised_csv(borough, borough_admin):
    Risk.objects.create(borough=borough, risk_id="R1", description="=1+1")
    response = _client(borough_admin).get(
        reverse("flat_export", args=[borough.slug, "risks"]) + "?format=csv"
    )
    assert response["Content-Disposition"] == 'attachment; filename="hammersmith-fulham-risks.csv"'
    assert "'=1+1" in response.content.decode("utf-8-sig")


def test_an_unknown_register_is_not_found(borough, borough_admin):
    response = _client(borough_admin).get(reverse("flat_import", args=[borough.slug, "boards"]))
    assert response.status_code == 404


def test_an_editor_can_neither_open_the_registers_nor_import(borough, editor):
    client = _client(editor)
    index = client.get(reverse("flat_index", args=[borough.slug]))
    upload = client.post(
        reverse("flat_import", args=[borough.slug, "risks"]),
        {"file": _file(HEADER, ["R1", "Backlog", "3", "4", "open"])},
    )
    confirm = client.post(
        reverse("flat_import_confirm", args=[borough.slug, "risks"]), {"token": "x" * 43}
    )

    assert [index.status_code, upload.status_code, confirm.status_code] == [403, 403, 403]
    assert "Nothing has been saved yet" not in upload.content.decode()
    assert not Risk.objects.exists()
