"""Line charts of a success measure, drawn by pygal as SVG on the server.

A chart is never the only way to read a figure: every page that shows one puts a table
with the same numbers beside it, and the image's text alternative says so. The output is
deterministic (pygal's random id and comments removed) so the same data draws the same bytes.
"""

import base64
import re
import sys

import pygal
from pygal.style import Style

# pygal adds an old-style import hook that confuses importlib-based importers; remove it
# (reports/charts.py explains).
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
# GOV.UK blue for the local area, black for England, then distinct greys and colours that
# keep 3:1 contrast on white. Target and baseline are dashed, so they differ by more than hue.
COLOURS = ["#1d70b8", "#0b0c0c", "#00703c", "#d4351c", "#4c2c92", "#505a5f", "#f47738"]
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _float(value):
    return None if value is None else float(value)


def line_chart_svg(*, name, labels, series, target=None, baseline=None, y_title=""):
    """``series`` is [(label, [value or None per label])]; target and baseline as lines."""
    chart = pygal.Line(
        js=[],
        disable_xml_declaration=True,
        width=640,
        height=320,
        style=Style(
            background="white",
            plot_background="white",
            foreground="#0b0c0c",
            foreground_strong="#0b0c0c",
            foreground_subtle="#505a5f",
            colors=tuple(COLOURS),
            font_family=FONT,
            label_font_size=12,
            major_label_font_size=12,
            legend_font_size=13,
        ),
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        dots_size=4,
        x_label_rotation=0,
        truncate_label=12,
        truncate_legend=30,
        y_title=y_title,
        allow_interruptions=True,
    )
    chart.x_labels = labels
    for label, values in series:
        chart.add(label, [_float(v) for v in values])
    for label, level in (("Target", target), ("Baseline", baseline)):
        if level is not None and labels:
            chart.add(
                label,
                [float(level)] * len(labels),
                show_dots=False,
                stroke_style={"dasharray": "8, 4" if label == "Target" else "2, 4", "width": 2},
            )
    svg = _COMMENT.sub("", chart.render(is_unicode=True))
    return svg.replace(chart.uuid, f"chart-{name}")


def as_data_uri(svg):
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
