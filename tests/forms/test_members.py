"""Borough admins manage who belongs to their borough, and with what role."""

from django.urls import reverse

from boroughs.models import Membership, Role
from tests.forms.conftest import client_for


def test_the_members_page_lists_each_member_with_their_role(borough_admin, editor, viewer, borough):
    html = client_for(borough_admin).get(reverse("borough_members", args=[borough.slug]))
    html = html.content.decode()
    for name in ("boroughadmin (you)", "editor", "viewer"):
        assert name in html
    assert "Borough admin" in html


def test_adding_a_member_sends_an_invitation_and_adds_nobody_yet(
    borough_admin, outsider, borough, mailoutbox
):
    # The outsider is another borough's member: inviting them adds nothing until they accept.
    response = client_for(borough_admin).post(
        reverse("borough_members", args=[borough.slug]),
        {"email": "outsider@example.org", "role": "editor"},
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(user=outsider, borough=borough).exists()
    (email,) = mailoutbox
    assert email.to == ["outsider@example.org"]
    assert "/invitations/" in email.body


def test_a_malformed_email_address_is_refused_with_a_govuk_message(borough_admin, borough):
    url = reverse("borough_members", args=[borough.slug])
    page = client_for(borough_admin).post(url, {"email": "nobody", "role": "viewer"})
    assert '<a href="#id_email">Enter an email address in the correct format' in (
        page.content.decode()
    )


def test_an_admin_changes_a_members_role(borough_admin, viewer_membership, borough):
    client_for(borough_admin).post(
        reverse("borough_member_edit", args=[borough.slug, viewer_membership.pk]),
        {"role": "editor"},
    )
    viewer_membership.refresh_from_db()
    assert viewer_membership.role == Role.EDITOR


def test_the_last_admin_cannot_demote_or_remove_themselves(
    borough_admin, admin_membership, borough
):
    admin = client_for(borough_admin)
    demote = admin.post(
        reverse("borough_member_edit", args=[borough.slug, admin_membership.pk]), {"role": "viewer"}
    )
    assert "needs at least one borough admin" in demote.content.decode()
    remove = admin.post(reverse("borough_member_remove", args=[borough.slug, admin_membership.pk]))
    assert "is the last borough admin of Hammersmith &amp; Fulham" in remove.content.decode()
    admin_membership.refresh_from_db()
    assert admin_membership.role == Role.ADMIN


def test_an_admin_removes_a_member_after_confirming(borough_admin, viewer_membership, borough):
    url = reverse("borough_member_remove", args=[borough.slug, viewer_membership.pk])
    admin = client_for(borough_admin)
    assert "Remove viewer from Hammersmith &amp; Fulham?" in admin.get(url).content.decode()
    response = admin.post(url)
    assert response["Location"] == reverse("borough_members", args=[borough.slug])
    assert not Membership.objects.filter(pk=viewer_membership.pk).exists()
    removal = Membership.history.filter(id=viewer_membership.pk, history_type="-").get()
    assert removal.history_user == borough_admin


def test_an_admin_may_leave_when_another_admin_remains(
    borough_admin, admin_membership, django_user_model, borough
):
    other = django_user_model.objects.create_user(username="second-admin")
    Membership.objects.create(user=other, borough=borough, role=Role.ADMIN)
    response = client_for(borough_admin).post(
        reverse("borough_member_remove", args=[borough.slug, admin_membership.pk])
    )
    assert response["Location"] == reverse("home")
    assert not Membership.objects.filter(pk=admin_membership.pk).exists()


def test_a_membership_of_another_borough_is_not_found_through_this_boroughs_address(
    borough_admin, outsider, other_borough, borough
):
    theirs = Membership.objects.get(user=outsider, borough=other_borough)
    response = client_for(borough_admin).get(
        reverse("borough_member_edit", args=[borough.slug, theirs.pk])
    )
    assert response.status_code == 404
