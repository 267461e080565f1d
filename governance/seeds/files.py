"""Where the seed files are, and the error that reports every problem found in them."""

from pathlib import Path

from django.conf import settings

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
BOROUGHS_FILE = FIXTURES / "boroughs.yaml"
SEEDS_DIR = FIXTURES / "seeds"


def seed_files(directory=SEEDS_DIR):
    return sorted(Path(directory).glob("*.yaml"))


def change_reason(file):
    return f"Loaded from seed {Path(file).name}"


class SeedError(Exception):
    """Seed files that cannot be loaded, with every problem found in them."""

    def __init__(self, problems):
        self.problems = list(problems)  # [(file, path, message)]
        super().__init__("\n".join(f"{f}: {p or '(top)'}: {m}" for f, p, m in self.problems))
