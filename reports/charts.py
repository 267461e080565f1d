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

# Keyed as pack content keys statuses ("not_rated" for not rated). The fills live in
# actions.ragb.FILL_COLOURS, chosen to stay apart without colour (see there and
# tests/packs/test_palette.py); each segment also carries its letter and count.
RAGB_COLOURS = {ragb.key(status): ragb.FILL_COLOURS[status] for status in ragb.ORDER}
RAGB_LETTERS = {"red": "R", "amber": "A", "green": "G", "blue": "B", ragb.NOT_RATED_KEY: "N"}
# Text on each fill: white on the dark ones, black on the light ones (contrast >= 4.5).
RAGB_TEXT = {
    "red": "#ffffff",
    "amber": "#0b0c0c",
    "green": "#0b0c0c",
    "blue": "#ffffff",
    ragb.NOT_RATED_KEY: "#0b0c0c",
}
FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"

_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _style(colours, value_colours=()):
    return Style(
        # Gridlines quiet and solid, so dashed lines are only ever the target and baseline.
        guide_stroke_color="#dcdddf",
        major_guide_stroke_color="#dcdddf",
        guide_stroke_dasharray="0",
        major_guide_stroke_dasharray="0",
        value_colors=tuple(value_colours),
        background="white",
        plot_background="white",
        foreground="#0b0c0c",
        foreground_strong="#0b0c0c",
        foreground_subtle="#505a5f",
        colors=tuple(colours),
        # Opaque: a print shows the fills that were tested (tests/packs/test_palette.py),
        # not pygal's default 70% blend with the white beneath.
        opacity="1",
        opacity_hover="1",
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
        style=_style((RAGB_COLOURS[r] for r in RATINGS), (RAGB_TEXT[r] for r in RATINGS)),
        legend_at_bottom=True,
        legend_at_bottom_columns=5,
        print_values=True,
        print_zeroes=False,
        show_y_guides=False,
        truncate_label=40,
        x_title="Number of actions",
    )
    # pygal draws the first label at the bottom; reverse so the chart reads top-down.
    rows = list(reversed(rows))
    chart.x_labels = [p["label"] or p["title"][:40] for p in rows]
    for rating in RATINGS:
        letter = RAGB_LETTERS[rating]
        chart.add(
            f"{letter} = {ragb.label(rating)}",
            [p["counts"][rating] for p in rows],
            # An empty segment gets no label ("R 0") squeezed into no width.
            formatter=lambda count, letter=letter: f"{letter} {count:g}" if count else "",
        )
    return _render(chart, "ragb-by-priority")


def _short_period(label):
    """ "2025/26 Q2" -> "Q2 25/26": six fit under a small chart without clipping."""
    year, _, quarter = label.partition(" ")
    return f"{quarter} {year[2:]}" if quarter else label


def _float(value):
    return None if value is None else float(value)


def _range(measure):
    """The value axis with room above and below, so no line sits on the frame."""
    numbers = [_float(p["value"]) for p in measure["trend"] if p["value"] is not None]
    numbers += [float(measure[k]) for k in ("target", "baseline") if measure[k] is not None]
    low, high = min(numbers), max(numbers)
    pad = (high - low) * 0.15 or abs(high) * 0.1 or 1
    return (low - pad, high + pad)


LINE_LABEL = re.compile(r'(<g class="series serie-(\d+) color-\d+"><path d="([^"]+)"[^>]*/>)')


def _label_line_ends(svg, labels):
    """Write each reference line's name and value at its right-hand end, above the line.

    pygal names series only in a legend of colour squares; a label on the line itself
    says which is which in greyscale too. `labels` maps a series index to its words.
    """

    def add(match):
        whole, serie, path = match.groups()
        words = labels.get(int(serie))
        if not words:
            return whole
        # The path's last point: "M x y L x y x y" (a two-point path ends "L x y").
        x, y = (float(n) for n in re.findall(r"-?[\d.]+", path)[-2:])
        return (
            f'{whole}<text x="{x:.1f}" y="{y - 4:.1f}" text-anchor="end" '
            f'class="pack-line-label" style="fill:#0b0c0c;font-size:12px">{words}</text>'
        )

    return LINE_LABEL.sub(add, svg)


def measure_trend_svg(measure, index):
    """A small line chart of a measure over recent quarters.

    A quarter with no value is a gap in the line (pygal's interruptions), not a join
    across it. The target is a heavy dashed line and the baseline a fine dotted one, each
    named with its value at its right-hand end (not by colour alone); gridlines are quiet
    and solid; the axis leaves room so neither line sits on the frame.
    """
    unit = measure["unit"]
    suffix = unit if unit in ("%", "") else f" {unit}"
    chart = pygal.Line(
        js=[],
        disable_xml_declaration=True,
        width=440,
        height=250,
        y_labels_major_count=5,
        show_minor_y_labels=False,
        style=_style(["#0b0c0c", "#2566a8", "#505a5f"]),
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        dots_size=4,
        allow_interruptions=True,
        x_label_rotation=0,
        truncate_label=-1,
        y_title=f"Value ({unit})" if unit else "Value",
        margin_right=24,
        range=_range(measure),
    )
    chart.x_labels = [_short_period(point["period"]) for point in measure["trend"]]
    chart.add("Value", [_float(point["value"]) for point in measure["trend"]])
    length = len(measure["trend"])
    labels = {}
    for name, stroke in (
        ("target", {"width": 3, "dasharray": "10, 5"}),
        ("baseline", {"width": 1.5, "dasharray": "2, 4"}),
    ):
        if measure[name] is not None:
            labels[len(chart.raw_series)] = f"{name.capitalize()} {measure[name]}{suffix}"
            chart.add(
                name.capitalize(),
                [float(measure[name])] * length,
                show_dots=False,
                stroke_style=stroke,
            )
    return _label_line_ends(_render(chart, f"measure-{index}"), labels)


def chart_names(content):
    """The charts a pack shows: the summary, and a trend for each measure with two values."""
    names = ["summary"]
    for index, measure in enumerate(content["measures"]):
        if sum(1 for point in measure["trend"] if point["value"] is not None) >= 2:
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
