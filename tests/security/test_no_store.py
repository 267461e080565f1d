"""Every response to a signed-in user, downloads included, says Cache-Control: no-store,
so a shared computer's browser keeps no copy after sign-out."""

import pytest
from django.urls import reverse

from reports.generation import pack_run
from reports.services import pack_request
from tests.packs.conftest import Q2, pack_world  # noqa: F401


def no_store(response):
    return "no-store" in response.get("Cache-Control", "")


@pytest.fixture
def ready_pack(pack_world, borough, editor):  # noqa: F811
    pack = pack_request(borough=borough, board=pack_world["board"], period=Q2, user=editor)
    pack_run(pack_id=pack.pk)
    return pack


def test_pages_and_downloads_for_a_signed_in_user_are_not_stored(client, viewer, ready_pack):
    client.force_login(viewer)
    plan = ready_pack.board.borough.plans.first()
    urls = [
        reverse("home"),
        reverse("action_list"),
        reverse("plan_detail", args=[plan.pk]),
        reverse("plan_export", args=[plan.pk]) + "?format=xlsx",
        reverse("pack_detail", args=[ready_pack.pk]),
        reverse("pack_pdf", args=[ready_pack.pk]),
        reverse("pack_html_file", args=[ready_pack.pk]),
        reverse("import_template"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url
        assert "private" in response["Cache-Control"], url


def test_a_public_page_is_no_store_only_once_someone_is_signed_in(client, viewer):
    # The accessibility statement is public: cacheable for visitors, not for members.
    assert not no_store(client.get("/accessibility/"))
    client.force_login(viewer)
    assert no_store(client.get("/accessibility/"))
