"""Measures against their targets and national figures, and the risk register, in Chromium.

Each journey is written as given / when / then steps and ends with an axe check.
"""

import datetime as dt
import re
from decimal import Decimal

from playwright.sync_api import expect

from actions import measure_services
from actions.models import SuccessMeasure
from tests.browser.conftest import assert_accessible, sign_in, sign_in_by_cookie
from tests.measures import conftest as measure_fixtures
from tests.measures.conftest import TWENTY_WEEKS

# The measure tests' fixtures: a slice of the real LAIT extract, and our LA number.
lait_slice = measure_fixtures.lait_slice
indicators = measure_fixtures.indicators
our_la = measure_fixtures.our_la


def test_a_viewer_reads_a_measure_against_its_target_england_and_london(
    page,
    viewer,
    editor,
    plan,
    priority,
    indicators,
    our_la,
):
    # Given Hammersmith & Fulham's plan has a 20-week timeliness measure (target 75% by
    # December 2022) linked to the DfE's national indicator.
    measure = SuccessMeasure.objects.create(
        plan=plan,
        priority=priority,
        description="New EHC plans issued within 20 weeks",
        unit="%",
        baseline=Decimal("55"),
        target=Decimal("75"),
        target_date=dt.date(2022, 12, 31),
        direction="up",
    )
    measure_services.measure_link_indicator(
        measure=measure, user=editor, indicator=indicators[TWENTY_WEEKS]
    )

    # When a viewer opens the plan and follows its success measures,
    sign_in_by_cookie(page, viewer)
    page.goto(f"/plans/{plan.pk}/")
    page.get_by_role("link", name=re.compile("Success measures")).click()

    # Then the list rates the measure against its target, in words as well as colour,
    # and marks its figures as published.
    expect(page.get_by_role("heading", level=1)).to_have_text("Success measures")
    row = page.locator("tr", has_text="New EHC plans issued within 20 weeks")
    expect(row.locator(".sp-ragb-tag")).to_have_text("Green")
    expect(row).to_contain_text("85.4% against a target of 75% (higher is better).")
    expect(row).to_contain_text("Published figures")
    assert_accessible(page)

    # When they open the measure,
    row.get_by_role("link", name=re.compile("New EHC plans")).click()

    # Then a chart with a text alternative sits beside a table of the same figures for
    # the borough, England and London, with the target and baseline, and the source.
    chart = page.locator("img.sp-chart")
    expect(chart).to_have_attribute("alt", re.compile("Hammersmith & Fulham and England"))
    table = page.locator("#comparison")
    expect(table.locator("caption")).to_contain_text("Source: DfE, LAIT")
    expect(table.locator("tr", has_text="England")).to_contain_text("46.4")
    expect(table.locator("tr", has_text="Hammersmith and Fulham")).to_contain_text("85.4")
    expect(table.locator("tr", has_text="London")).to_contain_text("66.9")
    expect(table.locator("tr", has_text="Target")).to_contain_text("75% by 31 December 2022")
    expect(table.locator("tr", has_text="Baseline")).to_contain_text("55%")
    assert_accessible(page)


def test_a_borough_admin_adds_a_comparator_and_compares_indicators(
    page, borough_admin, indicators, our_la
):
    # Given a borough admin of Hammersmith & Fulham, whose figures are loaded.
    sign_in_by_cookie(page, borough_admin)

    # When they open the comparison page and choose their comparator areas,
    page.goto("/indicators/compare/")
    page.get_by_role("link", name=re.compile("Choose comparator areas")).click()
    assert_accessible(page)
    page.get_by_label("Hackney (Inner London)").check()
    page.get_by_role("button", name="Save settings").click()

    # ...then tick two indicators and compare,
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("saved")
    page.get_by_label(re.compile("^New EHC plans issued within 20 weeks - excluding")).check()
    page.get_by_label(re.compile("^Appeal rate")).check()
    page.get_by_role("button", name="Compare").click()

    # Then each indicator has a chart and a table with the borough, England, London and
    # Hackney, and a year with no published figure reads "No figure", not a blank.
    table = page.locator("table", has_text="% of EHC plans")
    expect(table.locator("tr", has_text="Hackney")).to_contain_text("43.3")
    expect(table.locator("tr", has_text="Hackney")).to_contain_text("No figure")
    expect(page.locator("img.sp-chart")).to_have_count(2)
    assert_accessible(page)


def test_an_editor_records_a_value_and_lands_on_the_measure(page, editor, plan, priority):
    # Given a measure of the plan with a target and no values yet.
    measure = SuccessMeasure.objects.create(
        plan=plan,
        priority=priority,
        description="Initial health assessments within 20 working days",
        unit="%",
        baseline=Decimal("55"),
        target=Decimal("90"),
        direction="up",
    )

    # When an editor opens the measure and adds a value of 61.50 for 31 December 2019,
    sign_in_by_cookie(page, editor)
    page.goto(f"/measures/{measure.pk}/")
    page.get_by_role("link", name="Add a value").click()
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2019")
    page.get_by_label("Value").fill("61.50")
    page.get_by_role("button", name="Add value").click()

    # Then they are back on the measure's page, which shows the value as 61.5% (no
    # ".00" noise) in its table and rates it against the target.
    expect(page).to_have_url(re.compile(rf"/measures/{measure.pk}/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Value added")
    expect(page.locator("#values")).to_contain_text("61.5%")
    expect(page.locator("#values")).not_to_contain_text("61.50")
    expect(page.locator(".sp-ragb-tag").first).to_have_text("Red")
    assert_accessible(page)


def test_an_editor_adds_a_risk_and_finds_it_on_the_heat_map(page, editor, action):
    # Given an editor of Hammersmith & Fulham, whose register has no risks yet.
    sign_in(page, editor)

    # When they open the risk register from the menu,
    page.get_by_role("link", name="Risks", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk register")
    expect(page.locator("main")).to_contain_text("No risks are recorded")
    assert_accessible(page)

    # ...choose "Add a risk" and save it without describing it,
    page.get_by_role("link", name="Add a risk").click()
    page.get_by_label("Risk ID").fill("R1")
    page.get_by_role("button", name="Add risk").click()

    # Then the error summary says what is missing.
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Describe the risk")
    assert_accessible(page)

    # When they describe it, rate it likely (4) with major impact (5), link action 1-H1
    # and save,
    page.get_by_label("Risk", exact=True).fill("Too few paediatricians for assessments")
    page.get_by_label("4 – Likely").check()
    page.get_by_label("5 – Severe").check()
    page.get_by_label("Mitigation").fill("Agency cover and a recruitment campaign")
    page.get_by_label(re.compile("1-H1")).check()
    page.get_by_role("button", name="Add risk").click()

    # Then the register shows it on the heat map at likelihood 4, impact 5 (score 20,
    # very high, named in words), and in the table with its score and linked action.
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Risk R1 added")
    cell = page.locator("td[data-likelihood='4'][data-impact='5']")
    expect(cell).to_contain_text("Score 20, very high")
    expect(cell.get_by_role("link", name="R1")).to_be_visible()
    row = page.locator(
        "tr#risk-" + str(__import__("governance.models").models.Risk.objects.get().pk)
    )
    expect(row).to_contain_text("Too few paediatricians")
    expect(row).to_contain_text("20")
    expect(row.get_by_role("link", name="1-H1")).to_be_visible()
    assert_accessible(page)
