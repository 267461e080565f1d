"""The preview's mapping step, and where the import and export pages are linked from.

Every row here is TEST DATA invented for these tests.
"""

import re

import pytest
from django.urls import reverse

from actions.models import RAGB, Action, ImportColumnMapping, ImportStatusWord
from tests.imports.conftest import xlsx_bytes
from tests.imports.test_views import client_for, token_of, upload

HEADER = ["Ref", "Action", "Who", "Progress rating", "Budget code"]
ROWS = [
    ["1", "TEST DATA: publish the offer", "Test Officer One", "Sideways", "X1"],
    ["2", "TEST DATA: train SENCOs", "Test Officer Two", "sideways", "X2"],
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def mapping_form(response):
    page = response.content.decode()
    token = re.search(r'name="mapping_token" value="([^"]+)"', page)[1]
    fields = dict(
        re.findall(r'type="hidden" name="((?:heading|word-text)-\d+)" value="([^"]*)"', page)
    )
    return token, fields


def test_unknown_columns_and_words_are_offered_once_each_and_the_choice_is_remembered(
    plan, borough_admin
):
    client = client_for(borough_admin)
    data = xlsx_bytes(HEADER, ROWS)
    first = client.post(reverse("plan_import", args=[plan.pk]), {"file": upload(data=data)})
    page = first.content.decode()
    # "Progress rating" holds the ratings, but the import reads it as a narrative.
    assert "Column “Budget code”" in page
    token, fields = mapping_form(first)
    assert fields == {"heading-1": "Budget code"}
    assert 'name="token"' in page  # nothing wrong yet: it could be imported as it is

    # Say what "Progress rating" means: map it as the status column, and ignore the code.
    ImportColumnMapping.objects.create(
        borough=plan.borough, heading="progress rating", field="status"
    )
    second = client.post(
        reverse("plan_import_map", args=[plan.pk]),
        {"mapping_token": token, "heading-1": "Budget code", "column-1": "ignore"},
    )
    page = second.content.decode()
    assert "Saved 1 mapping for Hammersmith &amp; Fulham" in page
    assert page.count("Status word “Sideways” means") == 1  # one word, shown once
    assert not Action.objects.exists()
    token, fields = mapping_form(second)
    assert fields == {"word-text-1": "sideways"}

    third = client.post(
        reverse("plan_import_map", args=[plan.pk]),
        {"mapping_token": token, "word-text-1": "sideways", "word-1": "amber"},
    )
    assert ImportStatusWord.objects.get(borough=plan.borough).status == RAGB.AMBER
    assert ImportColumnMapping.objects.get(heading="budget code").field == ""
    # Both choices are audited, with the admin who made them.
    word = ImportStatusWord.objects.get(borough=plan.borough)
    assert word.history.get().history_user == borough_admin
    code = ImportColumnMapping.objects.get(heading="budget code")
    assert code.history.get().history_user == borough_admin
    assert 'name="mapping_token"' not in third.content.decode()
    client.post(reverse("plan_import_confirm", args=[plan.pk]), {"token": token_of(third)})
    assert {a.status for a in Action.objects.filter(plan=plan)} == {RAGB.AMBER}


def test_another_boroughs_admin_cannot_use_a_mapping_token(plan, borough_admin, outsider):
    first = client_for(borough_admin).post(
        reverse("plan_import", args=[plan.pk]), {"file": upload(data=xlsx_bytes(HEADER, ROWS))}
    )
    token, _ = mapping_form(first)
    response = client_for(outsider).post(
        reverse("plan_import_map", args=[plan.pk]),
        {"mapping_token": token, "heading-1": "Budget code", "column-1": "status"},
    )
    assert response.status_code == 404
    assert not ImportColumnMapping.objects.exists()


def test_the_plan_page_links_import_export_and_template_for_admins_only(
    plan, borough_admin, editor
):
    admin_page = client_for(borough_admin).get(reverse("plan_detail", args=[plan.pk]))
    editor_page = client_for(editor).get(reverse("plan_detail", args=[plan.pk]))
    for url in (
        reverse("plan_import", args=[plan.pk]),
        reverse("plan_export", args=[plan.pk]),
        reverse("import_template"),
    ):
        assert url in admin_page.content.decode()
        assert url not in editor_page.content.decode()


def test_the_home_page_links_a_new_plan_import_for_the_boroughs_admins(borough_admin, editor):
    url = reverse("borough_import", args=["hammersmith-fulham"])
    assert url in client_for(borough_admin).get(reverse("home")).content.decode()
    assert url not in client_for(editor).get(reverse("home")).content.decode()


def test_the_upload_page_documents_the_status_words(plan, borough_admin):
    page = client_for(borough_admin).get(reverse("plan_import", args=[plan.pk])).content.decode()
    assert "Status words and the rating each means" in page
    assert "Started but delayed, Progressing but delayed" in page
    assert "Not started" in page
