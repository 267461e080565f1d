"""The PDF is tagged for assistive technology and carries its own title, language, author."""

import io
import re

import pypdf

from reports.generation import generate_pack_files
from tests.packs.conftest import Q2, pdf_text


def test_the_pdf_is_tagged_pdf_ua_with_title_language_and_author(pack_world, borough):
    files = generate_pack_files(borough=borough, period=Q2, board=pack_world["board"])
    reader = pypdf.PdfReader(io.BytesIO(files.pdf))
    root = reader.trailer["/Root"]

    assert root["/MarkInfo"]["/Marked"].value is True
    tree = root["/StructTreeRoot"].get_object()
    assert tree["/Type"] == "/StructTreeRoot"
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title == "Board pack: SEND Partnership Board, 2025/26 Q2"
    assert reader.metadata.author == "Hammersmith & Fulham, SEND Partnership Board"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfuaid:part[^0-9]*1", xmp)


def _struct_types(node, seen):
    node = node.get_object()
    if isinstance(node, pypdf.generic.ArrayObject):
        for child in node:
            _struct_types(child, seen)
        return
    if not isinstance(node, pypdf.generic.DictionaryObject):
        return
    if "/S" in node:
        seen.setdefault(str(node["/S"]), []).append(node)
    if "/K" in node:
        _struct_types(node["/K"], seen)


def test_the_structure_tree_has_headings_tables_and_figures_with_alt_text(pack_world, borough):
    files = generate_pack_files(borough=borough, period=Q2, board=pack_world["board"])
    root = pypdf.PdfReader(io.BytesIO(files.pdf)).trailer["/Root"]
    seen = {}
    _struct_types(root["/StructTreeRoot"]["/K"], seen)

    for tag in ("/H1", "/H2", "/Table", "/TR", "/TH", "/TD", "/Figure", "/Caption"):
        assert tag in seen, f"{tag} missing from {sorted(seen)}"
    alts = [str(figure.get("/Alt", "")) for figure in seen["/Figure"]]
    assert all(alts), alts
    assert any("RAGB ratings by priority" in alt for alt in alts)


def test_every_page_has_the_running_header_footer_and_marking(pack_world, borough, tmp_path):
    files = generate_pack_files(borough=borough, period=Q2, board=pack_world["board"])
    pages = pdf_text(files.pdf, tmp_path).split("\f")
    pages = [page for page in pages if page.strip()]
    total = len(pages)
    assert total > 3
    for number, page in enumerate(pages, start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        assert "Hammersmith & Fulham · SEND Partnership Board" in lines[0]
        assert "OFFICIAL" in lines[0]
        assert "2025/26 Q2" in lines[-1]
        assert f"Page {number} of {total}" in lines[-1]
