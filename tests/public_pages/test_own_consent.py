"""A named owner records or withdraws their own agreement to be named on public pages:
only their own, through their account, audited; nobody else can do it for them here."""

from django.urls import reverse

from boroughs.models import Person
from reports.public.models import PublicNameConsent
from tests.public_pages.conftest import public_url

URL = "/account/public-name/"


def test_the_address_is_the_account_page():
    assert reverse("own_name_consent") == URL


def test_an_owner_agrees_then_withdraws_and_the_public_page_follows(
    client, public_world, owner, editor
):
    Person.objects.filter(pk=owner.pk).update(user=editor)
    page = public_url(public_world["plan"])
    assert "Corina Christos" not in client.get(page).content.decode()
    client.force_login(editor)
    text = client.get(URL).content.decode()
    assert "Corina Christos, Hammersmith" in text and "I agree to show my name" in text
    response = client.post(URL, {"person": owner.pk, "consented": "on"})
    assert response.status_code == 302 and response["Location"] == URL
    client.logout()
    assert "Corina Christos, Designated Nurse" in client.get(page).content.decode()
    client.force_login(editor)
    client.post(URL, {"person": owner.pk})
    client.logout()
    text = client.get(page).content.decode()
    assert "Corina Christos" not in text and "Designated Nurse" in text
    history = PublicNameConsent.objects.get(person=owner).history.order_by("history_id")
    assert [(h.history_change_reason, h.history_user) for h in history] == [
        ("Agreed to be named in public", editor),
        ("Withdrew agreement to be named", editor),
    ]


def test_nobody_can_agree_for_another_owner_here(client, borough, owner, editor, viewer):
    Person.objects.filter(pk=owner.pk).update(user=editor)
    someone_else = Person.objects.create(borough=borough, name="Test data: Sam Shah")
    client.force_login(viewer)  # linked to no owner
    assert "not linked to a named owner" in client.get(URL).content.decode()
    for person in (owner, someone_else):
        assert client.post(URL, {"person": person.pk, "consented": "on"}).status_code == 404
    client.force_login(editor)  # linked to `owner` only
    assert client.post(URL, {"person": someone_else.pk, "consented": "on"}).status_code == 404
    assert client.post(URL, {"person": "x", "consented": "on"}).status_code == 400
    assert not PublicNameConsent.objects.exists()


def test_an_outsider_cannot_reach_another_boroughs_owner(client, owner, outsider):
    client.force_login(outsider)
    assert client.post(URL, {"person": owner.pk, "consented": "on"}).status_code == 404
    assert not PublicNameConsent.objects.exists()


def test_a_role_or_team_needs_no_consent_and_is_not_offered(client, borough, editor):
    team = Person.objects.create(
        borough=borough, name="Test data: SEND team", kind=Person.Kind.ROLE, user=editor
    )
    client.force_login(editor)
    assert "SEND team" not in client.get(URL).content.decode()
    assert client.post(URL, {"person": team.pk, "consented": "on"}).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, owner):
    response = client.post(URL, {"person": owner.pk, "consented": "on"})
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert not PublicNameConsent.objects.exists()
