"""The public page as a council's CDN and a family's browser meet it: cacheable, no
cookies, conditional; open data that validates against its own descriptor; owners
named only with consent; plain English."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import frictionless
import textstat
from django.template.loader import get_template

from actions.measure_services import borough_measure_settings_update, measure_link_indicator
from actions.models import Action, MeasureValue, SuccessMeasure
from boroughs.indicators import Area
from boroughs.models import Borough
from governance.models import Board
from governance.round_services import round_finalise, round_open
from reports.public import cards, services
from sendplan.periods import ReportingPeriod
from tests.measures.conftest import APPEALS, TWENTY_WEEKS, indicators, lait_slice  # noqa: F401
from tests.packs.conftest import at, rate
from tests.public_pages.conftest import SECRETS, public_url

# Kept: the plan, then its version (reports.public.selectors.version_of). Built, besides:
# the rounds, the plan, its priorities, its actions at both quarter ends, their owners,
# their updates for both quarters, the public summaries, the owners' names, the
# measures and the published comments (reports/public/quarter.py, content.py).
KEPT_QUERIES = 2
BUILT_QUERIES = KEPT_QUERIES + 10
# With measures: their links to national indicators and their values.
MEASURE_QUERIES = 2
# With measures linked to national indicators, however many: the indicators, the
# borough's area, England, its region, its neighbours as at the quarter's end (the
# borough's history rows, then the areas) and all their figures (reports.pack.national).
NATIONAL_QUERIES = 7
ATOM = "{http://www.w3.org/2005/Atom}"
Q4 = ReportingPeriod(2025, 4)


def test_the_page_is_cacheable_by_anyone_and_sets_no_cookie(client, public_world):
    response = client.get(public_url(public_world["plan"]))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert response["ETag"] and response["Last-Modified"]
    assert response.cookies == {} and "Set-Cookie" not in response
    assert 'name="csrfmiddlewaretoken"' not in response.content.decode()
    assert "<script" not in response.content.decode().split("</main>")[0].split("<main")[1]


def test_a_conditional_request_is_answered_not_modified(client, public_world):
    first = client.get(public_url(public_world["plan"]))
    again = client.get(public_url(public_world["plan"]), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get(
        public_url(public_world["plan"]), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert since.status_code == 304


def test_a_new_public_summary_changes_the_etag_and_replaces_the_narrative(
    client, public_world, editor
):
    before = client.get(public_url(public_world["plan"]))
    services.public_summary_save(
        action=public_world["actions"]["1.1"], user=editor, text="Test data: we hired 3 nurses."
    )
    after = client.get(public_url(public_world["plan"]), HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    text = after.content.decode()
    assert "we hired 3 nurses" in text and "FINAL-Q2 nurses hired" not in text


def test_new_comparison_areas_for_the_borough_change_the_etag(client, public_world, borough):
    before = client.get(public_url(public_world["plan"]))
    borough_measure_settings_update(
        borough=Borough.objects.get(pk=borough.pk),
        user=None,
        amber_margin=10,
        amber_when_improving=True,
        comparators=list(Area.objects.order_by("pk")[:1]),
    )
    after = client.get(public_url(public_world["plan"]), HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]


def test_an_owner_is_named_only_after_they_agree(client, public_world, owner, borough_admin):
    url = public_url(public_world["plan"])
    text = client.get(url).content.decode()
    assert "Designated Nurse" in text and "Corina Christos" not in text
    services.name_consent_set(person=owner, user=borough_admin, consented=True)
    assert "Corina Christos, Designated Nurse" in client.get(url).content.decode()
    services.name_consent_set(person=owner, user=borough_admin, consented=False)
    assert "Corina Christos" not in client.get(url).content.decode()
    reasons = [h.history_change_reason for h in owner.public_name_consent.history.all()]
    assert "Agreed to be named in public" in reasons


def test_the_open_data_validates_against_its_own_data_package(client, public_world, tmp_path):
    plan = public_world["plan"]
    for name, file in [
        ("public_datapackage", "datapackage.json"),
        ("public_csv", "data.csv"),
        ("public_json", "data.json"),
    ]:
        (tmp_path / file).write_bytes(client.get(public_url(plan, name)).content)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = (tmp_path / "data.csv").read_text().splitlines()
    assert len(rows) == 1 + 3
    data = json.loads((tmp_path / "data.json").read_text())
    ids = [a["id"] for p in data["priorities"] for a in p["actions"]]
    assert ids == [f"action-{public_world['actions'][r].pk}" for r in ("1.1", "1.2", "2.1")]


def test_a_broken_row_fails_the_data_package(client, public_world, tmp_path):
    plan = public_world["plan"]
    (tmp_path / "datapackage.json").write_bytes(
        client.get(public_url(plan, "public_datapackage")).content
    )
    csv = client.get(public_url(plan, "public_csv")).content.decode()
    (tmp_path / "data.csv").write_text(csv.replace(",green,", ",purple,", 1))
    (tmp_path / "data.json").write_text("{}")
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid


def test_the_feed_has_an_entry_for_each_final_quarter(client, public_world):
    response = client.get(public_url(public_world["plan"], "public_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")  # noqa: S314 (our own feed)
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Progress for 2025/26 Q2"]
    assert "1 Green: on track" in entries[0].find(f"{ATOM}summary").text


def _entries(response):
    """(title, summary) of each entry of a feed."""
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    return [
        (e.find(f"{ATOM}title").text, e.find(f"{ATOM}summary").text)
        for e in feed.findall(f"{ATOM}entry")
    ]


def test_an_unchanged_feed_is_kept_and_answered_not_modified(
    client, public_world, django_assert_num_queries
):
    url = public_url(public_world["plan"], "public_feed")
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    assert "public" in first["Cache-Control"] and first["Last-Modified"]
    with django_assert_num_queries(KEPT_QUERIES):  # its version only: the feed is kept
        again = client.get(url)
    assert again.content == first.content
    assert again["Content-Type"] == "application/atom+xml; charset=utf-8"
    with django_assert_num_queries(KEPT_QUERIES):
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_newly_final_round_changes_the_feed_and_a_boards_own_round_does_not(
    client, public_world, borough, borough_admin
):
    url = public_url(public_world["plan"], "public_feed")
    before = client.get(url)
    # The board's own round, even final, is not the public's: the feed is unchanged.
    board = Board.objects.get(borough=borough)
    own = round_open(borough=borough, period=Q4, board=board, user=borough_admin)
    round_finalise(reporting_round=own, user=borough_admin)
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    assert [title for title, _ in _entries(client.get(url))] == ["Progress for 2025/26 Q2"]

    round_finalise(reporting_round=public_world["q3"], user=borough_admin)
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    q3, q2 = _entries(after)
    assert q2 == _entries(before)[0] and q3[0] == "Progress for 2025/26 Q3"
    # Q3 as its round left it: 2.1 approved Green; 1.1 waits for review and 1.2 was
    # returned, so each stands as Q2 left it (Green, Red).
    assert q3[1] == "3 actions. 1 Red: behind, needs urgent action; 2 Green: on track."
    for secret in SECRETS:
        assert secret not in after.content.decode()


def _template_words(name):
    """The words a template itself says: no tags, variables, comments or markup."""
    source = get_template(name).template.source
    source = re.sub(r"{% comment %}.*?{% endcomment %}", " ", source, flags=re.S)
    source = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}|<[^>]+>", "\n", source, flags=re.S)
    lines = [" ".join(line.split()) for line in source.splitlines()]
    # Headings and labels stand alone: each line of text is its own sentence.
    return " ".join(
        line if line[-1] in ".:?" else line + "." for line in lines if line.strip(" .:()")
    )


def test_the_page_words_are_plain_english():
    words = _template_words("reports/public/_plan_body.html")
    words += " " + _template_words("reports/public/plan.html")
    words += " " + cards.words()  # the action cards, written out in Python
    # Flesch reading ease of 60 or more is plain English: read easily by 13 to 15 year olds.
    assert textstat.flesch_reading_ease(words) >= 60, words
    assert textstat.text_standard(words, float_output=True) <= 9, words


def test_the_page_costs_a_fixed_number_of_queries_built_or_kept(
    client, public_world, django_assert_num_queries
):
    from django.core.cache import cache

    url = public_url(public_world["plan"])
    cache.clear()
    with django_assert_num_queries(BUILT_QUERIES):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(KEPT_QUERIES):  # its version only: the page is kept
        assert client.get(url).status_code == 200


def _more(plan, priority, editor, owner, first, number):
    """`number` more actions, rated for Q2, and as many measures with a Q2 value, all
    recorded in April 2025."""
    for n in range(first, first + number):
        action = Action.objects.create(
            plan=plan, priority=priority, reference=f"1.{10 + n}", description=f"Test data {n}"
        )
        action.owners.set([owner])
        Action.history.filter(id=action.pk).update(history_date=at(2025, 4, 1))
        rate(action, editor, at(2025, 9, 29), "green", "Test data: on track.")
        measure = SuccessMeasure.objects.create(plan=plan, description=f"Test data {n}")
        value = MeasureValue.objects.create(measure=measure, date=dt.date(2025, 9, 30), value=n)
        SuccessMeasure.history.filter(id=measure.pk).update(history_date=at(2025, 4, 1))
        MeasureValue.history.filter(id=value.pk).update(history_date=at(2025, 10, 2))


def test_the_query_count_does_not_grow_with_the_plan(
    client, public_world, priority, editor, owner, django_assert_num_queries
):
    from django.core.cache import cache

    plan = public_world["plan"]
    url = public_url(plan)
    _more(plan, priority, editor, owner, 0, 1)
    cache.clear()
    with django_assert_num_queries(BUILT_QUERIES + MEASURE_QUERIES):
        text = client.get(url).content.decode()
    assert text.count('class="govuk-summary-card"') == 4 and 'id="measure-' in text
    _more(plan, priority, editor, owner, 1, 5)
    cache.clear()
    with django_assert_num_queries(BUILT_QUERIES + MEASURE_QUERIES):
        text = client.get(url).content.decode()
    assert text.count('class="govuk-summary-card"') == 9 and text.count('id="measure-') == 6


def test_a_measure_shows_the_dfe_figure_with_england_the_region_and_neighbours(
    client,
    public_world,
    borough,
    indicators,  # noqa: F811
):
    _with_two_comparators(borough)
    measure = SuccessMeasure.objects.create(
        plan=public_world["plan"], description="Test data: EHC plans within 20 weeks", target=75
    )
    measure_link_indicator(measure=measure, user=None, indicator=indicators[TWENTY_WEEKS])
    for model in (SuccessMeasure, Borough):
        model.history.model.objects.update(history_date=at(2025, 4, 1))

    text = " ".join(client.get(public_url(public_world["plan"])).content.decode().split())
    assert f'id="measure-{measure.pk}"' in text
    for figure in ("85.4% (2024)", "England 46.4%", "London 66.9%", "Camden 96.6%"):
        assert figure in text, figure


def _with_two_comparators(borough):
    """The borough is local authority 205, its measures compared with 202 and 213."""
    borough.la_number = 205
    borough.save()
    borough_measure_settings_update(
        borough=Borough.objects.get(pk=borough.pk),
        user=None,
        amber_margin=10,
        amber_when_improving=True,
        comparators=list(Area.objects.filter(la_number__in=[202, 213])),
    )


def _linked(plan, indicators, links):  # noqa: F811
    """A measure for each (indicator code, direction), linked as recorded in April 2025."""
    for code, direction in links:
        measure = SuccessMeasure.objects.create(
            plan=plan, description=f"Test data: {code} {direction}", direction=direction
        )
        measure_link_indicator(measure=measure, user=None, indicator=indicators[code])
    for model in (SuccessMeasure, Borough):
        model.history.model.objects.update(history_date=at(2025, 4, 1))


def test_linked_measures_cost_the_same_queries_however_many_there_are(
    client,
    public_world,
    borough,
    indicators,  # noqa: F811
    django_assert_num_queries,
):
    from django.core.cache import cache

    _with_two_comparators(borough)
    plan = public_world["plan"]
    url = public_url(plan, "public_json")
    _linked(plan, indicators, [(TWENTY_WEEKS, "")])
    with django_assert_num_queries(BUILT_QUERIES + MEASURE_QUERIES + NATIONAL_QUERIES):
        [one] = json.loads(client.get(url).content)["measures"]
    _linked(plan, indicators, [(APPEALS, ""), (TWENTY_WEEKS, "down"), (APPEALS, "up")])
    cache.clear()
    with django_assert_num_queries(BUILT_QUERIES + MEASURE_QUERIES + NATIONAL_QUERIES):
        four = json.loads(client.get(url).content)["measures"]
    # Each measure says what it would say alone: its indicator's figures, its direction.
    assert four[0] == one and one["unit"] == "%"
    assert one["national"]["value"] == "85.4" and one["national"]["year"] == "2024"
    assert one["national"]["england"] == {"name": "England", "value": "46.4"}
    assert one["national"]["region"] == {"name": "London", "value": "66.9"}
    assert one["national"]["neighbours"] == [
        {"name": "Camden", "value": "96.6"},
        {"name": "Westminster", "value": "100"},
    ]
    assert one["national"]["since"]["change"] == "better"
    assert four[2]["national"] == {
        **one["national"],
        "since": {**one["national"]["since"], "change": "worse"},
    }
    appeals = [m["national"] for m in four if m["national"]["code"] == APPEALS]
    assert len(appeals) == 2 and appeals[0]["england"]["value"] and appeals[0]["neighbours"]
    assert {**appeals[0], "since": None} == {**appeals[1], "since": None}


def test_a_published_reply_reworded_and_a_renamed_organisation_change_the_etag(
    client, public_world, partner, editor, owner, borough
):
    from boroughs.models import Organisation

    plan, url = public_world["plan"], public_url(public_world["plan"])
    comment = services.comment_add(
        plan=plan, user=partner, text="Test data: too long.", action=public_world["actions"]["1.1"]
    )
    services.comment_reply(comment=comment, user=editor, reply="Test data: cut.", publish=True)
    before = client.get(url)
    # Rewording a published reply keeps its publication date: the page still changes.
    services.comment_reply(comment=comment, user=editor, reply="Test data: halved.", publish=True)
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and "halved" in after.content.decode()
    # An owner without a job title appears as their organisation, read as it is now.
    organisation = Organisation.objects.create(borough=borough, name="Test data: Trust")
    owner.job_title, owner.organisation = "", organisation
    owner.save()
    before = client.get(url)
    assert "Test data: Trust" in before.content.decode()
    organisation.name = "Test data: Renamed Trust"
    organisation.save()
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and "Renamed Trust" in after.content.decode()
