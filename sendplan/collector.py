"""Tuning Python's cycle collector for a web worker (sendplan/wsgi.py calls tune()).

Everything loaded at start-up (Django, the URL and template machinery, settings)
lives as long as the worker. Freezing it moves those objects out of the collector's
reach, so its full collections walk only what requests create: fewer, shorter pauses
in the slow tail of page times.

A page builds thousands of short-lived container objects (querysets, template
contexts, rows), so with the default thresholds (700, 10, 10) the youngest
generation is collected dozens of times per request, and the older ones often
enough to matter. Requests free almost all of it by reference counting; the
higher thresholds below collect far less often, at the cost of at most a few MB of
garbage waiting for a collection. Measured in bench/national.py pages (docs/performance.md).

GC_FREEZE=false leaves the collector as Python sets it; GC_THRESHOLD="700,10,10"
sets other thresholds.
"""

import gc
import os

from django.core.exceptions import ImproperlyConfigured

THRESHOLD = (20_000, 50, 100)


def tune(environ=os.environ):
    if environ.get("GC_FREEZE", "true").strip().lower() in ("0", "false", "no", "off"):
        return
    gc.collect()
    gc.freeze()
    gc.set_threshold(*_threshold(environ.get("GC_THRESHOLD", "").strip()))


def _threshold(raw):
    if not raw:
        return THRESHOLD
    try:
        threshold = tuple(int(part) for part in raw.split(","))
    except ValueError:
        threshold = ()
    if len(threshold) != 3 or any(n < 0 for n in threshold):
        raise ImproperlyConfigured(
            f"GC_THRESHOLD must be three whole numbers such as 700,10,10, not {raw!r}"
        )
    return threshold
