"""The daily command for every tenant: load what is new, then build only the tenants it changed.

    .venv/bin/python ingestion/daily.py [--tenant acme ...] [--until 2026-11-30] [--scopes] [--dry-run]

1. `load.py --since-last-load` (all active tenants, or the --tenant ones): each connector's days since its
   last load, each file-fed connector's files again.
2. A tenant is built when, since its last complete build (gata_meta.tenant_builds, written by dbt's
   on-run-end hook when every model of the tenant succeeded), a load brought rows
   (gata_meta.ingestion_runs) or an onboarding wrote or removed files (gata_meta.onboarding_runs); or when
   it was never built completely. One `dbt build --select tenant:a tenant:b …` builds them all; with
   --scopes, each one in its own scope project instead (`dbt build --project-dir scopes/<slug>`, README
   "One tenant at scale"), one after the other: each costs what it would cost alone, whatever the number of
   tenants, and one tenant's failure stops no other tenant's build.
3. With nothing new, no dbt runs at all: a day without data costs a second, whatever the number of tenants.

After a change to Gata itself (registry, engines, a new version), run a plain `dbt build`: that is a change
the load and onboarding logs do not see. Exit status: load.py's if it fails, else dbt's.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent

# (tenant, reason) of every tenant changed since its last complete build; `wanted` = the tenants considered.
CHANGED_SQL = """
with wanted as (select unnest(?::varchar[]) as tenant),
built as ({builds}),
loads as ({loads}),
onboardings as ({onboardings})
select w.tenant,
       case when b.last_build is null then 'never built completely'
            when l.last_load > b.last_build then 'new data: ' || l.rows_since || ' rows'
            else 'onboarded again' end
from wanted as w
left join built as b using (tenant)
left join loads as l using (tenant)
left join onboardings as o using (tenant)
where b.last_build is null or l.last_load > b.last_build or o.last_onboarding > b.last_build
order by w.tenant
"""


def _table_exists(con, name: str) -> bool:
    return con.execute("select count(*) from information_schema.tables where table_catalog = current_database() "
                       "and table_schema = 'gata_meta' and table_name = ?", [name]).fetchone()[0] > 0


def changed_tenants(database: Path, tenants: list[str]) -> list[tuple[str, str]]:
    """[(slug, why)] of the `tenants` to build, from the warehouse's logs (read-only)."""
    if not database.exists():
        return [(t, "never built completely") for t in tenants]
    con = duckdb.connect(str(database), read_only=True)
    try:
        none = "select null::varchar as tenant, null::timestamp as {col}, null::bigint as rows_since where false"
        builds = ("select tenant, max(started_at) as last_build from gata_meta.tenant_builds group by all"
                  if _table_exists(con, "tenant_builds") else none.format(col="last_build"))
        loads = ("select r.tenant, max(r.finished_at) as last_load, sum(r.rows_loaded) filter "
                 "(where r.finished_at > coalesce(b.last_build, '-infinity'::timestamp)) as rows_since "
                 "from gata_meta.ingestion_runs as r left join built as b using (tenant) where r.rows_loaded > 0 group by all"
                 if _table_exists(con, "ingestion_runs") else none.format(col="last_load"))
        onboardings = ("select tenant, max(finished_at) as last_onboarding from gata_meta.onboarding_runs "
                       "where result = 'ok' and files_written + files_deleted > 0 group by all"
                       if _table_exists(con, "onboarding_runs") else none.format(col="last_onboarding"))
        sql = CHANGED_SQL.format(builds=builds, loads=loads, onboardings=onboardings)
        return [tuple(r) for r in con.execute(sql, [tenants]).fetchall()]
    finally:
        con.close()


def onboarded(project: Path, tenants: list[str]) -> list[str]:
    """The tenants with shells (models/tenants/<slug>/): the others have nothing to build yet."""
    return [t for t in tenants if any((project / "models" / "tenants" / t).glob("*.sql"))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tenant", action="append", default=[], help="tenant slug (repeatable; default: all active)")
    ap.add_argument("--until", help="last day to load (load.py --until; default: today, UTC)")
    ap.add_argument("--scopes", action="store_true",
                    help="build each changed tenant in its scope project (scopes/<slug>), one after the other")
    ap.add_argument("--dry-run", action="store_true", help="load, then print the build command without running it")
    args = ap.parse_args(argv)
    load = [str(BIN / "python"), str(HERE / "load.py"), "--since-last-load"]
    for slug in args.tenant:
        load += ["--tenant", slug]
    if args.until:
        load += ["--until", args.until]
    print("daily: $ " + " ".join(load[1:]), flush=True)
    proc = subprocess.run(load, cwd=ROOT, check=False)
    if proc.returncode:
        return proc.returncode
    manifest = yaml.safe_load((ROOT / "tenants.yaml").read_text()) or {}
    active = [t["slug"] for t in manifest.get("tenants") or [] if t.get("status", "active") == "active"]
    considered = sorted(set(args.tenant) or set(active))
    ready = onboarded(ROOT, considered)
    for slug in sorted(set(considered) - set(ready)):
        print(f"daily: {slug}: not onboarded, nothing to build (dbt run-operation onboard_tenant --args "
              f"'{{tenant: {slug}}}')", flush=True)
    database = ROOT / (os.environ.get("GATA_DUCKDB_PATH") or "gata.duckdb")
    changed = changed_tenants(database, ready)
    for slug, why in changed:
        print(f"daily: {slug}: {why}", flush=True)
    if not changed:
        print(f"daily: nothing new for {len(ready)} tenant(s) since their last complete build; no dbt build", flush=True)
        return 0
    if args.scopes:
        return build_in_scopes([slug for slug, _ in changed], len(ready), args.dry_run)
    build = [str(BIN / "dbt"), "build", "--select", *(f"tenant:{slug}" for slug, _ in changed)]
    print(f"daily: building {len(changed)} of {len(ready)} tenant(s): $ dbt " + " ".join(build[1:]), flush=True)
    if args.dry_run:
        return 0
    return subprocess.run(build, cwd=ROOT, check=False).returncode


def build_in_scopes(slugs: list[str], n_ready: int, dry_run: bool) -> int:
    """One `dbt build --project-dir scopes/<slug>` per tenant, in order; every tenant is tried. -> 0, or the
    first failing build's exit status."""
    missing = [s for s in slugs if not (ROOT / "scopes" / s / "dbt_project.yml").is_file()]
    if missing:
        print("daily: no scope project for " + ", ".join(missing) + ": run dbt run-operation onboard_tenants "
              "(it writes scopes/<slug>/), or daily.py without --scopes", flush=True)
        return 2
    print(f"daily: building {len(slugs)} of {n_ready} tenant(s), each in its scope project", flush=True)
    failed: list[tuple[str, int]] = []
    for i, slug in enumerate(slugs, 1):
        build = [str(BIN / "dbt"), "build", "--project-dir", f"scopes/{slug}"]
        print(f"daily: {i}/{len(slugs)} {slug}: $ dbt " + " ".join(build[1:]), flush=True)
        if not dry_run:
            rc = subprocess.run(build, cwd=ROOT, check=False).returncode
            if rc:
                failed.append((slug, rc))
                print(f"daily: {slug}: build failed (exit {rc}); going on with the others", flush=True)
    if failed:
        print(f"daily: {len(failed)} of {len(slugs)} tenant build(s) failed: " + ", ".join(s for s, _ in failed), flush=True)
        return failed[0][1]
    return 0


if __name__ == "__main__":
    sys.exit(main())
