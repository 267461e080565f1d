"""Two kinds of time: a pack for a quarter counts what was reported *for* it.

An update says which day it reports on and was recorded when it was written. The state
for a quarter is each action's latest update reporting on or before the quarter's end,
as recorded up to the round's close (or now while the round is open).
"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actions.models import Action, MeasureValue, SuccessMeasure
from actions.services import action_update_status
from governance.round_services import round_finalise, round_open
from reports.content import build_pack_content, content_hash
from reports.generation import generate_pack_files
from sendplan.periods import ReportingPeriod
from tests.packs.conftest import Q2, at

RECORDED_IN_OCTOBER = at(2025, 10, 12)


def report(action, user, *, reports_on, recorded, status, narrative=""):
    """An update written on `recorded` about the state on `reports_on`."""
    return action_update_status(
        action=Action.objects.get(pk=action.pk),
        user=user,
        status=status,
        narrative=narrative,
        date=reports_on,
        recorded_at=recorded,
    )


def row(content, reference):
    for priority in content["appendix"]:
        for action in priority["actions"]:
            if action["reference"] == reference:
                return action
    raise AssertionError(reference)


def test_an_update_for_q2_recorded_in_october_appears_in_the_q2_pack(pack_world, borough, editor):
    action = pack_world["actions"]["1.3"]
    report(
        action,
        editor,
        reports_on=dt.date(2025, 9, 29),
        recorded=RECORDED_IN_OCTOBER,
        status="green",
        narrative="Provider appointed in late September.",
    )

    content = build_pack_content(borough=borough, period=Q2)

    assert row(content, "1.3")["status"] == "green"
    assert row(content, "1.3")["narrative"] == "Provider appointed in late September."
    # The Q1 pack is untouched: the update reports on Q2.
    q1 = build_pack_content(borough=borough, period=Q2.previous())
    assert row(q1, "1.3")["status"] == "red"


def test_an_update_reporting_on_a_day_after_the_quarter_stays_out_of_it(
    pack_world, borough, editor
):
    report(
        pack_world["actions"]["1.3"],
        editor,
        reports_on=dt.date(2025, 10, 12),
        recorded=RECORDED_IN_OCTOBER,
        status="green",
        narrative="Appointed.",
    )

    content = build_pack_content(borough=borough, period=Q2)

    assert row(content, "1.3")["status"] == "amber"


def test_a_measure_value_for_30_september_recorded_in_october_is_in_the_q2_pack(
    pack_world, borough
):
    measure = SuccessMeasure.objects.create(
        plan=pack_world["plan"], description="Children waiting over 18 weeks", position=9
    )
    SuccessMeasure.history.filter(id=measure.pk).update(history_date=at(2025, 4, 1))
    value = MeasureValue.objects.create(
        measure=measure, date=dt.date(2025, 9, 30), value=55, recorded_at=RECORDED_IN_OCTOBER
    )
    MeasureValue.history.filter(id=value.pk).update(history_date=RECORDED_IN_OCTOBER)

    content = build_pack_content(borough=borough, period=Q2)

    [entry] = [m for m in content["measures"] if m["description"] == measure.description]
    assert entry["latest"] == {"value": "55", "date": "2025-09-30", "illustrative": False}


def test_a_change_recorded_after_the_round_is_final_does_not_change_the_final_pack(
    pack_world, borough, borough_admin, editor
):
    board = pack_world["board"]
    reporting_round = round_open(borough=borough, period=Q2, user=borough_admin)
    report(
        pack_world["actions"]["1.3"],
        editor,
        reports_on=dt.date(2025, 9, 30),
        recorded=RECORDED_IN_OCTOBER,
        status="green",
        narrative="Appointed.",
    )
    draft = generate_pack_files(borough=borough, period=Q2, board=board)
    round_finalise(reporting_round=reporting_round, user=borough_admin)
    final = generate_pack_files(borough=borough, period=Q2, board=board)

    # Recorded after the round closed, though it reports on the quarter.
    report(
        pack_world["actions"]["1.3"],
        editor,
        reports_on=dt.date(2025, 9, 30),
        recorded=timezone.now() + dt.timedelta(seconds=1),
        status="red",
        narrative="Appointment fell through.",
    )
    MeasureValue.objects.create(measure=pack_world["measure"], date=dt.date(2025, 9, 1), value=1)
    again = generate_pack_files(borough=borough, period=Q2, board=board)

    assert draft.content["draft"] is True
    assert final.content["draft"] is False
    assert row(final.content, "1.3")["status"] == "green"
    assert again.content == final.content
    assert content_hash(again.content) == final.content_sha256


def test_a_review_decided_after_the_round_is_final_does_not_change_the_final_pack(
    pack_world, borough, borough_admin, editor
):
    from actions.rounds_services import UpdateRow, update_approve, update_return, updates_record

    # Given a borough that reviews updates, and two Q2 updates still waiting at the close
    borough.updates_need_review = True
    borough.save()
    reporting_round = round_open(borough=borough, period=Q2, user=borough_admin)
    waiting = []
    for reference in ("1.3", "2.1"):
        action = Action.objects.get(pk=pack_world["actions"][reference].pk)
        waiting += updates_record(
            user=editor,
            rows=[
                UpdateRow(
                    action=action,
                    expected_version=action.version,
                    status="red",
                    narrative="Provider withdrew.",
                )
            ],
            date=Q2.end,
            review=True,
        )
    round_finalise(reporting_round=reporting_round, user=borough_admin)
    final = build_pack_content(borough=borough, period=Q2)

    # When one is approved and the other returned after the round closed
    update_approve(update=waiting[0], user=borough_admin)
    update_return(update=waiting[1], user=borough_admin, comment="Say why.")
    again = build_pack_content(borough=borough, period=Q2)

    # Then the final pack is as it was: neither counted, both waiting at its close
    assert final["draft"] is False
    assert final["pending_review"] == 2
    assert row(final, "1.3")["status"] == "amber"
    assert again == final


def test_a_draft_pack_says_so_at_the_top_of_every_page_of_the_pdf(
    pack_world, borough, borough_admin, tmp_path
):
    round_open(borough=borough, period=Q2, user=borough_admin)

    files = generate_pack_files(borough=borough, period=Q2, board=pack_world["board"])

    pages = PdfReader(_write(tmp_path, files.pdf)).pages
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        text = " ".join(page.extract_text().split())
        assert "Draft – updates still open" in text, f"page {number} has no draft marking"


def test_a_cross_borough_pack_is_a_draft_on_every_page_while_one_boroughs_round_is_open(
    pack_world, borough, other_borough, borough_admin, tmp_path
):
    # Given Hammersmith & Fulham's Q2 round is still open and Hackney has none
    round_open(borough=borough, period=Q2, user=borough_admin)
    output = tmp_path / "cross.pdf"

    call_command(
        "cross_borough_pack",
        "--boroughs",
        f"hammersmith-fulham,{other_borough.slug}",
        "--period",
        Q2.label,
        "--output",
        str(output),
    )

    pages = PdfReader(output).pages
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        text = " ".join(page.extract_text().split())
        assert "Draft – updates still open" in text, f"page {number} has no draft marking"
    first = " ".join(pages[0].extract_text().split())
    assert "has not closed in Hammersmith & Fulham: its ratings may still change" in first


def test_a_pack_made_while_the_round_is_open_is_listed_as_a_draft_and_a_final_one_is_not(
    client, viewer, editor, pack_world, borough, borough_admin, settings, tmp_path
):
    from reports.generation import pack_run
    from reports.services import pack_request

    settings.MEDIA_ROOT = tmp_path / "media"
    board = pack_world["board"]
    reporting_round = round_open(borough=borough, period=Q2, user=borough_admin)
    draft = pack_request(borough=borough, board=board, period=Q2, user=editor)
    pack_run(pack_id=draft.pk)
    round_finalise(reporting_round=reporting_round, user=borough_admin)
    final = pack_request(borough=borough, board=board, period=Q2, user=editor)
    pack_run(pack_id=final.pk)
    client.force_login(viewer)

    rows = client.get(reverse("board_detail", args=[board.pk])).content.decode().split("<tr")
    [draft_row] = [r for r in rows if reverse("pack_pdf", args=[draft.pk]) in r]
    [final_row] = [r for r in rows if reverse("pack_pdf", args=[final.pk]) in r]
    assert "Draft</strong> updates still open" in draft_row
    assert "Draft" not in final_row
    draft_page = client.get(reverse("pack_detail", args=[draft.pk])).content.decode()
    final_page = client.get(reverse("pack_detail", args=[final.pk])).content.decode()
    assert "was still open when this pack was made" in draft_page
    assert "was still open when this pack was made" not in final_page


def test_a_final_pack_carries_no_draft_marking(pack_world, borough, borough_admin, tmp_path):
    reporting_round = round_open(borough=borough, period=Q2, user=borough_admin)
    round_finalise(reporting_round=reporting_round, user=borough_admin)

    files = generate_pack_files(borough=borough, period=Q2, board=pack_world["board"])

    text = "".join(p.extract_text() for p in PdfReader(_write(tmp_path, files.pdf)).pages)
    assert "Draft" not in text


def _write(tmp_path, pdf):
    path = tmp_path / "pack.pdf"
    path.write_bytes(pdf)
    return path


def _current_and_future():
    today = timezone.localdate()
    current = ReportingPeriod.containing(today)
    return [current, current.next().next()]


@pytest.mark.parametrize(
    "command, borough_option",
    [("board_pack", "--borough"), ("cross_borough_pack", "--boroughs")],
    ids=["board pack", "cross-borough pack"],
)
@pytest.mark.parametrize("which", [0, 1], ids=["current quarter", "future quarter"])
def test_the_cli_refuses_a_quarter_that_has_not_ended_with_exit_code_2(
    pack_world, tmp_path, which, command, borough_option
):
    period = _current_and_future()[which]
    output = tmp_path / "pack.pdf"

    with pytest.raises(CommandError) as raised:
        call_command(
            command,
            borough_option,
            "hammersmith-fulham",
            "--period",
            period.label,
            "--output",
            str(output),
        )

    assert raised.value.returncode == 2
    assert "packs are made after a quarter ends" in str(raised.value)
    assert not output.exists()


@pytest.mark.parametrize("which", [0, 1], ids=["current quarter", "future quarter"])
def test_the_pack_form_neither_offers_nor_accepts_a_quarter_that_has_not_ended(
    client, editor, pack_world, which
):
    period = _current_and_future()[which]
    url = reverse("board_detail", args=[pack_world["board"].pk])
    client.force_login(editor)

    page = client.get(url).content.decode()
    response = client.post(url, {"period": period.slug})

    assert f'value="{period.slug}"' not in page
    assert f'value="{ReportingPeriod.containing(timezone.localdate()).previous().slug}"' in page
    assert response.status_code == 400
    assert "Choose a reporting period from the list" in response.content.decode()
    assert not pack_world["board"].packs.exists()


def test_a_stored_pack_remembers_whether_it_was_a_draft(
    pack_world, borough, borough_admin, editor, settings, tmp_path
):
    from reports.generation import pack_run
    from reports.services import pack_request

    settings.MEDIA_ROOT = tmp_path / "media"
    reporting_round = round_open(borough=borough, period=Q2, user=borough_admin)
    draft = pack_request(borough=borough, period=Q2, user=editor)
    pack_run(pack_id=draft.pk)
    round_finalise(reporting_round=reporting_round, user=borough_admin)
    final = pack_request(borough=borough, period=Q2, user=editor)
    pack_run(pack_id=final.pk)

    draft.refresh_from_db()
    final.refresh_from_db()
    assert (draft.is_draft, draft.content_json["draft"]) == (True, True)
    assert (final.is_draft, final.content_json["draft"]) == (False, False)
