"""The downloadable template: the export's columns, empty, and a sheet of instructions."""

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from actions.spreadsheets.columns import AGENCY_COLUMNS, ALIASES, TEMPLATE_COLUMNS
from actions.spreadsheets.values import MAX_CELL_CHARS, STATUS_HELP

# What each template column holds, in the words the instructions sheet uses.
COLUMN_HELP = {
    "Priority no.": "The priority's number, if it has one (1, 2, 3).",
    "Priority": "The plan's top level: a priority, ambition or workstream. Repeat it on "
    "every row, or leave it blank to mean the same as the row above.",
    "Objective no.": "The objective's number, if it has one.",
    "Objective": "The objective, theme or inspection issue the action belongs to. Leave "
    "it blank to mean the same as the row above.",
    "Objective description": "Optional longer text about the objective.",
    "Ref": "The action's reference, unique in the plan (1.1, 1.2 ...). Importing the file "
    "again updates the action with the same reference.",
    "Action": "What will be done. One action per row.",
    "Lead agency": "Health, Local authority, Social care, Education, Joint, or blank.",
    "Owners": "Who leads it, separated by / or ;. Write each as 'Name, Role' or just the "
    "name. People are matched by name with the borough's people; new names are added.",
    "Timescale": "A date, or the timescale as the plan words it (Q2, End Q1, Summer term "
    "2024, 31/3/25). Words the import cannot read as a date are kept, without a due date.",
    "Status": f"{STATUS_HELP}.",
    "Narrative": "The latest update on progress.",
    "Next steps": "What happens next.",
    "Tags": "Labels such as KLOE 1, separated by semicolons.",
}


def instruction_rows():
    limit = filesizeformat(settings.IMPORT_MAX_BYTES)
    rows = [
        ("How to fill in this template", ""),
        ("", ""),
        (
            "Fill in the 'Plan' sheet, one action per row, then upload it from the plan's "
            "'Import from a spreadsheet' page. You will see what the import will do to each "
            "row before anything is saved.",
            "",
        ),
        (
            f"Files: .xlsx, .ods or .csv (UTF-8, comma or semicolon separated), up to {limit}. "
            "Type values, not formulas: a cell holding a formula is refused. Cells may hold "
            f"up to {MAX_CELL_CHARS:,} characters.",
            "",
        ),
        (
            "A row with no Ref and no Objective continues the row above: its action joins "
            "the same objective, with its own owners and timescale.",
            "",
        ),
        ("", ""),
        ("Column", "What to put in it"),
    ]
    rows += [(name, COLUMN_HELP[name]) for name in TEMPLATE_COLUMNS]
    rows += [
        ("", ""),
        ("Other headings the import understands", ""),
    ]
    for name, aliases in ALIASES.items():
        if name in ("kloe", "theme"):
            continue
        # Not "-": a cell starting with "-" is neutralised against formulas and shows as "'-".
        rows.append((aliases[0], ", ".join(aliases[1:]) or "(no other names)"))
    rows.append(("KLOE, Theme", "Become tags (KLOE 1, Theme: ...) on the row's actions."))
    rows.append(
        (
            ", ".join(AGENCY_COLUMNS),
            "Inspection tables: one column per lead agency. Each filled cell is an action; "
            "N/A or - means none. The No. column then numbers the issue, and actions are "
            "referenced 1-H1, 1-LA1, 1-H2 ...",
        )
    )
    return rows
