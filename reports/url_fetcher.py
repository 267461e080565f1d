"""What WeasyPrint may load while it renders a pack: data: URIs and the app's own static
files, nothing else.

Everything a pack shows is escaped text, so no markup a user typed reaches the renderer
today. This keeps it harmless by construction if that ever changes: WeasyPrint's default
fetcher would follow any URL, so a stray <img src="http://127.0.0.1:…/"> or
<link href="file:///etc/…"> could reach internal services or embed a local file.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher


class RefusedURL(ValueError):
    """WeasyPrint logs this and renders on without the resource."""


def static_roots():
    roots = {Path(settings.STATIC_ROOT)}
    roots.update(Path(d) for d in settings.STATICFILES_DIRS)
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.add(Path(location))
    return [root.resolve() for root in roots]


def is_allowed(url):
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return True
    if scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    return path.is_file() and any(path.is_relative_to(root) for root in static_roots())


class AppOnlyURLFetcher(URLFetcher):
    def __init__(self, **kwargs):
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, **kwargs)

    def fetch(self, url, headers=None):
        if not is_allowed(url):
            raise RefusedURL(f"Packs load only data: URIs and the app's static files, not {url}")
        return super().fetch(url, headers)
