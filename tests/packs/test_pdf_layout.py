"""Long tables print well: headers repeat on every page, and no row is torn in two.

A borough with 120 actions makes the appendix run over several pages and the
exceptions table over more than one. Each description ends in a marker of its own
("tail007"), on the row's last line, so a row broken across a page boundary shows
up as its reference on one page and its marker on the next.
"""

import datetime as dt
import io
import re

import pypdf
import pytest

from actions.models import Action, Plan, Priority
from boroughs.models import Person
from reports.generation import generate_pack_files
from tests.packs.conftest import Q2, at, backdate_all_history, pdf_text, rate

ACTIONS = 120
# Header cells, as in templates/reports/pack/_action_table.html; pdftotext -layout
# keeps a header row on one line, so the cells are matched in order on that line.
APPENDIX_HEADER = re.compile(r"^\s*Ref\.\s+Action\s+Rating\s+Due\s*$", re.M)
EXCEPTIONS_HEADER = re.compile(
    r"^\s*Ref\.\s+Action and owner\s+Rating\s+Due\s+Latest narrative and next steps\s*$", re.M
)


def reference(n):
    return f"1.{n}"


def tail(n):
    return f"tail{n:03d}"


def description(n):
    # Two lines in the appendix, five or six in the narrower exceptions column.
    text = (
        f"Action {reference(n)}: make sure every family can find short breaks, "
        f"therapies and advice in one place, {tail(n)}"
    )
    assert len(text) <= 110
    return text


def status(n):
    # One action in four Red or Amber: 30 exceptions.
    return {0: "red", 4: "amber"}.get(n % 8, "green")


@pytest.fixture
def long_pdf(borough, editor):
    plan = Plan.objects.create(
        borough=borough, slug="send-strategy", title="SEND Strategy", kind=Plan.Kind.STRATEGY
    )
    priority = Priority.objects.create(plan=plan, number="1", title="Early help", position=1)
    lead = Person.objects.create(borough=borough, name="Robert Holman", job_title="Head of SEN")
    actions = []
    for n in range(1, ACTIONS + 1):
        action = Action.objects.create(
            plan=plan,
            priority=priority,
            reference=reference(n),
            description=description(n),
            due_date=dt.date(2026, 3, 31),
            position=n,
        )
        action.owners.add(lead)
        actions.append(action)
    backdate_all_history(at(2025, 4, 1))
    # Rated in Q1 and unchanged in Q2, so the Q2 movement table stays empty and short.
    for n, action in enumerate(actions, start=1):
        narrative = "Provider shortlisted; contract award delayed." if status(n) != "green" else ""
        rate(action, editor, at(2025, 6, 15), status(n), narrative, next_steps="Report back.")
    return generate_pack_files(borough=borough, period=Q2).pdf


@pytest.fixture
def long_pack(long_pdf, tmp_path):
    pages = pdf_text(long_pdf, tmp_path).split("\f")
    return [page for page in pages if page.strip()]


def pages_between(pages, first_heading, next_heading=None):
    """(PDF page number, text) from the page with `first_heading` up to `next_heading`.

    A heading starts its line; the contents list's entries start with their number.
    Sections flow on from each other, so the first page is cut at its heading and the
    last at the next section's heading.
    """

    def has(page, heading):
        return re.search(rf"^{re.escape(heading)}", page, re.M)

    start = next(i for i, page in enumerate(pages) if has(page, first_heading))
    texts = {start: pages[start][has(pages[start], first_heading).start() :]}
    end = len(pages) - 1
    if next_heading:
        end = next(
            i
            for i, page in enumerate(pages)
            if i >= start and has(texts.get(i, page), next_heading)
        )
        page = texts.get(end, pages[end])
        texts[end] = page[: has(page, next_heading).start()]
    return [(i + 1, texts.get(i, pages[i])) for i in range(start, end + 1)]


def row_starts(page):
    """The references of the table rows that start on this page."""
    return set(re.findall(r"^\s*(1\.\d+)\s", page, re.M))


def assert_header_on_every_page_with_rows(pages, header, expected_rows):
    seen = set()
    for number, page in pages:
        rows = row_starts(page)
        seen |= rows
        if rows:
            assert header.search(page), f"page {number} has rows {sorted(rows)} but no header"
    assert seen == expected_rows


def assert_no_row_split(pages, expected):
    where_ref, where_tail = {}, {}
    for number, page in pages:
        for ref in row_starts(page):
            where_ref[ref] = number
        for match in re.findall(r"tail(\d{3})", page):
            where_tail.setdefault(reference(int(match)), number)
    assert set(where_ref) == set(where_tail) == expected
    split = {ref: (where_ref[ref], where_tail[ref]) for ref in sorted(expected)}
    split = {ref: where for ref, where in split.items() if where[0] != where[1]}
    assert not split, f"rows split across pages, ref: (its page, its last line's page): {split}"


def test_the_appendix_repeats_its_header_on_every_page_and_never_splits_a_row(long_pack):
    appendix = pages_between(long_pack, "Appendix: all actions by priority")
    assert len(appendix) >= 3

    everything = {reference(n) for n in range(1, ACTIONS + 1)}
    assert_header_on_every_page_with_rows(appendix, APPENDIX_HEADER, everything)
    assert_no_row_split(appendix, everything)


def test_the_exceptions_table_repeats_its_header_on_every_page_and_never_splits_a_row(
    long_pack,
):
    exceptions = pages_between(long_pack, "Exceptions: Red and Amber actions", "Overdue actions")
    assert len(exceptions) >= 2

    red_and_amber = {reference(n) for n in range(1, ACTIONS + 1) if status(n) != "green"}
    assert_header_on_every_page_with_rows(exceptions, EXCEPTIONS_HEADER, red_and_amber)
    assert_no_row_split(exceptions, red_and_amber)


HEADINGS = {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/Caption"}


def tagged_runs(page, nums):
    """Each piece of page content in order, as "heading" (in a heading or caption), "body"
    or "artifact", found through the PDF's structure tree, not by its look."""
    stack, runs = [], []

    def before(op, args, cm, tm):
        if op == b"BDC":
            stack.append(args[1].get("/MCID") if isinstance(args[1], dict) else "artifact")
        elif op == b"BMC":
            stack.append("artifact" if args[0] == "/Artifact" else None)
        elif op == b"EMC":
            stack.pop()

    def text(value, cm, tm, font, size):
        if not value.strip() or not stack:
            return
        mcid = stack[-1]
        if mcid == "artifact":
            runs.append("artifact")
            return
        element = nums[mcid].get_object()
        kind = "body"
        while element is not None and "/S" in element:
            if element["/S"] in HEADINGS:
                kind = "heading"
                break
            element = element.get("/P")
            element = element.get_object() if element is not None else None
        runs.append(kind)

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return runs


def test_no_page_holds_only_a_heading_or_caption_and_none_ends_with_one(long_pdf):
    reader = pypdf.PdfReader(io.BytesIO(long_pdf))
    tree = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    per_page = {tree[i]: tree[i + 1] for i in range(0, len(tree), 2)}
    assert len(reader.pages) >= 4
    for number, page in enumerate(reader.pages):
        runs = [r for r in tagged_runs(page, per_page[number]) if r != "artifact"]
        assert "body" in runs, f"page {number + 1} holds only headings or captions"
        assert runs[-1] != "heading", f"page {number + 1} ends with a heading or caption"
