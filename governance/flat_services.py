"""Flat imports and exports of the registers: read, preview, apply, export.

An upload is checked by its content, not its name (actions/spreadsheets/reader.sniff:
the IMPORT_MAX_BYTES limit, then CSV in UTF-8 or an .xlsx workbook). The preview is the
import run in a transaction that is rolled back; applying runs it again for real and is
all or nothing: any row in error and nothing is written.
"""

import dataclasses

import tablib
from django.db import transaction

from actions.spreadsheets.isolated import DAMAGED, run_in_child
from actions.spreadsheets.reader import UnreadableFile, sniff
from actions.spreadsheets.safety import Refused
from actions.spreadsheets.workbook_shape import scan_workbook
from governance.flat_resources import KINDS


class FlatImportRejected(Exception):
    """The file cannot be imported; ``problems`` say why, by row. Nothing was written."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(problems))

    def __reduce__(self):  # raised in the reading child, raised again here
        return (type(self), (self.problems,))


@dataclasses.dataclass
class Outcome:
    new: int
    updated: int
    unchanged: int
    rows: list  # [(row number, "new" | "update" | "skip", a short summary)]


def read_upload(data):
    """A tablib Dataset from uploaded bytes, or FlatImportRejected saying what is wrong.

    The file is checked and read in a child process with OS limits
    (actions.spreadsheets.isolated), like a plan: only its rows come back."""
    try:
        headers, rows = run_in_child(_read_rows, data)
    except UnreadableFile as error:
        raise FlatImportRejected([error.message]) from None
    dataset = tablib.Dataset(*rows, headers=headers)
    if not dataset.headers or dataset.height == 0:
        raise FlatImportRejected(["The file has no rows under its header row."])
    return dataset


def _read_rows(data):
    """(headers, rows) of an upload; runs in the child. The shape check comes first."""
    kind = sniff(data)
    if kind not in ("csv", "xlsx"):
        raise UnreadableFile("Upload a .csv or .xlsx file (save the sheet as .xlsx).")
    try:
        if kind == "xlsx":
            scan_workbook(data, kind)
            dataset = tablib.Dataset().load(data, format="xlsx")
        else:
            dataset = tablib.Dataset().load(data.decode("utf-8-sig"), format="csv")
        return list(dataset.headers or []), [tuple(row) for row in dataset]
    except Refused as error:
        raise UnreadableFile(error.message) from None
    except MemoryError:
        raise
    except Exception as error:  # a malformed file, whatever the library raises for it
        raise UnreadableFile(DAMAGED) from error


def _resource(kind, borough, user):
    return KINDS[kind][1](borough=borough, user=user)


def _check_columns(resource, dataset):
    wanted = [resource.fields[name].column_name for name in resource._meta.import_id_fields]
    headers = [str(h).strip() for h in dataset.headers]
    missing = [c for c in wanted if c not in headers and c != "borough"]
    if missing:
        raise FlatImportRejected(
            [
                f"The file has no {', '.join(missing)} column. Export the register to see "
                "the columns it needs."
            ]
        )


def _problems(result):
    problems = [f"The file could not be read: {e.error}" for e in result.base_errors]
    for number, errors in result.row_errors():
        problems += [f"Row {number + 1}: {e.error}" for e in errors]
    for invalid in result.invalid_rows:
        for field, messages in invalid.error_dict.items():
            label = "" if field == "__all__" else f"{field}: "
            problems += [f"Row {invalid.number + 1}: {label}{m}" for m in messages]
    return problems


def _run(kind, *, borough, user, dataset, dry_run):
    resource = _resource(kind, borough, user)
    _check_columns(resource, dataset)
    if "borough" in dataset.headers:
        del dataset["borough"]
    # The register being imported is this borough's, whatever a file's column says.
    dataset.append_col([borough.slug] * dataset.height, header="borough")
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=dry_run, raise_errors=False, use_transactions=True
        )
        problems = _problems(result)
        if problems or dry_run:
            transaction.set_rollback(True)
    if problems:
        raise FlatImportRejected(problems)
    rows = [
        (number + 2, row.import_type, str(row.object_repr or "")[:120])
        for number, row in enumerate(result.rows)
    ]
    totals = result.totals
    return Outcome(totals["new"], totals["update"], totals["skip"], rows)


def flat_preview(*, kind, borough, user, data):
    """What importing ``data`` would do, without writing anything."""
    return _run(kind, borough=borough, user=user, dataset=read_upload(data), dry_run=True)


def flat_import(*, kind, borough, user, data):
    """Import ``data`` into ``borough``'s register, all or nothing, audited."""
    return _run(kind, borough=borough, user=user, dataset=read_upload(data), dry_run=False)


def flat_export(*, kind, borough, fmt="csv"):
    """The register as bytes in ``fmt`` ("csv" or "xlsx"), every text cell neutralised."""
    dataset = _resource(kind, borough, None).export()
    if fmt == "xlsx":
        return dataset.export("xlsx")
    return dataset.export("csv").encode("utf-8-sig")
