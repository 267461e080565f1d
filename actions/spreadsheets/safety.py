"""Neutralising cells that a spreadsheet program would run as a formula.

A cell starting with =, +, -, @, a tab or a carriage return can be executed by Excel
or LibreOffice when a partner opens an export (CSV or formula injection). Every
export path passes its cells through `neutralise`, which prefixes such text with an
apostrophe, the convention spreadsheet programs read as "this is text".
"""

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value
