"""Read a page back as its reader sees it: the text of each table cell, the values a chart
draws. Assertions on these cannot be satisfied by a legend or a heading alone."""

import base64
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

SVG = "{http://www.w3.org/2000/svg}"


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables = []  # each a list of rows, each a list of cell texts
        self._cell = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html, index=0):
    """The `index`th table in `html`, as rows of cell texts (header cells included)."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables[index]


def svg_from_img(html, css_class):
    """The SVG drawn by the <img class="css_class"> whose src is a base64 data URI."""
    match = re.search(rf'class="{css_class}" src="data:image/svg\+xml;base64,([^"]+)"', html)
    return base64.b64decode(match[1]).decode()


def bar_chart_values(svg):
    """{series legend: {bar label: value}} from a pygal bar chart's SVG, with each bar's
    drawn length checked against its value on the chart's one scale."""
    root = ET.fromstring(svg)  # noqa: S314 (our own chart, not untrusted input)
    legends = [text.text for text in root.iterfind(f".//{SVG}g[@class='legends']//{SVG}text")]
    values, scales = {}, set()
    for number, legend in enumerate(legends):
        series = root.find(f".//{SVG}g[@class='series serie-{number} color-{number}']")
        bars = {}
        for bar in series.iterfind(f".//{SVG}g[@class='bar']"):
            descs = {d.get("class"): d.text for d in bar.iterfind(f"{SVG}desc")}
            value = float(descs["value"])
            length = float(bar.find(f"{SVG}rect").get("width", 0))
            if value:
                scales.add(round(length / value, 3))
            else:
                assert length == 0, f"{legend} {descs['x_label']}: 0 drawn {length} long"
            bars[descs["x_label"]] = int(value) if value.is_integer() else value
        values[legend] = bars
    assert len(scales) <= 1, f"bars drawn on different scales: {scales}"
    return values
