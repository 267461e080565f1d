"""The risk register: its heat map, and adding and changing risks through the services."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from boroughs.models import Person
from governance import services
from governance.models import Risk
from governance.selectors import band, heat_map


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def risks(borough, editor):
    make = services.risk_create
    return [
        make(
            borough=borough,
            user=editor,
            risk_id="R1",
            description="Tribunal backlog",
            likelihood=5,
            impact=4,
        ),
        make(
            borough=borough,
            user=editor,
            risk_id="R2",
            description="Recruitment",
            likelihood=5,
            impact=4,
        ),
        make(
            borough=borough,
            user=editor,
            risk_id="R3",
            description="Data quality",
            likelihood=1,
            impact=2,
        ),
        make(borough=borough, user=editor, risk_id="R4", description="Unscored", likelihood=3),
        make(
            borough=borough,
            user=editor,
            risk_id="R5",
            description="Old",
            likelihood=2,
            impact=2,
            status="closed",
        ),
    ]


def test_the_heat_map_places_open_scored_risks_by_likelihood_and_impact(risks):
    grid = heat_map(Risk.objects.all())
    assert [row["likelihood"] for row in grid] == [5, 4, 3, 2, 1]
    assert all([c.impact for c in row["cells"]] == [1, 2, 3, 4, 5] for row in grid)
    top = grid[0]["cells"][3]  # likelihood 5, impact 4
    assert [r.risk_id for r in top.risks] == ["R1", "R2"]
    assert (top.score, top.band) == (20, ("Very high", "red"))
    assert [r.risk_id for r in grid[4]["cells"][1].risks] == ["R3"]
    placed = [r.risk_id for row in grid for c in row["cells"] for r in c.risks]
    assert sorted(placed) == ["R1", "R2", "R3"]  # unscored and closed risks are not placed


@pytest.mark.parametrize(
    ("score", "word"),
    [(25, "Very high"), (15, "Very high"), (12, "High"), (9, "Medium"), (4, "Low"), (1, "Low")],
)
def test_score_bands_have_words(score, word):
    assert band(score)[0] == word


def test_the_register_page_shows_the_heat_map_and_a_table(risks, viewer):
    response = _client(viewer).get(reverse("risk_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Heat map of open risks" in page
    assert 'data-score="20"' in page
    assert "Score 20, very high" in page
    assert "Tribunal backlog" in page
    assert "1 open risk without a likelihood or impact is not on the map." in page
    assert reverse("risk_add") not in page  # a viewer cannot add


def test_an_editor_adds_a_risk_with_owner_and_linked_actions(borough, editor, action):
    owner = Person.objects.create(borough=borough, name="Alex Owner")
    response = _client(editor).post(
        reverse("risk_add"),
        {
            "risk_id": "R9",
            "description": "Too few specialist places",
            "likelihood": "4",
            "impact": "5",
            "owner": owner.pk,
            "mitigation": "Capital programme",
            "status": "open",
            "actions": [action.pk],
        },
    )
    assert response.status_code == 302
    risk = Risk.objects.get(risk_id="R9")
    assert (risk.score, risk.owner, list(risk.actions.all())) == (20, owner, [action])
    assert risk.history.first().history_user == editor


def test_an_editor_changes_a_risk_and_the_history_says_who(risks, editor):
    risk = risks[0]
    response = _client(editor).post(
        reverse("risk_edit", args=[risk.pk]),
        {
            "risk_id": "R1",
            "description": "Tribunal backlog",
            "likelihood": "3",
            "impact": "4",
            "status": "open",
        },
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.likelihood == 3
    latest = risk.history.order_by("-history_date").first()
    assert (latest.history_user, latest.history_change_reason) == (editor, "Edited risk")


def test_a_duplicate_risk_id_is_refused_and_nothing_is_written(risks, editor):
    response = _client(editor).post(
        reverse("risk_add"), {"risk_id": "R1", "description": "Again", "status": "open"}
    )
    assert response.status_code == 400
    assert "There is already a risk R1" in response.content.decode()
    assert Risk.objects.filter(risk_id="R1").count() == 1


def test_an_action_of_another_borough_cannot_be_linked(borough, other_borough, editor, action):
    with pytest.raises(ValidationError):
        services.risk_create(
            borough=other_borough, user=editor, risk_id="X1", description="x", actions=[action]
        )
    assert not Risk.objects.exists()


def test_a_viewer_cannot_add_a_risk_and_an_outsider_cannot_see_ours(risks, viewer, outsider):
    assert _client(viewer).get(reverse("risk_add")).status_code == 403
    assert _client(outsider).get(reverse("risk_edit", args=[risks[0].pk])).status_code == 404
    page = _client(outsider).get(reverse("risk_list")).content.decode()
    assert "Tribunal backlog" not in page
