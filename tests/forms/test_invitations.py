"""Adding a member is an invitation the invitee accepts: by signing in, or by making an
account. The admin never learns whether an address or username has an account, and
nobody (another borough's admin included) joins a borough without accepting."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from boroughs.models import Invitation, Membership, Role
from tests.forms.conftest import client_for
from tests.smtp_server import assert_sent

User = get_user_model()


def invite(admin, borough, email, role="editor"):
    return client_for(admin).post(
        reverse("borough_members", args=[borough.slug]), {"email": email, "role": role}
    )


SUBJECT = "You are invited to join Hammersmith & Fulham on sendplan"


def link_in(message, to):
    """The invitation link's path, once the message is checked (To, From, subject, host)."""
    (path,) = assert_sent(message, to=to, subject=SUBJECT)
    assert re.fullmatch(r"/invitations/[^/]+/", path)
    return path


def test_the_admin_is_told_the_same_thing_whether_or_not_the_address_has_an_account(
    borough_admin, outsider, borough, mail_server
):
    outsider.email = "known@example.org"
    outsider.save()

    known = invite(borough_admin, borough, "known@example.org")
    unknown = invite(borough_admin, borough, "unknown@example.org")

    assert known.status_code == unknown.status_code == 302
    words = [[str(m) for m in response.wsgi_request._messages] for response in (known, unknown)]
    assert words[0] == [
        "Invitation sent to known@example.org. They become a member when they accept it."
    ]
    assert words[1] == [
        "Invitation sent to unknown@example.org. They become a member when they accept it."
    ]
    # and each address gets the same email but for its own link
    known_mail, unknown_mail = mail_server.wait_for(2)
    known_link = link_in(known_mail, "known@example.org")
    unknown_link = link_in(unknown_mail, "unknown@example.org")
    assert known_link != unknown_link
    assert known_mail.get_content().replace(known_link, "") == (
        unknown_mail.get_content().replace(unknown_link, "")
    )


def test_another_boroughs_admin_joins_only_by_accepting(
    borough_admin, borough, other_borough, django_user_model, mail_server
):
    theirs = django_user_model.objects.create_user(
        "their-admin", email="their-admin@example.org", password="correct horse battery staple"
    )
    Membership.objects.create(user=theirs, borough=other_borough, role=Role.ADMIN)
    invite(borough_admin, borough, "their-admin@example.org", role="viewer")
    assert not Membership.objects.filter(user=theirs, borough=borough).exists()

    link = link_in(mail_server.wait_for(1)[0], "their-admin@example.org")
    page = client_for(theirs).get(link).content.decode()
    assert "Accept and join Hammersmith &amp; Fulham" in page
    response = client_for(theirs).post(link)

    assert response.status_code == 302
    membership = Membership.objects.get(user=theirs, borough=borough)
    assert membership.role == Role.VIEWER
    assert membership.history.get().history_user == theirs


def test_someone_with_no_account_makes_one_and_joins(borough_admin, borough, client, mail_server):
    invite(borough_admin, borough, "new.officer@example.org", role="editor")
    url = link_in(mail_server.wait_for(1)[0], "new.officer@example.org")

    response = client.post(
        url,
        {
            "username": "new-officer",
            "full_name": "Nia Officer",
            "password1": "kettle orbit meadow lantern",
            "password2": "kettle orbit meadow lantern",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="new-officer")
    assert (user.email, user.first_name, user.last_name) == (
        "new.officer@example.org",
        "Nia",
        "Officer",
    )
    assert Membership.objects.get(user=user, borough=borough).role == Role.EDITOR
    assert client.session["_auth_user_id"] == str(user.pk)
    # The link is used up.
    assert client.get(url).status_code == 404


def test_a_new_account_form_with_mistakes_makes_nothing(
    borough_admin, borough, client, editor, mail_server
):
    invite(borough_admin, borough, "x@example.org")
    before = User.objects.count()

    page = client.post(
        link_in(mail_server.wait_for(1)[0], "x@example.org"),
        {"username": "editor", "full_name": "", "password1": "short", "password2": "other"},
    ).content.decode()

    assert "There is a problem" in page
    assert "That username is taken. Choose another" in page
    assert "Enter your full name" in page
    assert "The passwords do not match" in page
    assert User.objects.count() == before
    assert Invitation.objects.get().accepted_at is None


def test_an_expired_or_made_up_invitation_does_not_work(
    borough_admin, borough, client, mail_server
):
    invite(borough_admin, borough, "late@example.org")
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    assert client.get(link_in(mail_server.wait_for(1)[0], "late@example.org")).status_code == 404
    assert client.get(reverse("invitation_accept", args=["x" * 43])).status_code == 404


def test_only_a_hash_of_the_token_is_stored(borough_admin, borough, mail_server):
    invite(borough_admin, borough, "someone@example.org")
    token = link_in(mail_server.wait_for(1)[0], "someone@example.org").split("/")[2]

    assert token not in Invitation.objects.get().token_hash


@pytest.mark.parametrize("who", ["editor", "viewer", "outsider"])
def test_only_a_borough_admin_may_invite(request, who, borough, mail_server):
    response = invite(request.getfixturevalue(who), borough, "x@example.org")

    assert response.status_code in (403, 404)
    assert not Invitation.objects.exists()
    assert mail_server.messages == []


# --- Issue 20: the invitation is for the person invited, and lasts while its sender may invite


def test_someone_signed_in_as_another_account_cannot_accept_an_invitation_sent_to_someone_else(
    borough_admin, borough, outsider, mail_server
):
    outsider.email = "otto@example.org"
    outsider.save()
    invite(borough_admin, borough, "new.admin@example.org", role="admin")
    url = link_in(mail_server.wait_for(1)[0], "new.admin@example.org")

    page = client_for(outsider).get(url)
    response = client_for(outsider).post(url)

    assert page.status_code == response.status_code == 403
    assert "This invitation is for another account" in response.content.decode()
    assert not Membership.objects.filter(user=outsider, borough=borough).exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_account_with_the_invited_address_in_another_case_may_accept(
    borough_admin, borough, outsider, mail_server
):
    outsider.email = "Otto@Example.org"
    outsider.save()
    invite(borough_admin, borough, "otto@example.org", role="viewer")

    response = client_for(outsider).post(link_in(mail_server.wait_for(1)[0], "otto@example.org"))

    assert response.status_code == 302
    assert Membership.objects.get(user=outsider, borough=borough).role == Role.VIEWER


def test_an_account_with_no_email_address_cannot_accept(
    borough_admin, borough, outsider, mail_server
):
    invite(borough_admin, borough, "", role="viewer")  # refused by the form: nothing sent
    invite(borough_admin, borough, "someone@example.org", role="viewer")

    response = client_for(outsider).post(link_in(mail_server.wait_for(1)[0], "someone@example.org"))

    assert response.status_code == 403
    assert not Membership.objects.filter(user=outsider, borough=borough).exists()


def _second_admin(django_user_model, borough, username="second-admin"):
    user = django_user_model.objects.create_user(
        username, email=f"{username}@example.org", password="correct horse battery staple"
    )
    Membership.objects.create(user=user, borough=borough, role=Role.ADMIN)
    return user


def _invitee(django_user_model, email="invitee@example.org"):
    return django_user_model.objects.create_user(
        "invitee", email=email, password="correct horse battery staple"
    )


def test_demoting_the_sender_revokes_their_waiting_invitations_and_the_link_stops_working(
    borough_admin, borough, django_user_model, mail_server
):
    from boroughs.services import membership_change_role

    sender = _second_admin(django_user_model, borough)
    invite(sender, borough, "invitee@example.org", role="admin")
    invitee = _invitee(django_user_model)

    membership_change_role(
        membership=Membership.objects.get(user=sender, borough=borough),
        user=borough_admin,
        role=Role.VIEWER,
    )
    response = client_for(invitee).post(link_in(mail_server.wait_for(1)[0], "invitee@example.org"))

    assert response.status_code == 404
    assert not Membership.objects.filter(user=invitee, borough=borough).exists()
    invitation = Invitation.objects.get()
    assert invitation.ended_how == "revoked"
    latest = invitation.history.first()
    assert (latest.history_user, latest.ended_how) == (borough_admin, "revoked")
    assert "no longer an admin" in latest.history_change_reason


def test_removing_or_deactivating_the_sender_revokes_their_waiting_invitations(
    borough_admin, borough, other_borough, django_user_model, mail_server
):
    from boroughs.accounts import user_deactivate
    from boroughs.services import membership_remove

    sender = _second_admin(django_user_model, borough)
    Membership.objects.create(user=sender, borough=other_borough, role=Role.ADMIN)
    invite(sender, borough, "one@example.org")
    invite(sender, other_borough, "two@example.org")

    membership_remove(
        membership=Membership.objects.get(user=sender, borough=borough), user=borough_admin
    )
    assert list(Invitation.objects.order_by("email").values_list("ended_how", flat=True)) == [
        "revoked",
        "",
    ]
    user_deactivate(user=sender, by=borough_admin)
    assert set(Invitation.objects.values_list("ended_how", flat=True)) == {"revoked"}


def test_an_invitation_whose_sender_was_demoted_in_the_admin_is_refused_at_accepting(
    borough, django_user_model, mail_server
):
    sender = _second_admin(django_user_model, borough)
    invite(sender, borough, "invitee@example.org", role="admin")
    invitee = _invitee(django_user_model)
    # A change that bypassed the services (a shell, a bulk update).
    Membership.objects.filter(user=sender).update(role=Role.VIEWER)

    response = client_for(invitee).post(link_in(mail_server.wait_for(1)[0], "invitee@example.org"))

    assert response.status_code == 404
    assert not Membership.objects.filter(user=invitee, borough=borough).exists()
    assert Invitation.objects.get().ended_how == "revoked"


def test_an_admin_sees_waiting_invitations_and_withdraws_one_and_its_link_stops_working(
    borough_admin, borough, django_user_model, mail_server
):
    invite(borough_admin, borough, "invitee@example.org", role="editor")
    invitation = Invitation.objects.get()
    members = client_for(borough_admin).get(reverse("borough_members", args=[borough.slug]))
    withdraw = reverse("invitation_withdraw", args=[borough.slug, invitation.pk])
    assert withdraw in members.content.decode()

    response = client_for(borough_admin).post(withdraw)

    assert response.status_code == 302
    invitee = _invitee(django_user_model)
    assert (
        client_for(invitee)
        .post(link_in(mail_server.wait_for(1)[0], "invitee@example.org"))
        .status_code
        == 404
    )
    invitation.refresh_from_db()
    assert invitation.ended_how == "withdrawn"
    page = client_for(borough_admin).get(reverse("borough_members", args=[borough.slug]))
    assert "invitee@example.org" not in page.content.decode()
    # Withdrawing again changes nothing: it is no longer waiting.
    assert client_for(borough_admin).post(withdraw).status_code == 404


def test_every_send_accept_withdraw_and_revoke_is_a_history_row_with_who_and_why(
    borough_admin, borough, django_user_model, mail_server
):
    from boroughs.invitations import invitations_revoke_sent_by

    invite(borough_admin, borough, "invitee@example.org")
    invite(borough_admin, borough, "other@example.org")
    invite(borough_admin, borough, "third@example.org")
    invitee = _invitee(django_user_model)
    accepted, withdrawn, revoked = (
        Invitation.objects.get(email=e)
        for e in ("invitee@example.org", "other@example.org", "third@example.org")
    )
    client_for(invitee).post(link_in(mail_server.wait_for(3)[0], "invitee@example.org"))
    client_for(borough_admin).post(
        reverse("invitation_withdraw", args=[borough.slug, withdrawn.pk])
    )
    invitations_revoke_sent_by(sender=borough_admin, by=None)

    def trail(invitation):
        return [
            (row.history_user, row.history_change_reason)
            for row in invitation.history.order_by("history_date")
        ]

    assert trail(accepted) == [
        (borough_admin, "Sent an invitation"),
        (invitee, "Accepted the invitation"),
    ]
    assert trail(withdrawn) == [
        (borough_admin, "Sent an invitation"),
        (borough_admin, "Withdrew the invitation"),
    ]
    assert trail(revoked)[-1] == (
        None,
        "Revoked: its sender is no longer an admin of the borough",
    )
