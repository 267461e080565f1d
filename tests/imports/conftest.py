"""Building spreadsheets in the tests, and running the importer on them."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
import tablib

from actions.models import Plan
from actions.spreadsheets.services import import_plan, preview_import
from tests.imports.seed004 import HEADER, ROWS, TITLE


def xlsx_bytes(header, rows, *, before=(), sheet="Plan", extra_sheets=()):
    """An .xlsx with optional rows above the header and sheets before the plan's."""
    book = openpyxl.Workbook()
    first = book.active
    for index, (name, cells) in enumerate(extra_sheets):
        target = first if index == 0 else book.create_sheet(name)
        target.title = name
        for row in cells:
            target.append(row)
    plan_sheet = book.create_sheet(sheet) if extra_sheets else first
    plan_sheet.title = sheet
    for row in before:
        plan_sheet.append(row)
    plan_sheet.append(header)
    for row in rows:
        plan_sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(header, rows, *, delimiter=",", bom=False, before=()):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    for row in [*before, header, *rows]:
        writer.writerow(row)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def ods_bytes(header, rows):
    dataset = tablib.Dataset(*[tuple(r) for r in rows], headers=header, title="Plan")
    return dataset.export("ods")


@pytest.fixture
def seed004_xlsx():
    """Seed 004's table with the document's title above it, as councils lay them out."""
    return xlsx_bytes(HEADER, ROWS, before=[[TITLE], []])


@pytest.fixture
def seed_plan(borough):
    """An empty plan with seed 004's own settings, to import the table into."""
    return Plan.objects.create(
        borough=borough,
        slug="send-inspection-2019",
        title=TITLE,
        kind=Plan.Kind.INSPECTION_RESPONSE,
        period_start=dt.date(2019, 6, 1),
        period_end=dt.date(2020, 3, 31),
        priority_label="Area for development",
        objective_label="Issue",
    )


def run(data, plan, *, filename="plan.xlsx", user=None):
    return import_plan(data=data, filename=filename, borough=plan.borough, plan=plan, user=user)


def preview(data, plan, *, filename="plan.xlsx"):
    return preview_import(data=data, filename=filename, borough=plan.borough, plan=plan)
