"""Server-made SVG charts for board packs, drawn by pygal.

Every chart sits beside a table with the same figures, so a chart is never the only
way to read a number, and each legend names the rating in words. The SVG is made
deterministic (pygal stamps a random id and today's date into it) so that the same
content always renders to the same bytes: the frozen-pack test depends on it.
"""

import base64
import re
import sys

import pygal
from pygal.style import Style

from actions import ragb
from reports.content import RATINGS

# pygal appends an old-style import hook (find_module only, for its map plugins, which
# we don't use) to sys.meta_path. Python's importlib-based importers, pytest's among
# them, stumble on it, and Python 3.12 drops support for it: take it out again.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

# Keyed as pack content keys statuses ("not_rated" for not rated).
RAGB_COLOURS = {ragb.key(status): ragb.FILL_COLOURS[status] for status in ragb.ORDER}
FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"

_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _style(colours):
    return Style(
        background="white",
        plot_background="white",
        foreground="#0b0c0c",
        foreground_strong="#0b0c0c",
        foreground_subtle="#505a5f",
        colors=tuple(colours),
        font_family=FONT,
        label_font_size=12,
        major_label_font_size=12,
        legend_font_size=13,
        value_font_size=12,
        title_font_size=14,
    )


def _render(chart, name):
    svg = chart.render(is_unicode=True)
    svg = _COMMENT.sub("", svg)
    # pygal's random uuid scopes its CSS; a stable name keeps the output reproducible.
    return svg.replace(chart.uuid, f"pack-{name}")


def as_data_uri(svg):
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def ragb_by_priority_svg(by_priority):
    """A horizontal stacked bar of RAGB counts, one bar per priority."""
    rows = [p for p in by_priority if p["counts"]["total"]] or by_priority
    chart = pygal.HorizontalStackedBar(
        js=[],
        disable_xml_declaration=True,
        width=760,
        height=max(220, 60 + 42 * len(rows)),
        style=_style(RAGB_COLOURS[r] for r in RATINGS),
        legend_at_bottom=True,
        legend_at_bottom_columns=5,
        print_values=False,
        show_y_guides=False,
        truncate_label=40,
        x_title="Number of actions",
    )
    # pygal draws the first label at the bottom; reverse so the chart reads top-down.
    rows = list(reversed(rows))
    chart.x_labels = [p["label"] or p["title"][:40] for p in rows]
    for rating in RATINGS:
        chart.add(ragb.label(rating), [p["counts"][rating] for p in rows])
    return _render(chart, "ragb-by-priority")


def measure_trend_svg(measure, index):
    """A small line chart of a measure's values over recent quarters."""
    chart = pygal.Line(
        js=[],
        disable_xml_declaration=True,
        width=440,
        height=240,
        y_labels_major_count=5,
        show_minor_y_labels=False,
        style=_style(["#1d70b8", "#505a5f"]),
        show_legend=True,
        legend_at_bottom=True,
        dots_size=4,
        x_label_rotation=0,
        truncate_label=12,
    )
    chart.x_labels = [point["period"] for point in measure["trend"]]
    chart.add("Value", [float(point["value"]) for point in measure["trend"]])
    if measure["target"] is not None and measure["trend"]:
        chart.add(
            "Target",
            [float(measure["target"])] * len(measure["trend"]),
            show_dots=False,
            stroke_style={"dasharray": "6, 4"},
        )
    return _render(chart, f"measure-{index}")


def chart_names(content):
    """The charts a pack shows: the summary, and a trend for each measure with two points."""
    names = ["summary"]
    for index, measure in enumerate(content["measures"]):
        if len(measure["trend"]) >= 2:
            names.append(f"measure-{index}")
    return names


def pack_chart_svg(content, name):
    if name == "summary":
        return ragb_by_priority_svg(content["summary"]["by_priority"])
    index = int(name.removeprefix("measure-"))
    return measure_trend_svg(content["measures"][index], index)


def pack_charts(content):
    """Every chart a pack shows, keyed by name, as SVG text."""
    return {name: pack_chart_svg(content, name) for name in chart_names(content)}
