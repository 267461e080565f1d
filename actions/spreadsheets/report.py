"""The per-row report and closing summary, in plain English, for the CLI and the pages."""

OUTCOME_WORDS = {
    "new": "New",
    "update": "Update",
    "unchanged": "Unchanged",
    "error": "Error",
    "skipped": "Skipped",
}


def _plural(n, word):
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def row_lines(result):
    """One line per row, then its errors and warnings indented beneath it."""
    for row in result.rows:
        words = " ".join(row.messages) if not row.errors else ""
        yield f"{row.label}: {OUTCOME_WORDS[row.outcome]}. {words}".rstrip()
        for what, old, new in row.diffs:
            yield f"    {what}: {old} -> {new}"
        for error in row.errors:
            yield f"    Error: {error}"
        for warning in row.warnings:
            yield f"    Warning: {warning}"


def summary_lines(result):
    counts = result.counts()
    lines = [f"Read {_plural(counts['rows'], 'row')} from {result.filename}."]
    if result.sheet.header.unknown:
        ignored = ", ".join(f"“{h}”" for h in result.sheet.header.unknown)
        lines.append(f"Columns not recognised, so ignored: {ignored}.")
    for label, key in (
        ("Priorities", "priorities"),
        ("Objectives", "objectives"),
        ("Actions", "actions"),
    ):
        c = counts[key]
        lines.append(
            f"{label}: {c['created']:,} created, {c['updated']:,} updated, "
            f"{c['unchanged']:,} unchanged."
        )
    if counts["people"]:
        lines.append(f"People: {counts['people']:,} added to the borough.")
    if counts["updates"]:
        lines.append(f"Dated status updates: {counts['updates']:,} to add or correct.")
    if counts["measures"]:
        lines.append(f"Success measures: {counts['measures']:,} new.")
    lines += result.notices
    if result.unknown_words:
        words = ", ".join(f"“{w}”" for w in result.unknown_words.values())
        lines.append(
            f"Status words not known: {words}. Map them in the web import's preview, "
            "then import again."
        )
    if counts["not_in_file"]:
        lines.append(
            f"{_plural(counts['not_in_file'], 'action')} in the plan "
            f"{'is' if counts['not_in_file'] == 1 else 'are'} not in the file and will be left as "
            f"{'it is' if counts['not_in_file'] == 1 else 'they are'}."
        )
    lines.append(f"Warnings: {counts['warnings']:,}. Errors: {counts['errors']:,}.")
    return lines
