#!/usr/bin/env python
"""National-scale benchmark: 153 local areas on PostgreSQL. Prints every figure.

    .venv/bin/python bench/national.py generate   # build the dataset (drops and recreates the DB)
    .venv/bin/python bench/national.py rounds     # final rounds and public pages (idempotent)
    .venv/bin/python bench/national.py open-round # a copy with one borough's round open again
    .venv/bin/python bench/national.py asat       # as-at reconstruction of one borough
    .venv/bin/python bench/national.py load       # gunicorn + db_worker + locust, 20 users
    .venv/bin/python bench/national.py pages      # each page's server CPU, in-process
    .venv/bin/python bench/national.py packs      # one borough's pack; all 153 via the worker
    .venv/bin/python bench/national.py import     # a 300-row plan through import_plan
    .venv/bin/python bench/national.py explain    # EXPLAIN ANALYZE of the hot queries
    .venv/bin/python bench/national.py indexes    # candidate indexes, before and after

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/sendplan_bench; `generate`
refuses any database whose name does not contain "bench". See bench/README.md.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _env  # noqa: E402

_env.setup_environment()


def _django(*, migrate=True):
    import django

    django.setup()
    if migrate:
        # Apps added since the dataset was generated get their (empty) tables.
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def cmd_generate(args):
    import psycopg

    name = _env.database_name()
    if "bench" not in name:
        sys.exit(f"Refusing to drop {name!r}: the bench database's name must contain 'bench'.")
    started = time.perf_counter()
    admin_url = _env.os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    _django(migrate=False)
    from django.core.management import call_command
    from django.db import connection

    from bench import _dataset

    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    print(f"Created and migrated {name} in {migrated - started:.1f} s")
    totals = _dataset.generate(boroughs=args.boroughs)
    _add_rounds()
    written = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    done = time.perf_counter()
    width = max(len(t) for t in totals)
    for table, count in sorted(totals.items()):
        print(f"  {table:<{width}}  {count:>10,}")
    history = sum(c for t, c in totals.items() if "historical" in t)
    print(f"  {'total rows':<{width}}  {sum(totals.values()):>10,}")
    print(f"  {'of which history rows':<{width}}  {history:>10,}")
    print(
        f"Generated in {written - migrated:.1f} s, VACUUM ANALYZE {done - written:.1f} s; "
        f"total {done - started:.1f} s"
    )
    if args.boroughs >= 77:
        from bench import _measure

        _measure.verify()


def _add_rounds():
    from django.utils import timezone

    from bench import _dataset, _rounds

    _rounds.run(_dataset.quarters(), now=timezone.now())


def cmd_rounds(args):
    _django()
    started = time.perf_counter()
    _add_rounds()
    print(f"Rounds and public pages done in {time.perf_counter() - started:.1f} s")


def cmd_open_round(args):
    """A copy of the bench database, `<name>_round`, in which the borough's newest
    whole-borough round is open again: the pages as they are for half of each quarter."""
    import psycopg

    name = _env.database_name()
    copy = f"{name}_round"
    server = _env.os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    newest = (
        "SELECT r.id FROM governance_reportinground r JOIN boroughs_borough b"
        " ON b.id = r.borough_id WHERE b.slug = %s AND r.board_id IS NULL"
        " ORDER BY r.period_year DESC, r.period_quarter DESC LIMIT 1"
    )
    with psycopg.connect(f"{server}/{copy}", autocommit=True) as conn:
        conn.execute(
            "UPDATE governance_reportinground SET status = 'open', closed_at = NULL"  # noqa: S608
            f" WHERE id = ({newest})",
            [args.borough],
        )
    print(f"{copy}: {args.borough}'s newest round is open. DATABASE_URL={server}/{copy}")


def cmd_verify(args):
    _django()
    from bench import _measure

    _measure.verify()


def cmd_asat(args):
    _django()
    from bench import _measure

    _measure.asat(runs=args.runs)


def cmd_load(args):
    _django()
    from bench import _load

    _load.load(
        paced_seconds=args.paced,
        saturation_seconds=args.saturation,
        workers=args.workers,
        threads=args.threads,
        burn=args.burn,
    )


def cmd_pages(args):
    _django()
    from bench import _pages

    _pages.measure(runs=args.runs, profile=args.profile, borough_slug=args.borough)


def cmd_packs(args):
    _django()
    from bench import _jobs

    _jobs.one_pack(runs=args.runs)
    if args.workers:
        _jobs.all_packs(workers=args.workers, timeout=args.timeout)


def cmd_import(args):
    _django()
    from bench import _jobs

    _jobs.imports(runs=args.runs)


def cmd_indexes(args):
    _django()
    from bench import _indexes

    _indexes.measure_all(keep=args.keep)


def cmd_explain(args):
    _django()
    from bench import _measure

    _measure.explain()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="drop, recreate, migrate and fill the bench database")
    gen.add_argument("--boroughs", type=int, default=153)
    gen.set_defaults(func=cmd_generate)
    rounds = sub.add_parser(
        "rounds", help="add final reporting rounds and publish each borough's strategy"
    )
    rounds.set_defaults(func=cmd_rounds)
    opened = sub.add_parser(
        "open-round", help="a copy of the database with one borough's newest round open again"
    )
    opened.add_argument("--borough", default="area-077")
    opened.set_defaults(func=cmd_open_round)
    verify = sub.add_parser("verify", help="check the history against the live tables")
    verify.set_defaults(func=cmd_verify)
    asat = sub.add_parser("asat", help="time the as-at reconstruction of one borough")
    asat.add_argument("--runs", type=int, default=9)
    asat.set_defaults(func=cmd_asat)
    load = sub.add_parser("load", help="gunicorn + db_worker + locust, 20 users, on loopback")
    load.add_argument("--paced", type=int, default=120, help="seconds of the paced run")
    load.add_argument("--saturation", type=int, default=60, help="seconds of the no-wait run")
    load.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    load.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    load.add_argument(
        "--burn", type=int, default=1, help="CPU burner processes as background load (0: none)"
    )
    load.set_defaults(func=cmd_load)
    pages = sub.add_parser("pages", help="each page's server CPU in-process, one at a time")
    pages.add_argument("--runs", type=int, default=15)
    pages.add_argument("--borough", default="area-077")
    pages.add_argument("--profile", metavar="PAGE", help="cProfile the pages whose title has this")
    pages.set_defaults(func=cmd_pages)
    packs = sub.add_parser("packs", help="one borough's pack, then all 153 via db_worker")
    packs.add_argument("--runs", type=int, default=3)
    packs.add_argument("--workers", type=int, default=2, help="db_worker processes (0: skip)")
    packs.add_argument("--timeout", type=int, default=3600, help="give up after this many s")
    packs.set_defaults(func=cmd_packs)
    imp = sub.add_parser("import", help="a 300-row plan through import_plan")
    imp.add_argument("--runs", type=int, default=3)
    imp.set_defaults(func=cmd_import)
    indexes = sub.add_parser("indexes", help="candidate indexes, before and after")
    indexes.add_argument("--keep", action="store_true", help="leave them in the bench DB")
    indexes.set_defaults(func=cmd_indexes)
    explain = sub.add_parser("explain", help="EXPLAIN ANALYZE the hot queries")
    explain.set_defaults(func=cmd_explain)
    args = parser.parse_args(argv)
    print(f"Machine: {_env.machine()}")
    args.func(args)


if __name__ == "__main__":
    main()
