"""The suite's own bookkeeping: what the fast loop leaves out is named and exists."""

from tests.conftest import SLOW_MODULES, TESTS


def test_every_module_listed_as_slow_exists():
    missing = [name for name in SLOW_MODULES if not (TESTS / name).exists()]
    assert not missing, f"tests/conftest.py lists modules that no longer exist: {missing}"
