"""A new row's slug is unique among its kind (sendplan/slugs.py)."""

from boroughs.models import Borough
from sendplan.slugs import unique_slug


def test_a_taken_slug_gets_the_next_free_number_among_the_rows_given(borough, other_borough):
    Borough.objects.create(name="Hackney again", slug="hackney-2")
    boroughs = Borough.objects.all()
    assert unique_slug("Hackney", boroughs, fallback="area") == "hackney-3"
    assert unique_slug("Hackney", boroughs.exclude(pk=other_borough.pk), fallback="area") == (
        "hackney"
    )
    assert unique_slug("Hackney Wick", boroughs, fallback="area") == "hackney-wick"


def test_a_slug_is_cut_to_its_length_and_a_name_with_no_letters_takes_the_fallback(db):
    assert unique_slug("Tower Hamlets", Borough.objects.all(), fallback="area", length=5) == (
        "tower"
    )
    assert unique_slug("!!!", Borough.objects.all(), fallback="area") == "area"
