"""Borough admins manage who belongs to their borough, and with what role."""

from django.urls import reverse

from boroughs.models import Membership, Role
from tests.forms.conftest import client_for
from tests.smtp_server import assert_sent


def test_the_members_page_lists_each_member_with_their_role(borough_admin, editor, viewer, borough):
    html = client_for(borough_admin).get(reverse("borough_members", args=[borough.slug]))
    html = html.content.decode()
    for name in ("boroughadmin (you)", "editor", "viewer"):
        assert name in html
    assert "Borough admin" in html


def test_adding_a_member_emails_an_invitation_and_adds_nobody_yet(
    borough_admin, outsider, borough, mail_server
):
    # The outsider is another borough's member: inviting them adds nothing until they accept.
    response = client_for(borough_admin).post(
        reverse("borough_members", args=[borough.slug]),
        {"email": "outsider@example.org", "role": "editor"},
    )
    assert response["Location"] == reverse("borough_members", args=[borough.slug])
    assert not Membership.objects.filter(user=outsider, borough=borough).exists()
    (message,) = mail_server.wait_for(1)
    (path,) = assert_sent(
        message,
        to="outsider@example.org",
        subject="You are invited to join Hammersmith & Fulham on sendplan",
    )
    assert path.startswith("/invitations/")
    assert mail_server.envelopes == [("send-plans@example.gov.uk", ["outsider@example.org"])]


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


def test_an_admin_links_a_members_account_to_their_named_owner_record(
    borough_admin, viewer, viewer_membership, borough, owner, action
):
    url = reverse("borough_member_edit", args=[borough.slug, viewer_membership.pk])
    assert "Named owner record" in client_for(borough_admin).get(url).content.decode()
    response = client_for(borough_admin).post(url, {"role": "viewer", "person": owner.pk})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.user == viewer
    row = owner.history.order_by("-history_date").first()
    assert (row.history_user, row.history_change_reason) == (borough_admin, "Linked to account")
    # Their owned action now counts as theirs.
    from actions.selectors import actions_for_user

    assert list(actions_for_user(viewer).looked_after_by(viewer)) == [action]


def test_unlinking_leaves_the_person_and_records_who_did_it(
    borough_admin, viewer, viewer_membership, borough, owner
):
    owner.user = viewer
    owner.save()
    url = reverse("borough_member_edit", args=[borough.slug, viewer_membership.pk])
    client_for(borough_admin).post(url, {"role": "viewer", "person": ""})
    owner.refresh_from_db()
    assert owner.user is None
    assert owner.history.order_by("-history_date").first().history_user == borough_admin


def test_a_person_from_another_borough_cannot_be_linked(
    borough_admin, viewer_membership, borough, other_borough
):
    from boroughs.models import Person

    theirs = Person.objects.create(borough=other_borough, name="Hackney person")
    url = reverse("borough_member_edit", args=[borough.slug, viewer_membership.pk])
    response = client_for(borough_admin).post(url, {"role": "viewer", "person": theirs.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.user is None


def test_a_borough_admin_chooses_who_keeps_an_action_up_to_date(
    borough_admin, editor, viewer, action
):
    url = reverse("action_editor", args=[action.pk])
    page = client_for(borough_admin).get(url).content.decode()
    assert "Who keeps this action up to date" in page
    assert ">Vic (viewer)<" not in page  # viewers cannot keep actions up to date
    response = client_for(borough_admin).post(url, {"editor": editor.pk})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.editor == editor
    row = action.history.order_by("-history_date").first()
    assert (row.history_user, row.history_change_reason) == (
        borough_admin,
        "Changed who keeps it up to date",
    )


def test_an_editor_cannot_choose_who_keeps_an_action_up_to_date(editor, action):
    history = action.history.count()
    response = client_for(editor).post(
        reverse("action_editor", args=[action.pk]), {"editor": editor.pk}
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.editor is None
    assert action.history.count() == history


def test_an_owner_link_is_confirmed_on_saving_and_shown_on_the_members_page(
    borough_admin, viewer_membership, borough, owner
):
    client = client_for(borough_admin)
    url = reverse("borough_member_edit", args=[borough.slug, viewer_membership.pk])
    response = client.post(url, {"role": "viewer", "person": owner.pk}, follow=True)
    page = response.content.decode()
    assert f"viewer saved: viewer, linked to the named owner {owner.name}" in page
    assert '<th scope="col" class="govuk-table__header">Named owner</th>' in page
    assert f'<td class="govuk-table__cell">{owner.name}</td>' in page
