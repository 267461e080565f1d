"""The flat registers in the Django admin: preview then confirm, checked files, safe exports."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance.models import Risk

CSV_FORMAT = "0"  # the first of the admin's formats: CSV, then XLSX
HEADER = b"borough,risk_id,description,likelihood,impact,status\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(content, name="risks.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_a_superuser_imports_risks_in_the_admin_after_a_preview(client, superuser, borough):
    client.force_login(superuser)
    url = reverse("admin:governance_risk_import")
    data = HEADER + b"hammersmith-fulham,R1,Backlog,2,3,open\n"
    preview = client.post(
        url, {"import_file": _upload(data), "format": CSV_FORMAT, "resource": "0"}
    )
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Backlog" in page
    assert not Risk.objects.exists()
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page))
    done = client.post(
        reverse("admin:governance_risk_process_import"),
        {k: fields[k] for k in ("import_file_name", "original_file_name", "format", "resource")},
        follow=True,
    )
    assert done.status_code == 200
    risk = Risk.objects.get()
    assert (risk.borough, risk.score) == (borough, 6)
    assert risk.history.get().history_user == superuser


def test_the_admin_refuses_a_file_that_is_not_what_it_claims(client, superuser, borough):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:governance_risk_import"),
        {"import_file": _upload(b"%PDF-1.4 x"), "format": CSV_FORMAT, "resource": "0"},
    )
    assert "This file is a PDF" in response.content.decode()
    assert not Risk.objects.exists()


def test_the_admin_refuses_an_invalid_row_and_writes_nothing(client, superuser, borough):
    client.force_login(superuser)
    data = HEADER + b"hammersmith-fulham,R1,Backlog,8,3,open\n"
    response = client.post(
        reverse("admin:governance_risk_import"),
        {"import_file": _upload(data), "format": CSV_FORMAT, "resource": "0"},
    )
    assert "Likelihood must be between 1 and 5" in response.content.decode()
    assert "process_import" not in response.content.decode()
    assert not Risk.objects.exists()


def test_the_admin_export_neutralises_formulae(client, superuser, borough):
    Risk.objects.create(borough=borough, risk_id="R1", description="@SUM(A1)", mitigation="-2+3")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:governance_risk_export"),
        {
            "format": CSV_FORMAT,
            "resource": "0",
            "riskresource_description": "on",
            "riskresource_mitigation": "on",
            "riskresource_risk_id": "on",
        },
    )
    body = response.content.decode("utf-8-sig")
    assert response.status_code == 200, body[:500]
    assert "'@SUM(A1)" in body
    assert "'-2+3" in body


def test_staff_who_are_not_superusers_can_neither_import_nor_export(client, editor, borough):
    Risk.objects.create(borough=borough, risk_id="R1", description="Workforce gaps")
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    data = HEADER + b"hammersmith-fulham,R2,Backlog,2,3,open\n"

    pages = [
        client.get(reverse("admin:governance_risk_import")),
        client.get(reverse("admin:governance_risk_export")),
        client.post(
            reverse("admin:governance_risk_import"),
            {"import_file": _upload(data), "format": CSV_FORMAT, "resource": "0"},
        ),
        client.post(
            reverse("admin:governance_risk_export"),
            {"format": CSV_FORMAT, "resource": "0", "riskresource_description": "on"},
        ),
    ]

    for response in pages:
        assert response.status_code == 403
        assert "You do not have permission to do this" in response.content.decode()
        assert "Workforce gaps" not in response.content.decode()
    assert list(Risk.objects.values_list("risk_id", flat=True)) == ["R1"]
