"""The chart palette survives greyscale printing and deuteranopia.

Each rating's fill is converted the way a reader would see it: in greyscale (CIE L*
from relative luminance) and through the Machado, Oliveira & Fernandes (2009)
simulation of deuteranopia (severity 1.0), applied in linear RGB as the paper
specifies. Every pair of ratings must stay apart.
"""

import itertools

import pytest

from reports.charts import RAGB_COLOURS, RAGB_LETTERS, RAGB_TEXT

# Machado et al. 2009, deuteranomaly at severity 1.0 (= deuteranopia), linear RGB.
DEUTERANOPIA = (
    (0.367322, 0.860646, -0.227968),
    (0.280085, 0.672501, 0.047413),
    (-0.011820, 0.042940, 0.968881),
)
# The smallest lightness step between any two ratings printed in greyscale, and the
# smallest CIE76 colour difference under deuteranopia (about 10 is "clearly different").
MIN_GREY_STEP = 12
MIN_DEUTERANOPIA_DELTA_E = 15


def linear(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def luminance(rgb):
    r, g, b = rgb
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def lab(rgb):
    """CIE L*a*b* (D65) of a linear sRGB colour."""
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def deuteranopia(rgb):
    return [
        min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True))))
        for row in DEUTERANOPIA
    ]


def delta_e(a, b):
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5


def contrast(a, b):
    la, lb = sorted((luminance(linear(a)), luminance(linear(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


PAIRS = list(itertools.combinations(RAGB_COLOURS, 2))


@pytest.mark.parametrize(("one", "other"), PAIRS)
def test_every_pair_of_ratings_differs_in_greyscale(one, other):
    grey = {name: lab(linear(colour))[0] for name, colour in RAGB_COLOURS.items()}
    assert abs(grey[one] - grey[other]) >= MIN_GREY_STEP, grey


@pytest.mark.parametrize(("one", "other"), PAIRS)
def test_every_pair_of_ratings_differs_under_deuteranopia(one, other):
    seen = {name: lab(deuteranopia(linear(colour))) for name, colour in RAGB_COLOURS.items()}
    assert delta_e(seen[one], seen[other]) >= MIN_DEUTERANOPIA_DELTA_E, seen


def test_red_and_green_no_longer_collapse_as_the_gov_uk_fills_did():
    # The old fills (#d4351c, #00703c) were 6.7 L* apart in greyscale: the test's rule
    # would have failed them, so it measures something real.
    old = [lab(linear(c))[0] for c in ("#d4351c", "#00703c")]
    assert abs(old[0] - old[1]) < MIN_GREY_STEP
    # Red, Green and Blue print darkest-to-lightest in a fixed order, never the same grey.
    grey = {name: lab(linear(colour))[0] for name, colour in RAGB_COLOURS.items()}
    assert grey["red"] < grey["blue"] < grey["green"] < grey["not_rated"] < grey["amber"]


@pytest.mark.parametrize("rating", list(RAGB_COLOURS))
def test_each_segment_label_is_legible_on_its_fill(rating):
    assert RAGB_LETTERS[rating]
    assert contrast(RAGB_TEXT[rating], RAGB_COLOURS[rating]) >= 4.5


def rendered_fills(svg):
    """{series index: (fill as printed over white, text colour)} read from a chart's SVG."""
    import re

    opacity = float(re.search(r"\.reactive\{fill-opacity:([\d.]+)", svg)[1])
    fills = dict(re.findall(r"\.color-(\d+),[^{]*\{stroke:#[0-9a-f]{6};fill:(#[0-9a-f]{6})\}", svg))
    texts = dict(re.findall(r"\.color-(\d+) text\{fill:(#[0-9a-f]{6})\}", svg))

    def over_white(colour):
        channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
        return "#" + "".join(f"{round(opacity * c + (1 - opacity) * 255):02x}" for c in channels)

    return {int(i): (over_white(fill), texts[i]) for i, fill in fills.items()}


def test_the_rendered_bar_chart_prints_the_tested_palette_apart_and_legibly():
    from reports.charts import ragb_by_priority_svg
    from reports.content import RATINGS

    counts = {"red": 1, "amber": 2, "green": 3, "blue": 1, "not_rated": 1, "total": 8}
    svg = ragb_by_priority_svg([{"label": "Priority 1", "title": "Early help", "counts": counts}])
    printed = rendered_fills(svg)
    # The fills as printed (opacity blended over the white page) are the tested palette
    assert {RATINGS[i]: fill for i, (fill, _) in printed.items()} == RAGB_COLOURS
    for (one, (a, _)), (other, (b, _)) in itertools.combinations(printed.items(), 2):
        grey = abs(lab(linear(a))[0] - lab(linear(b))[0])
        assert grey >= MIN_GREY_STEP, (RATINGS[one], RATINGS[other], grey)
        seen = delta_e(lab(deuteranopia(linear(a))), lab(deuteranopia(linear(b))))
        assert seen >= MIN_DEUTERANOPIA_DELTA_E, (RATINGS[one], RATINGS[other], seen)
    for index, (fill, text) in printed.items():
        assert contrast(text, fill) >= 4.5, (RATINGS[index], text, fill)


def test_a_measure_charts_target_and_baseline_are_distinct_labelled_lines_off_the_frame():
    import re

    from reports.charts import measure_trend_svg

    measure = {
        "unit": "%",
        "target": "60",
        "baseline": "40",
        "trend": [
            {"period": "2025/26 Q1", "value": "41"},
            {"period": "2025/26 Q2", "value": None},
            {"period": "2025/26 Q3", "value": "60"},
        ],
    }
    svg = measure_trend_svg(measure, 0)
    # Each reference line is named with its value at its end, in text dark enough to read
    labels = re.findall(r'class="pack-line-label" style="fill:(#[0-9a-f]{6})[^"]*">([^<]+)<', svg)
    assert [words for _, words in labels] == ["Target 60%", "Baseline 40%"]
    assert all(contrast(colour, "#ffffff") >= 4.5 for colour, _ in labels)
    # Drawn differently, not by colour alone: a heavy dash and a fine dot
    lines = dict(re.findall(r"\.serie-(\d)\{(stroke-width:[\d.]+;stroke-dasharray:[\d,]+)\}", svg))
    assert lines == {
        "1": "stroke-width:3;stroke-dasharray:10,5",
        "2": "stroke-width:1.5;stroke-dasharray:2,4",
    }
    # Gridlines are solid, so the only dashed lines are those two
    assert re.search(r"guide\.line\{stroke-dasharray:0;stroke:#dcdddf\}", svg)
    # The target (the highest figure) sits below the top of the plot, not on its frame
    target_path = re.search(r'serie-1 color-1"><path d="M[\d.]+ ([\d.]+)', svg)
    assert float(target_path[1]) > 10
    # A measure with values in two quarters only draws two-point lines: labelled too
    two = measure_trend_svg({**measure, "trend": measure["trend"][::2]}, 1)
    assert len(re.findall(r'class="pack-line-label"', two)) == 2
