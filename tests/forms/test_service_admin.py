"""A service admin adds a local area from the DfE's list, names its first admin, and
suspends it (issue 27). The permission is the user's, not a membership role."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from actions.models import Plan
from boroughs.models import Area, Borough, Membership, Role
from tests.forms.conftest import client_for
from tests.smtp_server import assert_sent


@pytest.fixture
def service_admin(django_user_model):
    user = django_user_model.objects.create_user("serviceadmin", password="x" * 12)
    user.user_permissions.add(Permission.objects.get(codename="run_service"))
    return user


@pytest.fixture
def cambridgeshire(db):
    return Area.objects.create(
        la_number=873, name="Cambridgeshire", region="East of England", kind="la"
    )


def test_a_service_admin_adds_an_area_from_the_dfe_list_and_invites_its_first_admin(
    service_admin, cambridgeshire, client, mail_server
):
    admin = client_for(service_admin)
    page = admin.get(reverse("area_add")).content.decode()
    assert "Cambridgeshire (DfE LA number 873, East of England)" in page

    response = admin.post(
        reverse("area_add"),
        {"area": cambridgeshire.pk, "admin_email": "first.admin@example.org", "gss_code": ""},
        follow=True,
    )

    area = Borough.objects.get(la_number=873)
    assert (area.name, area.region, area.gss_code, area.slug) == (
        "Cambridgeshire",
        "East of England",
        None,
        "cambridgeshire",
    )
    assert "Cambridgeshire added. Invitation sent to first.admin@example.org" in (
        response.content.decode()
    )
    assert area.history.get().history_user == service_admin
    (path,) = assert_sent(
        mail_server.wait_for(1)[0],
        to="first.admin@example.org",
        subject="You are invited to join Cambridgeshire on sendplan",
    )
    client.post(
        path,
        {
            "username": "cam-admin",
            "full_name": "TEST DATA Admin",
            "password1": "kettle orbit meadow lantern",
            "password2": "kettle orbit meadow lantern",
        },
    )
    assert Membership.objects.get(borough=area).role == Role.ADMIN
    # An area already added is no longer offered.
    assert "Cambridgeshire (DfE" not in admin.get(reverse("area_add")).content.decode()


def test_a_suspended_areas_members_cannot_use_it_until_it_is_restored(
    service_admin, borough_admin, borough, plan
):
    admin = client_for(service_admin)
    url = reverse("area_suspend", args=[borough.slug])
    assert admin.post(url).status_code == 302
    assert Borough.objects.get(pk=borough.pk).is_suspended

    member = client_for(borough_admin)
    assert member.get(reverse("plan_detail", args=[plan.pk])).status_code == 404
    assert member.get(reverse("borough_members", args=[borough.slug])).status_code == 404

    admin.post(url)
    assert member.get(reverse("plan_detail", args=[plan.pk])).status_code == 200
    assert Plan.objects.filter(pk=plan.pk).exists()


def test_a_borough_admin_is_not_a_service_admin(borough_admin, cambridgeshire):
    client = client_for(borough_admin)
    assert client.get(reverse("area_list")).status_code == 403
    response = client.post(
        reverse("area_add"), {"area": cambridgeshire.pk, "admin_email": "x@example.org"}
    )
    assert response.status_code == 403
    assert not Borough.objects.filter(la_number=873).exists()
