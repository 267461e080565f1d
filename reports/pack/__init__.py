"""The sections of a board pack, one module each, every one read from one as-at Snapshot.

reports.content composes them; each takes the Snapshot (snapshot.py) and returns its
section as plain JSON-ready data.
"""
