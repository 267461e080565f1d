"""Pausing Python's cycle collector around work that builds a large heap it keeps."""

import gc
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused():
    """Pause Python's cycle collector for the block, then resume it.

    Board packs (WeasyPrint's boxes, styles and text runs) and spreadsheet imports
    (every row, its parsed action and its model instance, kept until the transaction
    is written) allocate hundreds of thousands to millions of objects that stay alive
    to the end, so the collector keeps walking an ever larger heap and finds almost
    nothing: a quarter of a 300-action pack's CPU time, a sixth of a 10,000-row
    import's (docs/performance.md). Reference counting still frees everything as
    usual; the few cycles left are collected once the collector resumes. A block
    inside another (or a second thread's, while the first runs) leaves the collector
    as it found it: only whoever paused it resumes it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
