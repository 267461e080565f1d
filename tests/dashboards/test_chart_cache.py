"""The dashboard's chart is drawn once per set of titles and counts (reports/dashboard.py).

It is kept in Django's cache under a hash of exactly what it draws, so a later request
with the same figures reuses it, and any changed count or title draws a new one.
"""

from django.core.cache import cache

from reports import dashboard


def _rows(red, title="Local area SEND strategy"):
    counts = {"red": red, "amber": 2, "green": 3, "blue": 1, "": 0}
    return [{"title": title, "counts": counts}]


def test_the_same_figures_reuse_the_drawn_chart_and_new_ones_draw_again(monkeypatch):
    cache.clear()
    drawn = []
    real = dashboard._draw_ragb_chart

    def counting(rows):
        drawn.append(rows)
        return real(rows)

    monkeypatch.setattr(dashboard, "_draw_ragb_chart", counting)
    first = dashboard._ragb_chart(_rows(red=4))
    again = dashboard._ragb_chart(_rows(red=4))
    assert first == again and first.startswith("data:image/svg+xml;base64,")
    assert len(drawn) == 1
    # A changed count, or a changed title, is a different chart.
    assert dashboard._ragb_chart(_rows(red=5)) != first
    dashboard._ragb_chart(_rows(red=4, title="Another plan"))
    assert len(drawn) == 3
    cache.clear()
