"""Load the seed plans: fixtures/boroughs.yaml, then fixtures/seeds/*.yaml.

The format is described in fixtures/seeds/SCHEMA.md. Loading happens in two steps:

1. `read_boroughs` and `read_seed` check each file against the schema and return it
   as plain dicts with every cross-reference resolved by name. They collect every
   problem (file, path inside the file, what is wrong) into one `SeedError`, and
   `load_all` reads every file before writing anything, so a bad file changes nothing.
2. `load_boroughs` and `load_seed` create or update each object by its natural key
   (borough slug, organisation and person name, board and plan slug, position within
   its parent, action reference, risk id, finding text), one transaction per file.
   They compare before saving, so loading twice changes nothing and writes no history;
   every history row they do write carries the reason "Loaded from seed <file>".

Nothing is ever deleted: a seed that drops an action leaves it in place, because it
may carry status updates that officers wrote.

Where each part lives: `files.py` (where the files are, `SeedError`), `reader.py` (YAML
parsing and the checks every value gets), `schema.py` (step 1, the schema as code) and
`load.py` (step 2, and `load_all`, which runs both).
"""

from governance.seeds.files import BOROUGHS_FILE, SEEDS_DIR, SeedError, change_reason, seed_files
from governance.seeds.load import LoadReport, load_all, load_boroughs, load_seed
from governance.seeds.schema import iter_actions, parse_number, read_boroughs, read_seed

__all__ = [
    "BOROUGHS_FILE",
    "SEEDS_DIR",
    "LoadReport",
    "SeedError",
    "change_reason",
    "iter_actions",
    "load_all",
    "load_boroughs",
    "load_seed",
    "parse_number",
    "read_boroughs",
    "read_seed",
    "seed_files",
]
