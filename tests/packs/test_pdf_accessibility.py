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


def _reachable(node, seen):
    """Every structure element reachable from `node` through /K, by object id."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, pypdf.generic.IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, pypdf.generic.ArrayObject):
            stack.extend(item)
        elif isinstance(item, pypdf.generic.DictionaryObject) and "/K" in item:
            stack.append(item["/K"])


def test_the_running_header_and_footer_are_artifacts_outside_the_structure_tree(
    pack_world, borough
):
    files = generate_pack_files(borough=borough, period=Q2, board=pack_world["board"])
    reader = pypdf.PdfReader(io.BytesIO(files.pdf))
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    reachable = set()
    _reachable(tree.raw_get("/K"), reachable)
    nums = tree["/ParentTree"]["/Nums"]
    per_page = {nums[i]: nums[i + 1] for i in range(0, len(nums), 2)}
    total = len(reader.pages)

    for number, page in enumerate(reader.pages):
        stack, artifacts, tagged = [], [], []

        def before(op, args, cm, tm, stack=stack):
            if op == b"BDC":
                stack.append(args[1].get("/MCID") if isinstance(args[1], dict) else None)
            elif op == b"BMC":
                stack.append("artifact" if args[0] == "/Artifact" else None)
            elif op == b"EMC":
                stack.pop()

        def text(value, cm, tm, font, size, stack=stack, artifacts=artifacts, tagged=tagged):
            if value.strip() and stack:
                (artifacts if stack[-1] == "artifact" else tagged).append((stack[-1], value))

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        artifact_text = " ".join(value for _, value in artifacts)
        # The header and footer are artifacts...
        assert "Hammersmith & Fulham · SEND Partnership Board" in artifact_text
        assert f"Page {number + 1} of {total}" in artifact_text
        assert "2025/26 Q2" in artifact_text
        # ...never tagged content...
        assert not any(f"Page {number + 1} of" in value for _, value in tagged)
        # ...and every piece of tagged content belongs to the document's structure tree.
        entries = per_page[number]
        for mcid, value in tagged:
            element = entries[mcid]
            assert isinstance(element, pypdf.generic.IndirectObject), (number, mcid, value)
            assert element.idnum in reachable, (number, mcid, value)


def test_cached_page_references_are_what_pydyf_builds_as_pages_are_added():
    """reports.rendering caches pydyf's page-reference tuple (read once per structure
    element while tagging); it must change whenever a page is added."""
    import pydyf

    from reports.rendering import _UNCACHED_PAGE_REFERENCES

    pdf = pydyf.PDF()
    assert pdf.page_references == _UNCACHED_PAGE_REFERENCES.fget(pdf) == ()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        assert pdf.page_references == _UNCACHED_PAGE_REFERENCES.fget(pdf)
    assert len(pdf.page_references) == 3
    assert pdf.page_references[2] == f"{pdf.pages['Kids'][6]} 0 R".encode()


def test_streams_at_the_faster_compression_level_hold_what_pydyfs_level_9_holds():
    """reports.rendering compresses PDF streams at zlib's default level instead of
    pydyf's 9: the same dictionary and, once inflated, the same content."""
    import re
    import zlib

    import pydyf

    from reports.rendering import _LEVEL_9_STREAM_DATA, PDF_COMPRESSION_LEVEL

    def parts(data):
        head, body = re.fullmatch(rb"(<<.*?>>)\nstream\n(.*)\nendstream", data, re.S).groups()
        return re.sub(rb"/Length \d+", b"", head), body

    content = [b"BT", "/F1 9 Tf", 12.5, 3.0, pydyf.String("Ref. 1.12 "), b"ET"] * 200
    for compress in (True, False):
        stream = pydyf.Stream(list(content), extra={"Subtype": "/Form"}, compress=compress)
        (ours_head, ours_body), (head, body) = (
            parts(stream.data),
            parts(_LEVEL_9_STREAM_DATA.fget(stream)),
        )
        assert ours_head == head
        assert f"/Length {len(ours_body)}".encode() in stream.data
        if compress:
            assert b"/Filter /FlateDecode" in ours_head
            assert zlib.decompress(ours_body) == zlib.decompress(body)
            assert ours_body == zlib.compress(zlib.decompress(body), PDF_COMPRESSION_LEVEL) != body
        else:
            assert ours_body == body
