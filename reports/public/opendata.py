"""A public plan's published state as open data: CSV and JSON, with a Frictionless Data
Package descriptor documenting both (https://specs.frictionlessdata.io/data-package/).

Identifiers are stable: "plan-<id>", "priority-<id>", "action-<id>" never change for the
same thing, whatever its reference or title becomes.
"""

import csv
import io

# The CSV's columns, in order, as the descriptor documents them.
FIELDS = [
    ("plan_id", "string", "The plan's stable identifier"),
    ("quarter", "string", "The quarter reported, like 2025/26 Q2"),
    ("priority_id", "string", "The priority's stable identifier"),
    ("priority", "string", "The priority's number and title"),
    ("action_id", "string", "The action's stable identifier"),
    ("reference", "string", "The action's reference in the plan"),
    ("action", "string", "What the action will do"),
    ("rating", "string", "red, amber, green, blue or not_rated"),
    ("previous_rating", "string", "The rating the quarter before (blank if none)"),
    ("change", "string", "improved, worsened, completed, new or unchanged"),
    ("update", "string", "The published progress update"),
    ("owners", "string", "Who leads it (job titles; names only with consent), ; separated"),
    ("due_date", "date", "When it is due (blank if no date)"),
    ("completed_on", "date", "When it was completed (blank if not)"),
]
RATINGS = ["red", "amber", "green", "blue", "not_rated"]
CHANGES = ["improved", "worsened", "completed", "new", "unchanged"]


def rows(content):
    quarter = content["quarter"]["label"] if content["quarter"] else ""
    for priority in content["priorities"]:
        for action in priority["actions"]:
            yield {
                "plan_id": content["plan"]["id"],
                "quarter": quarter,
                "priority_id": priority["id"],
                "priority": f"{priority['label']}: {priority['title']}",
                "action_id": action["id"],
                "reference": action["reference"],
                "action": action["description"],
                "rating": action["rating"],
                "previous_rating": action["previous_rating"] or "",
                "change": action["change"],
                "update": action["update"],
                "owners": "; ".join(action["owners"]),
                "due_date": action["due_date"] or "",
                "completed_on": action["completed_on"] or "",
            }


def as_csv(content):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[name for name, _, _ in FIELDS], lineterminator="\r\n")
    writer.writeheader()
    for row in rows(content):
        writer.writerow(row)
    return out.getvalue()


def _field(name, kind, description):
    field = {"name": name, "type": kind, "description": description}
    if name in ("rating",):
        field["constraints"] = {"required": True, "enum": RATINGS}
    elif name == "previous_rating":
        field["constraints"] = {"enum": RATINGS}
    elif name == "change":
        field["constraints"] = {"required": True, "enum": CHANGES}
    elif name in ("plan_id", "action_id", "priority_id"):
        field["constraints"] = {"required": True, "pattern": name.split("_")[0] + "-[0-9]+"}
    return field


def descriptor(content, *, csv_url, json_url, page_url):
    """The datapackage.json of a public plan."""
    plan, borough = content["plan"], content["borough"]
    return {
        "name": f"{borough['slug']}-{plan['slug']}".lower(),
        "title": f"{borough['name']}: {plan['title']}, published progress",
        "description": (
            "Progress on the plan as last agreed at the end of a quarter's reporting round. "
            "Only final, published content."
        ),
        "homepage": page_url,
        "licenses": [
            {
                "name": "OGL-UK-3.0",
                "title": "Open Government Licence v3.0",
                "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            }
        ],
        "resources": [
            {
                "name": "actions",
                "path": csv_url,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": {
                    "fields": [_field(*f) for f in FIELDS],
                    "primaryKey": ["action_id"],
                },
            },
            {
                "name": "plan",
                "path": json_url,
                "format": "json",
                "mediatype": "application/json",
                "description": "The whole public page as JSON: plan, quarter, priorities "
                "with their actions, success measures with national comparators, and "
                '"You said, we did".',
            },
        ],
    }
