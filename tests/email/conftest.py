"""The rounds fixtures, for digest tests."""

from tests.rounds.conftest import erin, round_world  # noqa: F401  (fixtures)
