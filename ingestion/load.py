#!/usr/bin/env python3
"""Load deterministic mock data for Gata tenants into DuckDB with dlt.

    python ingestion/load.py [--tenant acme ...] [--start-date 2026-11-01] [--days 14]
                             [--scale 1.0] [--database gata.duckdb] [--quiet]
    python ingestion/load.py --tenant acme --since-last-load [--until 2026-11-30]   # the daily load

One dlt dataset per tenant and connector, `raw_<slug>_<connector>`; every root object is merged on
its registry `merge_key`, so loading the same days again changes nothing and new days add rows.
Values come from ingestion/generator_spec.yml (see mockgen.py for the timeline rules), or from
API-shaped JSON files when tenants.yaml gives `sources.<connector>.files` (api_files.py).
A record older than the stored one (registry `cursor_field`) is skipped (newer_wins.py).
Every load is recorded in `gata_meta.ingestion_runs` (days, rows, seconds, dlt load id); `--since-last-load`
loads the days after the last recorded one up to `--until` (default: today, UTC).
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
# Merge loads go through a `<dataset>_staging` schema; empty it afterwards so the data is not kept twice.
os.environ.setdefault("LOAD__TRUNCATE_STAGING_DATASET", "true")
# dlt loads DuckDB with one INSERT statement per file, and DuckDB holds a statement's whole parse tree:
# files of at most 500 rows bound the loader's memory (peak RSS for acme at --scale 1 / 3 / 10: about 500 /
# 1170 / 2900 MB with dlt's default, one file per table; 340 / 400 / 420 MB with 500), no slower (34.7 s
# instead of 54.6 s at --scale 10). DuckDB's memory_limit and threads do not help: parsing is outside its
# buffer manager. Any other value can be set in the environment.
os.environ.setdefault("DATA_WRITER__FILE_MAX_ITEMS", "500")

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mockgen
import newer_wins
from api_files import read_records
from mockgen import ROOT, GenError, read_registry

# The project's own validator (the file dbt's gata_manifest plugin is installed from), so load.py and
# onboarding give the same messages for the same tenants.yaml.
sys.path.insert(0, str(ROOT))
import gata_manifest


class ManifestError(GenError):
    """tenants.yaml (or --tenant) is not valid: every problem, one per line."""

    def __init__(self, tenants_file: Path, problems: list[str]):
        super().__init__(f"{tenants_file}: {len(problems)} problem(s); nothing was loaded:\n"
                         + "\n".join(f"  - {p}" for p in problems))


def tenant_params(connector: str, source: dict) -> dict:
    """Generation values: registry defaults overridden by tenants.yaml (validated by gata_manifest).
    `--scale` is applied by the generator (mockgen.Generator.count), to top-level volumes only."""
    given = source.get("generation") or {}
    out = {}
    for rule in read_registry("gata_generation"):
        key = rule["parameter"]
        if rule["connector"] != connector:
            continue
        raw = given.get(key, rule["default"])
        if rule["data_type"] == "date":
            out[key] = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(raw)
        else:
            out[key] = int(raw)
    return out


def select_tenants(tenants_file: Path, wanted: list[str]) -> list[dict]:
    """The tenants to load, after the whole manifest passed gata_manifest (as onboarding checks it)."""
    try:
        text = tenants_file.read_text(encoding="utf-8")
    except OSError as exc:
        raise GenError(f"{tenants_file}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise ManifestError(tenants_file, [f"{gata_manifest.FILE}: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    doc, problems = gata_manifest.check(text, ROOT)
    for slug in [] if problems else dict.fromkeys(wanted):
        problems += gata_manifest.target_problems(doc, slug)
    if problems:
        raise ManifestError(tenants_file, problems)
    by_slug = {t["slug"]: t for t in doc["tenants"]}
    if wanted:
        return [by_slug[s] for s in dict.fromkeys(wanted)]
    return [t for t in doc["tenants"] if t["status"] == "active"]


def check_database(path: Path) -> None:
    """Fail fast, naming the file, when another process holds the DuckDB lock."""
    import duckdb
    try:
        duckdb.connect(str(path)).close()
    except duckdb.IOException as exc:
        raise GenError(f"{path}: the DuckDB file is locked by another process; close it and retry ({exc})") from None


# The load log: what the daily `--since-last-load` continues from, and an audit of every load.
RUNS_TABLE = "gata_meta.ingestion_runs"


def last_loaded_days(database: Path) -> dict[tuple[str, str], dt.date]:
    """{(tenant, connector): last mock day loaded}, from the load log ({} before the first load)."""
    import duckdb

    if not database.exists():
        return {}
    try:
        con = duckdb.connect(str(database), read_only=True)
    except duckdb.IOException as exc:
        raise GenError(f"{database}: the DuckDB file is locked by another process; close it and retry ({exc})") from None
    try:
        found = con.execute("select count(*) from information_schema.tables where table_catalog = current_database() "
                            "and table_schema = 'gata_meta' and table_name = 'ingestion_runs'").fetchone()[0]
        if not found:
            return {}
        return {(s, c): d for s, c, d in con.execute(
            f"select tenant, connector, max(last_day) from {RUNS_TABLE} where last_day is not null group by all").fetchall()}
    finally:
        con.close()


def since_last_load_days(tenant: str, connector: str, params: dict, last: dict, until: dt.date) -> list[dt.date]:
    """The days after the last loaded one (from day 0 when none was) up to `until`: the daily load."""
    start = max(params["start_date"], last.get((tenant, connector), params["start_date"] - dt.timedelta(days=1))
                + dt.timedelta(days=1))
    return [start + dt.timedelta(days=k) for k in range((until - start).days + 1)]


def record_run(database: Path, job: dict, rows: int, seconds: float, load_id: str | None) -> None:
    import duckdb

    mock = job["files"] is None
    con = duckdb.connect(str(database))
    try:
        con.execute("create schema if not exists gata_meta")
        con.execute(f"create table if not exists {RUNS_TABLE} (tenant varchar, connector varchar, first_day date, "
                    "last_day date, files varchar, rows_loaded bigint, seconds double, load_id varchar, "
                    "finished_at timestamp)")
        con.execute(f"insert into {RUNS_TABLE} values (?, ?, ?, ?, ?, ?, ?, ?, cast(now() at time zone 'UTC' as timestamp))",
                    [job["slug"], job["connector"], job["days"][0] if mock else None, job["days"][-1] if mock else None,
                     None if mock else str(job["files"]), rows, round(seconds, 3), load_id])
    finally:
        con.close()


def plan_tenant(tenant: dict, args, spec: dict, tenants_file: Path) -> list[dict]:
    """Generate one (validated) tenant's rows: one job per enabled connector. Writes nothing, so a
    problem stops the run before any dataset changes."""
    objects = read_registry("gata_objects")
    jobs = []
    for connector, source in tenant["sources"].items():
        if not source.get("enabled", True):
            continue
        if connector not in spec:
            raise GenError(f"{mockgen.SPEC}: no generator block for connector {connector!r}")
        mockgen.check_spec(connector, spec[connector])
        params = tenant_params(connector, source)
        where = f"{tenants_file}: tenant {tenant['slug']!r}, connector {connector!r}"
        files = source.get("files")
        start = args.start_date or params["start_date"]
        if start < params["start_date"] and files is None:
            raise GenError(f"--start-date {start} is before {tenants_file}: {tenant['slug']}.{connector}."
                           f"generation.start_date {params['start_date']} (day 0 of the mock timeline)")
        days = [start + dt.timedelta(days=k) for k in range(args.days or params["days"])]
        if getattr(args, "since_last_load", False) and files is None:  # (callers may pass a bare Namespace)
            days = since_last_load_days(tenant["slug"], connector, params, args.last_days, args.until)
            if not days:
                print(f"{tenant['slug']}/{connector}: up to date (last loaded day "
                      f"{args.last_days[(tenant['slug'], connector)]}, --until {args.until})", flush=True)
                continue
        gen = mockgen.Generator(tenant["slug"], connector, params, spec[connector], args.scale)
        conn_objects = [o for o in objects if o["connector"] == connector]
        # `tables:` is the documented alias of `objects:`; neither = every registry object
        wanted = set(source.get("objects") or source.get("tables") or [o["object"] for o in conn_objects])
        tables = []
        for o in conn_objects:
            # A child object (order_line_items) travels inside its parent's payload.
            family = {o["object"]} | {c["object"] for c in conn_objects if c["parent_object"] == o["object"]}
            if o["parent_object"] or not wanted & family:
                continue
            if files is None:
                # mock rows are generated while dlt reads them (streamed: memory does not grow with --scale);
                # their update times are well-formed ISO strings by construction
                rows, moments = gen.rows(o["object"], days), None
            else:
                path, rows = read_records(ROOT / str(files), o["object"], where)
                origin = f"{where}, object {o['object']!r}, file {path}"
                # update times are parsed now, so a malformed one stops the run before anything is written
                moments = newer_wins.incoming_moments(rows, o["cursor_field"], origin) if o["cursor_field"] else None
            tables.append((o, mockgen.object_fields(spec[connector], o["object"]), rows, moments))
        jobs.append({"slug": tenant["slug"], "connector": connector, "days": days, "tables": tables,
                     "spec": spec[connector], "files": files})
    return jobs


def skip_stale_records(job: dict, dataset: str, args) -> None:
    """Drop incoming records older than the stored ones (one query per table); job["stale"] counts them."""
    import duckdb

    con = duckdb.connect(str(args.database))
    try:
        for n, (o, fields, rows, moments) in enumerate(job["tables"]):
            if not o["cursor_field"]:
                continue
            keys = o["merge_key"].split("|")
            stored = newer_wins.stored_moments(con, dataset, o["raw_table"], keys, o["cursor_field"])
            if moments is None:  # streamed mock rows: filtered while dlt reads them, counted in job["stale"]
                job["tables"][n] = (o, fields, newer_wins.drop_stale_stream(
                    rows, o["cursor_field"], keys, stored, job["stale"], o["raw_table"]), None)
                continue
            kept, stale = newer_wins.drop_stale(rows, moments, keys, stored)
            job["tables"][n] = (o, fields, kept, moments)
            if stale:
                job["stale"][o["raw_table"]] = stale
    finally:
        con.close()


# Raw column holding the key dlt merges on when a merge-key part is a list (docs/ARCHITECTURE.md, "Names").
ROW_KEY = "_gata_row_key"


def with_row_key(rows, parts: list[str]):
    """Each row with ROW_KEY: the md5 of its merge-key values (a list part whole, in order) as JSON, so
    rows without an id of their own merge instead of piling up on every re-load (LinkedIn's ad analytics:
    pivotValues and dateRange.start). Deterministic: the same record always gets the same key."""
    for row in rows:
        values = [newer_wins.flat_value(row, p) for p in parts]
        text = json.dumps(values, sort_keys=True, separators=(",", ":"), default=str)
        yield {**row, ROW_KEY: hashlib.md5(text.encode()).hexdigest()}


def _counted(rows, tally: dict, lists: list[str]):
    """The rows, counted as dlt reads them: tally[''] rows, tally[<list field>] their child records."""
    for row in rows:
        tally[""] += 1
        for k in lists:
            tally[k] += len(newer_wins.flat_value(row, k) or [])  # keys as the API spells them
        yield row


def run_job(job: dict, args) -> int:
    """Load one tenant/connector; prints its rows per table and seconds; returns the rows loaded."""
    import dlt

    started = time.monotonic()

    dataset = gata_manifest.raw_schema_name(job["slug"], job["connector"])
    job["stale"] = {}
    skip_stale_records(job, dataset, args)
    resources, tallies = [], []
    for o, fields, rows, _ in job["tables"]:
        hints = mockgen.registry_hints(job["connector"], o, job["spec"])
        lists = [k for k, f in fields.items() if ("list" in f or "items" in f) and not f.get("detach")]
        tally = {"": 0, **{k: 0 for k in lists}}
        tallies.append((o["raw_table"], tally))
        keys = [k for k in o["merge_key"].split("|") if k]
        if mockgen.merge_key_lists(o):
            rows, keys = with_row_key(rows, keys), [ROW_KEY]
            hints[()].append({"name": ROW_KEY, "data_type": "text", "nullable": False})
        resources.append(dlt.resource(
            # a report row without a key of its own (registry merge_key empty) is appended
            _counted(rows, tally, lists), name=o["raw_table"],
            write_disposition="merge" if keys else "append",
            primary_key=keys, columns=hints.pop(()),
            nested_hints={path: dlt.mark.make_nested_hints(columns=cols) for path, cols in hints.items() if cols}))
    pipeline = dlt.pipeline(pipeline_name=f"gata_{job['slug']}_{job['connector']}",
                            destination=dlt.destinations.duckdb(str(args.database)), dataset_name=dataset,
                            pipelines_dir=str(args.pipelines_dir))
    info = pipeline.run(resources)
    seconds = time.monotonic() - started
    # Stale records never reached dlt; said even with --quiet (data was deliberately not loaded).
    cursors = {o["raw_table"]: o["cursor_field"] for o, *_ in job["tables"]}
    for table, stale in job["stale"].items():
        if stale:
            print(f"{job['slug']}/{job['connector']}: {table}: skipped {stale} stale record(s) older than the "
                  f"stored version ({cursors[table]})", flush=True)
    total = sum(sum(tally.values()) for _, tally in tallies)
    counts = [f"{table} {tally['']}" + "".join(f" ({table}__{k} {n})" for k, n in tally.items() if k)
              for table, tally in tallies]
    record_run(args.database, job, total, seconds, info.loads_ids[-1] if info.loads_ids else None)
    if not args.quiet:
        days = job["days"]
        what = f"files {job['files']}" if job["files"] is not None else f"{days[0]}..{days[-1]}"
        print(f"{job['slug']}/{job['connector']}: {what} -> {dataset}: {', '.join(counts)}; "
              f"{total} rows in {seconds:.1f} s", flush=True)
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tenants-file", type=Path, default=ROOT / "tenants.yaml")
    ap.add_argument("--tenant", action="append", default=[], help="tenant slug (repeatable; default: all active)")
    ap.add_argument("--start-date", type=dt.date.fromisoformat, help="first day to load (default: generation start_date)")
    ap.add_argument("--days", type=int, help="number of days to load (default: generation days)")
    ap.add_argument("--since-last-load", action="store_true",
                    help="load the days after the last loaded one up to --until (the daily load); files: reload them")
    ap.add_argument("--until", type=dt.date.fromisoformat,
                    help="last day for --since-last-load (default: today, UTC)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every volume (not days)")
    # relative to the project root, as in profiles.yml: dbt and load.py open the same file from any folder
    ap.add_argument("--database", type=Path,
                    default=ROOT / (os.environ.get("GATA_DUCKDB_PATH") or "gata.duckdb"))
    ap.add_argument("--pipelines-dir", type=Path, default=ROOT / ".dlt_pipelines")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.days is not None and args.days < 1 or args.scale <= 0:
        ap.error("--days must be >= 1 and --scale > 0")
    if args.since_last_load and (args.start_date or args.days):
        ap.error("--since-last-load chooses the days itself: give --until, not --start-date/--days")
    if args.until and not args.since_last_load:
        ap.error("--until needs --since-last-load")
    args.until = args.until or dt.datetime.now(dt.UTC).date()
    if args.quiet:
        os.environ.setdefault("RUNTIME__LOG_LEVEL", "ERROR")
    try:
        started = time.monotonic()
        tenants = select_tenants(args.tenants_file, args.tenant)
        spec = mockgen.load_spec()
        args.last_days = last_loaded_days(args.database) if args.since_last_load else {}
        jobs = [job for tenant in tenants for job in plan_tenant(tenant, args, spec, args.tenants_file)]
        check_database(args.database)
        rows = sum(run_job(job, args) for job in jobs)
        if not args.quiet:
            print(f"load.py: {len(jobs)} dataset(s) of {len({j['slug'] for j in jobs})} tenant(s) loaded, {rows} rows "
                  f"in {time.monotonic() - started:.1f} s -> {args.database}", flush=True)
    except GenError as exc:
        print(f"load.py: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # dlt wraps the DuckDB lock error raised mid-run
        if "lock" in repr(exc).lower() or "lock" in repr(exc.__cause__).lower():
            print(f"load.py: error: {args.database}: the DuckDB file is locked by another process", file=sys.stderr)
            return 3
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
