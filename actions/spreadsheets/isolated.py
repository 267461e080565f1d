"""Reading an uploaded or CLI-given spreadsheet in a child process with OS limits.

The wrapper every import reads through: plans (`read_workbook_isolated`, around
reader.read_workbook) and the flat registers of risks, measure values and people
(`run_in_child`, around governance.flat_services' reader). The child
(sendplan/isolation.py) runs the shape check (safety.scan_workbook) and then the
spreadsheet library; the web or worker process gets back the rows, or a plain refusal,
and never holds more than the rows themselves. ANSWERS names the classes an answer may
carry (a higher layer's class named here is a string, not an import).
"""

import logging

from actions.models import LeadAgency
from actions.spreadsheets.grid import read_grid
from actions.spreadsheets.reader import UnreadableFile, read_workbook
from sendplan.isolation import IsolationFailed, run_isolated

logger = logging.getLogger(__name__)

REFUSALS = {
    "memory": (
        "The file needs far more memory to read than a plan could. Save only the plan's "
        "sheet as a new workbook and upload that."
    ),
    "cpu": (
        "The file takes far longer to read than a plan could. Save only the plan's sheet "
        "as a new workbook and upload that."
    ),
    "time": (
        "The file takes far longer to read than a plan could. Save only the plan's sheet "
        "as a new workbook and upload that."
    ),
}
DAMAGED = (
    "The file could not be read: it may be damaged. Open it in Excel or LibreOffice, save "
    "it again and upload the new copy."
)


# What a reading child may send back (sendplan.isolation unpickles nothing else).
ANSWERS = {
    ("actions.spreadsheets.reader", "Workbook"),
    ("actions.spreadsheets.reader", "Sheet"),
    ("actions.spreadsheets.reader", "UnreadableFile"),
    ("actions.spreadsheets.reader", "NoTable"),
    ("actions.spreadsheets.grid", "GridSheet"),
    ("actions.spreadsheets.columns", "HeaderMap"),
    ("actions.spreadsheets.columns", "AgencyColumn"),
    # Named by the class, so moving it between modules cannot silently refuse every file.
    (LeadAgency.__module__, LeadAgency.__qualname__),
    ("governance.flat_services", "FlatImportRejected"),
}


def refusal_for(failure):
    return REFUSALS.get(failure.reason, DAMAGED)


def run_in_child(function, *args):
    """`function(*args)` in a limited child; UnreadableFile if the child gave no answer."""
    try:
        return run_isolated(function, *args, allowed=ANSWERS)
    except IsolationFailed as failure:
        logger.warning("A spreadsheet was refused by its reading child: %s", failure.reason)
        raise UnreadableFile(refusal_for(failure)) from None


def read_workbook_isolated(data, mapping=None, layout=None):
    """reader.read_workbook, run in a child process with OS limits."""
    return run_in_child(read_workbook, data, mapping, layout)


def read_grid_isolated(data):
    """grid.read_grid (the first rows of every sheet, for the grid step), isolated."""
    return run_in_child(read_grid, data)
