"""Packs are made by the django-tasks database worker, and only a finished file is kept."""

import hashlib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from reports import rendering
from reports.content import content_hash
from reports.models import BoardPack
from reports.services import pack_request
from tests.packs.conftest import Q2

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_a_queued_pack_is_made_by_the_worker_and_kept_with_its_hash(
    pack_world, borough, editor, media
):
    pack = pack_request(borough=borough, board=pack_world["board"], period=Q2, user=editor)
    assert pack.status == "queued"
    assert DBTaskResult.objects.filter(id=pack.task_result_id, status="READY").exists()

    run_worker()

    pack.refresh_from_db()
    assert pack.status == "ready", pack.error_message
    assert pack.attempts == 1
    pdf = Path(pack.pdf_file.path).read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert hashlib.sha256(pdf).hexdigest() == pack.pdf_sha256
    assert content_hash(pack.content_json) == pack.content_sha256
    assert pack.content_json["period"]["label"] == "2025/26 Q2"
    assert "Board pack:" in Path(pack.html_file.path).read_text()
    assert DBTaskResult.objects.get(id=pack.task_result_id).status == "SUCCESSFUL"
    # Nothing half-written is left beside the files.
    assert not list(Path(media).rglob("*.part"))


def test_two_packs_of_the_same_past_quarter_share_a_content_hash(pack_world, borough, editor):
    first = pack_request(borough=borough, board=pack_world["board"], period=Q2, user=editor)
    second = pack_request(borough=borough, board=pack_world["board"], period=Q2, user=editor)
    run_worker()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == "ready"
    assert first.content_sha256 == second.content_sha256
    assert first.pdf_file.name != second.pdf_file.name


def test_a_failing_generation_is_recorded_failed_with_its_reason_and_no_file(
    pack_world, borough, editor, media, monkeypatch
):
    def broken(html, **kwargs):
        raise ValueError("The fonts folder is missing")

    monkeypatch.setattr("reports.generation.render_pdf", broken)
    pack = pack_request(borough=borough, board=pack_world["board"], period=Q2, user=editor)
    run_worker()

    pack.refresh_from_db()
    assert pack.status == "failed"
    assert pack.error_message == "ValueError: The fonts folder is missing"
    assert pack.attempts == 1  # not a transient error: no retry
    assert not pack.pdf_file and not pack.html_file
    assert not [p for p in Path(media).rglob("*") if p.is_file()]
    assert DBTaskResult.objects.get(id=pack.task_result_id).status == "FAILED"


def test_a_transient_failure_is_retried_once_and_then_succeeds(
    pack_world, borough, editor, monkeypatch
):
    calls = []

    def flaky(html, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return rendering.render_pdf(html, **kwargs)

    monkeypatch.setattr("reports.generation.render_pdf", flaky)
    pack = pack_request(borough=borough, board=pack_world["board"], period=Q2, user=editor)
    run_worker()

    pack.refresh_from_db()
    assert pack.status == "ready"
    assert pack.attempts == 2
    assert len(calls) == 2


def test_a_transient_failure_twice_is_recorded_failed(pack_world, borough, editor, monkeypatch):
    def always_locked(html, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("reports.generation.render_pdf", always_locked)
    pack = pack_request(borough=borough, board=pack_world["board"], period=Q2, user=editor)
    run_worker()

    pack.refresh_from_db()
    assert (pack.status, pack.attempts) == ("failed", 2)
    assert "database is locked" in pack.error_message


def test_a_ready_pack_cannot_be_changed(pack_world, borough, editor):
    pack = pack_request(borough=borough, board=pack_world["board"], period=Q2, user=editor)
    run_worker()
    pack = BoardPack.objects.get(pk=pack.pk)
    pack.error_message = "tampered"
    with pytest.raises(ValueError, match="cannot be changed"):
        pack.save()
    # A second worker run finds nothing queued and leaves the pack alone.
    from reports.generation import pack_run

    assert pack_run(pack_id=pack.pk) is None
    assert BoardPack.objects.get(pk=pack.pk).error_message == ""


def test_the_admin_shows_packs_read_only(client, superuser, pack_world, borough, editor):
    pack = pack_request(borough=borough, board=pack_world["board"], period=Q2, user=editor)
    run_worker()
    client.force_login(superuser)
    url = f"/admin/reports/boardpack/{pack.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    client.post(url, {"status": "failed", "error_message": "tampered"})
    assert BoardPack.objects.get(pk=pack.pk).status == "ready"
    assert client.get("/admin/reports/boardpack/add/").status_code == 403
    assert client.get(f"/admin/reports/boardpack/{pack.pk}/delete/").status_code == 403


def test_the_cross_borough_pack_is_made_by_the_worker_stored_and_downloaded(
    client, django_user_model, borough, other_borough, outsider, pack_world, tmp_path, settings
):
    from boroughs.models import Membership
    from reports.models import CrossBoroughPack
    from tests.packs.conftest import pdf_text

    settings.MEDIA_ROOT = tmp_path / "media"
    icb_user = django_user_model.objects.create_user(username="icb", password="x" * 20)
    Membership.objects.create(user=icb_user, borough=borough, role="viewer")
    Membership.objects.create(user=icb_user, borough=other_borough, role="viewer")
    client.force_login(icb_user)
    # When the ICB member asks for the pack, it is queued, not made in the request
    response = client.post(reverse("cross_borough_pack"), {"period": "2025-26-Q2"})
    pack = CrossBoroughPack.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("cross_pack_detail", args=[pack.pk])
    assert pack.status == "queued"
    assert "Waiting to start" in client.get(response.url).content.decode()
    # Then the worker makes it and it is kept with its files
    run_worker()
    pack.refresh_from_db()
    assert pack.status == "ready", pack.error_message
    assert {b.slug for b in pack.boroughs.all()} == {"hammersmith-fulham", "hackney"}
    download = client.get(reverse("cross_pack_pdf", args=[pack.pk]))
    body = b"".join(download.streaming_content)
    assert body.startswith(b"%PDF-")
    text = " ".join(pdf_text(body, tmp_path).split())
    assert "Cross-borough pack: 2025/26 Q2" in text and "Hackney" in text
    assert "Boroughs side by side" in text and "Trend:" in text
    # A member of only one of its boroughs cannot see it
    client.force_login(outsider)
    assert client.get(reverse("cross_pack_detail", args=[pack.pk])).status_code == 404
    assert client.get(reverse("cross_pack_pdf", args=[pack.pk])).status_code == 404
