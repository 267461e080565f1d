"""Keeping an uploaded file between its preview and the confirm.

The bytes go under MEDIA_ROOT/imports/ with a random name; the session holds the
name with what the upload is for (which plan, which user) and what the preview
showed. The browser only ever sends the random token back, and a token is used
only if this session issued it for this same plan: a client never names a path.
"""

import datetime as dt
import re
import secrets
import time
from pathlib import Path

from django.conf import settings

SESSION_KEY = "spreadsheet_imports"
MAX_AGE_SECONDS = 60 * 60
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _folder():
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sweep(folder):
    """Uploads nobody confirmed are removed once they are a day old."""
    cutoff = time.time() - 24 * 60 * 60
    for old in folder.glob("*.upload"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass


def stash(request, *, data, filename, scope, fingerprint, title="", options=None):
    """Keep the upload; `options` (clear_blanks, versions) are what the preview used."""
    folder = _folder()
    _sweep(folder)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.upload").write_bytes(data)
    entries = request.session.get(SESSION_KEY, {})
    entries[token] = {
        "filename": filename,
        "scope": scope,
        "fingerprint": fingerprint,
        "title": title,
        "options": options or {},
        "at": time.time(),
    }
    request.session[SESSION_KEY] = entries
    return token


def retrieve(request, token, scope):
    """(bytes, entry) for a token this session issued for `scope`, else None."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or entry["scope"] != scope or time.time() - entry["at"] > MAX_AGE_SECONDS:
        return None
    try:
        return (_folder() / f"{token}.upload").read_bytes(), entry
    except OSError:
        return None


def discard(request, token):
    entries = request.session.get(SESSION_KEY, {})
    entries.pop(token, None)
    request.session[SESSION_KEY] = entries
    if _TOKEN.match(token or ""):
        (_folder() / f"{token}.upload").unlink(missing_ok=True)


def options(clear_blanks, as_at, layout=None, **more):
    """What a stored upload remembers of the upload form's (and the grid's) choices."""
    found = {"clear_blanks": clear_blanks, "as_at": as_at.isoformat() if as_at else "", **more}
    if layout:
        found["layout"] = layout
    return found


def as_at(options):
    """The "reported as at" date a stored upload's options hold, or None."""
    text = options.get("as_at") or ""
    return dt.date.fromisoformat(text) if text else None


def import_arguments(data, entry, *, borough, plan, layout=None):
    """preview_import's (and import_plan's) arguments for a stored upload, as it was asked
    for: its file, plan title and form choices; `layout` overrides the stored one."""
    stored = entry.get("options", {})
    return {
        "data": data,
        "filename": entry["filename"],
        "borough": borough,
        "plan": plan,
        "new_plan_title": entry.get("title") or None,
        "clear_blanks": stored.get("clear_blanks", False),
        "reported_as_at": as_at(stored),
        "layout": layout if layout is not None else stored.get("layout"),
    }
