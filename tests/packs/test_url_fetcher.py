"""The PDF renderer loads only data: URIs and the app's own static files."""

import base64
import http.server
import io
import threading

import pypdf
import pytest

from reports.rendering import PRINT_CSS, render_pdf
from reports.url_fetcher import AppOnlyURLFetcher, RefusedURL

PIXEL = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
    )
).decode()


@pytest.fixture
def local_server():
    """A web server on 127.0.0.1 that counts the requests it is sent."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "file:///etc/hostname", "http://127.0.0.1:1/", "ftp://example.org/x"],
)
def test_the_fetcher_refuses_local_files_and_network_urls(url):
    with pytest.raises(RefusedURL):
        AppOnlyURLFetcher()(url)


def test_the_fetcher_refuses_a_path_that_climbs_out_of_the_static_folder():
    sneaky = f"file://{PRINT_CSS.parent}/../../../../../../etc/passwd"
    with pytest.raises(RefusedURL):
        AppOnlyURLFetcher()(sneaky)


def test_the_fetcher_allows_data_uris_and_the_apps_static_files():
    assert AppOnlyURLFetcher()(f"data:image/png;base64,{PIXEL}").read().startswith(b"\x89PNG")
    assert b"@page" in AppOnlyURLFetcher()(PRINT_CSS.as_uri()).read()


def test_a_pack_with_hostile_markup_renders_without_fetching_anything(local_server, tmp_path):
    base, hits = local_server
    secret = tmp_path / "secret.png"
    secret.write_bytes(base64.b64decode(PIXEL))
    html = (
        "<html lang='en'><head><title>t</title>"
        f"<link rel='stylesheet' href='{base}/steal.css'></head><body>"
        f"<img src='{base}/ping.png' alt=''><img src='{secret.as_uri()}' alt=''>"
        f"<img src='data:image/png;base64,{PIXEL}' alt='pixel'><p>Hello</p></body></html>"
    )

    pdf = render_pdf(html)

    assert pdf.startswith(b"%PDF-")
    assert hits == []
    # Only the data: pixel is embedded, not the local file (the default fetcher embeds both).
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images) == 1
