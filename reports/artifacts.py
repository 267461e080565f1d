"""Mark the running header and footer of a pack's PDF as artifacts (PDF/UA-1, 7.8).

WeasyPrint 70 tags the text of `@page` margin boxes as marked content with an MCID and
builds structure elements for it that it leaves out of the document's tree, because
in PDF 1.7 an Artifact cannot sit in the structure tree (Kozea/WeasyPrint#1836). The
text is then "tagged content that belongs to nothing", which PDF/UA checkers fail and
some screen readers read on every page.

`artifact_margin_content` is a WeasyPrint *finisher*: it runs on the PDF objects
after tagging and before they are written. It finds the marked content whose
structure elements cannot be reached from the document's root element (that is
exactly the margin boxes' content), rewrites each such `/Span <</MCID n>> BDC` in the
page's content stream to `/Artifact BMC`, and drops those MCIDs from the ParentTree.
"""

import pydyf


def _walk(objects, reference, seen):
    stack = [reference]
    while stack:
        ref = stack.pop()
        if ref in seen:
            continue
        seen.add(ref)
        element = objects.get(ref)
        if isinstance(element, pydyf.Dictionary):
            for kid in element.get("K", ()):
                if isinstance(kid, bytes):
                    stack.append(kid)


def artifact_margin_content(document, pdf):
    objects = {obj.reference: obj for obj in pdf.objects if isinstance(obj, pydyf.Object)}
    root_ref = pdf.catalog.get("StructTreeRoot")
    if root_ref is None:
        return
    root = objects[root_ref]
    reachable = set()
    for kid in root["K"]:
        _walk(objects, kid, reachable)
    nums = objects[root["ParentTree"]]["Nums"]
    for index in range(0, len(nums), 2):
        page_number, entries = nums[index], nums[index + 1]
        if not isinstance(entries, pydyf.Array):
            continue  # an annotation's entry, not a page's
        orphans = set()
        for mcid, ref in enumerate(entries):
            if ref not in reachable:
                orphans.add(mcid)
                entries[mcid] = "null"
        if orphans:
            page = objects[pdf.page_references[page_number]]
            _artifact_stream(objects[page["Contents"]], orphans)


def _artifact_stream(stream, mcids):
    items = stream.stream
    for position, item in enumerate(items):
        if (
            isinstance(item, pydyf.Dictionary)
            and item.get("MCID") in mcids
            and position + 1 < len(items)
            and items[position + 1] == b"BDC"
        ):
            items[position - 1] = "/Artifact"
            items[position] = b""
            items[position + 1] = b"BMC"
