"""A slug for a new row's address, unique among its kind: the one rule local areas,
plans (imported) and boards share.

The name is slugified and cut to a length, falling back to a word when nothing is
left of it; while another row holds that slug, "-2", "-3", ... is added. One query.
"""

from django.utils.text import slugify


def unique_slug(text, among, *, fallback, length=70):
    """A slug of `text`, at most `length` characters before any "-n", held by no row of
    `among` (a queryset of the rows it must differ from, with a `slug` field)."""
    base = slugify(text)[:length].strip("-") or fallback
    taken = set(among.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
