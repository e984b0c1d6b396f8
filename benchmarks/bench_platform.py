"""Platform benchmark: how a tenant's work scales with the number of tenants (issue 8).

For each size N (default 1, 50, 200) it makes a private copy of the project whose tenants.yaml holds N
copies of the demo tenant `acme` (slugs t001…tNNN, same connectors and volumes, --days days each), then:
  ingest all         load.py for all N tenants (one process): seconds, seconds per tenant, peak RSS
  onboard one        onboard_tenant for the last tenant, the N-1 others onboarded before (onboard_tenants)
                     and parsed (dbt parse), as their first build would
  full build         `dbt build` of everything, first time
  build one          `dbt build --select tenant:t001` after a new day of t001's data
                     (its dbt overhead: wall time minus run_results' elapsed = start, parse, select)
                     and where its time goes, from dbt.log timestamps: python start + exit, read state
                     (partial-parse msgpack, file hashes), write manifest.json, graph, select + cache,
                     execution, write-out (run_results.json)
  select one (ls)    `dbt ls --select tenant:t001`: dbt's load + selection alone
  ls --no-write-json the same without writing manifest.json (what `dbt ls` spends most on, measured)
  no-op rebuild      `dbt build` again with nothing new loaded
  no-op daily.py     the daily command (ingestion/daily.py) with nothing new: it runs no dbt
  daily all          one new day for every tenant (one load.py), then `dbt build`: seconds per tenant
  build one (scope)  a new day of t001, then `dbt build --project-dir scopes/t001`: t001's scope project
                     (README "One tenant at scale"), after one `dbt parse` of it
  ls (scope)         `dbt ls --project-dir scopes/t001`
  onboard one (scope) a tenant new to tenants.yaml (raw copied from t001) onboarded from scopes/t001
and prints the table with the ratio to the first size, then the targets. A benchmark, not a test: the
numbers depend on the machine; compare sizes within one run.

--full-upto M: sizes above M run only the per-tenant steps (onboard one, build one, ls), whose cost is dbt's
per-invocation work over the whole project; the whole-project steps (ingest all, full build, no-op, daily
all: about 7 s per tenant each, linear, measured at the smaller sizes) are skipped and printed as "-". There
only t001 is ingested; the other tenants' raw datasets are copies of t001's (DuckDB CREATE TABLE AS, which
onboarding introspects like a dlt load), and the first build builds t001 alone.

    .venv/bin/python benchmarks/bench_platform.py [--sizes 1,50,200] [--days 7] [--keep DIR] [--full-upto M]
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
IGNORE = shutil.ignore_patterns(".venv", "target", "dbt_packages", "logs", "*.duckdb*", ".dlt_pipelines",
                                "__pycache__", ".pytest_cache", ".git", "integration_tests", "tenants")


def timed(cmd: list[str], cwd: Path, env: dict) -> tuple[float, int]:
    """(wall seconds, peak RSS in MB of the command's own process)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out[-6000:]}")
    return took, usage.ru_maxrss // 1024


def elapsed(root: Path) -> float:
    """Execution time dbt itself reports for its last command (run_results.json)."""
    return json.loads((root / "target" / "run_results.json").read_text())["elapsed_time"]


MARKS = [  # (phase that ends at the first log line matching, regex); a phase whose line is missing is skipped
    ("read state", r"Partial parsing enabled"),             # msgpack of the last parse read, every file hashed
    ("write manifest.json", r"Wrote artifact SemanticManifest"),  # not with --no-write-json
    ("graph", r"\]: Found \d+ models"),                     # nodes linked, graph built, cycle check
    ("select + cache", r"\d+ of \d+ START "),                # selection, relation cache, first node starts
    ("execution", r"Finished running \d"),                  # nodes and on-run-end hooks
    ("write-out", r"Command `dbt "),                        # artifacts (run_results.json), then dbt's total
]


def phases(root: Path, wall: float) -> dict[str, float]:
    """Where dbt's last command spent its time, from the timestamps of its debug log (logs/dbt.log)."""
    lines: list[str] = []
    for name in ("dbt.log.1", "dbt.log"):  # the log rotates at 10 MB
        if (root / "logs" / name).exists():
            lines += (root / "logs" / name).read_text(errors="replace").splitlines()
    start = max(i for i, line in enumerate(lines) if "Running with dbt=" in line)

    def at(line: str) -> float:
        h, m, sec = line.split(" ", 1)[0][-15:].split(":")
        return int(h) * 3600 + int(m) * 60 + float(sec)

    out, t, hit = {}, at(lines[start]), ""
    for phase, text in MARKS:
        hit = next((line for line in lines[start:] if re.search(text, line)), None)
        if hit is not None:
            out[phase] = (at(hit) - t) % 86400
            t = at(hit)
    # the last mark's line ends "... after <seconds> seconds": dbt's own total; the rest is Python starting
    # and exiting (closing DuckDB checkpoints its WAL)
    out["python start + exit"] = wall - float(hit.rsplit(" after ", 1)[1].split()[0]) if hit and " after " in hit else 0.0
    return out


def make_project(base: Path, n: int, days: int) -> tuple[Path, dict, str]:
    root = base / f"gata_{n}"
    shutil.copytree(ROOT, root, ignore=IGNORE)
    (root / "models" / "tenants").mkdir(parents=True, exist_ok=True)
    shutil.rmtree(root / "models" / "vault", ignore_errors=True)
    (root / "models" / "vault").mkdir()
    (root / "selectors.yml").unlink(missing_ok=True)
    manifest = yaml.safe_load((ROOT / "tenants.yaml").read_text())
    template = next(t for t in manifest["tenants"] if t["slug"] == "acme")
    tenants = []
    for i in range(1, n + 1):
        t = copy.deepcopy(template)
        t["slug"], t["business_name"] = f"t{i:03d}", f"Tenant {i}"
        for src in t["sources"].values():
            src["generation"]["days"] = days
        tenants.append(t)
    (root / "tenants.yaml").write_text(yaml.safe_dump({"tenants": tenants}, sort_keys=False))
    env = dict(os.environ, GATA_DUCKDB_PATH=str(root / "bench.duckdb"), DBT_SEND_ANONYMOUS_USAGE_STATS="false",
               DO_NOT_TRACK="1", RUNTIME__DLTHUB_TELEMETRY="false")
    start = dt.date.fromisoformat(str(template["sources"]["shopify"]["generation"]["start_date"]))
    return root, env, (start + dt.timedelta(days=days)).isoformat()


def clone_raw(env: dict, n: int, first: int = 2) -> None:
    """Copy t001's raw datasets to t<first>..tNNN (same tables and rows, as if loaded by dlt; dlt's own state
    tables too, so a later load.py for a copied tenant would not load its days again)."""
    import duckdb

    con = duckdb.connect(env["GATA_DUCKDB_PATH"])
    tables = [(s, t) for s, t in con.execute(
        "select table_schema, table_name from information_schema.tables order by 1, 2").fetchall()
        if s.startswith("raw_t001_")]
    for i in range(first, n + 1):
        slug = f"t{i:03d}"
        for schema in sorted({s for s, _ in tables}):
            con.execute(f'create schema if not exists "{schema.replace("t001", slug, 1)}"')
        for schema, table in tables:
            con.execute(f'create or replace table "{schema.replace("t001", slug, 1)}"."{table}" as '
                        f'select * from "{schema}"."{table}"')
        if i % 50 == 0 or i == n:
            print(f"[bench {n}] raw of t001 copied to t{first:03d}..{slug}", flush=True)
    con.close()


def bench(n: int, days: int, base: Path, keep: bool, full: bool = True) -> dict[str, float]:
    root, env, next_day = make_project(base, n, days)
    dbt, py = str(BIN / "dbt"), str(BIN / "python")
    r: dict[str, float] = {}

    def step(name: str, cmd: list[str]) -> float:
        print(f"[bench {n}] {name}: {' '.join(cmd[1:])[:110]}", flush=True)
        took, rss = timed(cmd, root, env)
        r[name] = took
        r[f"{name} (MB)"] = rss
        print(f"[bench {n}] {name}: {took:.2f} s, peak {rss} MB", flush=True)
        return took

    def scope_steps() -> None:
        """The same per-tenant steps in t001's scope project (scopes/t001), after its first parse; then a
        tenant new to tenants.yaml (raw copied from t001) onboarded from that scope."""
        scope = ["--project-dir", "scopes/t001"]
        step("parse scope", [dbt, "--quiet", "parse", *scope])
        day3 = (dt.date.fromisoformat(next_day) + dt.timedelta(days=2)).isoformat()
        step("new day t001 (scope)", [py, "ingestion/load.py", "--quiet", "--tenant", "t001", "--start-date", day3, "--days", "1"])
        step("build one (scope)", [dbt, "--quiet", "build", *scope])
        r["build one (scope): dbt overhead"] = r["build one (scope)"] - elapsed(root / "scopes" / "t001")
        step("ls (scope)", [dbt, "--quiet", "ls", *scope])
        doc = yaml.safe_load((root / "tenants.yaml").read_text())
        new = copy.deepcopy(doc["tenants"][0])
        new["slug"], new["business_name"] = f"t{n + 1:03d}", f"Tenant {n + 1}"
        doc["tenants"].append(new)
        (root / "tenants.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
        clone_raw(env, n + 1, first=n + 1)
        step("onboard one (scope)", [dbt, "--quiet", "run-operation", "onboard_tenant", "--args",
                                     f"{{tenant: t{n + 1:03d}}}", *scope])

    if full:
        step("ingest all", [py, "ingestion/load.py", "--quiet"])
    else:
        step("ingest t001", [py, "ingestion/load.py", "--quiet", "--tenant", "t001"])
        clone_raw(env, n)
    if n > 1:
        others = ", ".join(f"t{i:03d}" for i in range(1, n))
        step("onboard others", [dbt, "--quiet", "run-operation", "onboard_tenants", "--args", f"{{tenants: [{others}]}}"])
    # dbt parses what onboarding wrote on its next command (and everything, the first time); without this,
    # onboard one would pay for parsing the others' shells
    step("parse others", [dbt, "--quiet", "parse"])
    step("onboard one", [dbt, "--quiet", "run-operation", "onboard_tenant", "--args", f"{{tenant: t{n:03d}}}"])
    step("full build" if full else "first build of t001", [dbt, "--quiet", "build", *([] if full else ["--select", "tenant:t001"])])
    step("new day t001", [py, "ingestion/load.py", "--quiet", "--tenant", "t001", "--start-date", next_day, "--days", "1"])
    step("build one", [dbt, "--quiet", "build", "--select", "tenant:t001"])
    r["build one: dbt overhead"] = r["build one"] - elapsed(root)
    for phase, took in phases(root, r["build one"]).items():
        r[f"  {phase}"] = took
    step("select one (ls)", [dbt, "--quiet", "ls", "--select", "tenant:t001"])
    step("ls --no-write-json", [dbt, "--quiet", "--no-write-json", "ls", "--select", "tenant:t001"])
    if not full:
        scope_steps()
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
        return r
    step("no-op rebuild", [dbt, "--quiet", "build"])
    last_day = (dt.date.fromisoformat(next_day) - dt.timedelta(days=1)).isoformat()
    step("no-op daily.py", [py, "ingestion/daily.py", "--until", last_day])
    day2 = (dt.date.fromisoformat(next_day) + dt.timedelta(days=1)).isoformat()
    step("new day all", [py, "ingestion/load.py", "--quiet", "--start-date", day2, "--days", "1"])
    step("daily all", [dbt, "--quiet", "build"])
    r["daily all per tenant"] = r["daily all"] / n
    r["ingest per tenant"] = r["ingest all"] / n
    scope_steps()
    if not keep:
        shutil.rmtree(root, ignore_errors=True)
    return r


ROWS = ["ingest all", "ingest per tenant", "ingest all (MB)", "onboard one", "full build", "build one",
        "build one: dbt overhead", "  python start + exit", *(f"  {p}" for p, _ in MARKS), "select one (ls)", "ls --no-write-json", "no-op rebuild", "no-op daily.py", "daily all",
        "daily all per tenant", "build one (scope)", "build one (scope): dbt overhead", "ls (scope)", "onboard one (scope)"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,50,200")
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--keep", help="keep the projects in this folder (default: a temporary one, removed)")
    ap.add_argument("--full-upto", type=int, default=None,
                    help="sizes above this run only the per-tenant steps (see above); default: every size in full")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory(prefix="gata_bench_") as tmp:
        base = Path(args.keep) if args.keep else Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            full = args.full_upto is None or n <= args.full_upto
            results[n] = bench(n, args.days, base, bool(args.keep), full)
    first = sizes[0]
    print(f"\n{'step (seconds; MB)':<33}" + "".join(f"{f'{n} tenants':>13}" for n in sizes)
          + "".join(f"{f'{n}/{first}':>9}" for n in sizes[1:]))
    for s in ROWS:
        vals = [results[n].get(s) for n in sizes]
        print(f"{s:<33}" + "".join(f"{'-' if v is None else f'{v:.2f}':>13}" for v in vals)
              + "".join(f"{'-' if v is None or not vals[0] else f'{v / vals[0]:.2f}':>9}" for v in vals[1:]))
    for last in sizes[1:]:
        targets(results, first, last)


def targets(results: dict, first: int, last: int) -> None:
    r = results[last]
    print(f"\ntargets at {last} tenants:")
    print(f"  build one {last}/{first} = {r['build one'] / results[first]['build one']:.2f}   (target <= 1.20)")
    print(f"  select one (ls) = {r['select one (ls)']:.1f} s   (target <= 5 s; --no-write-json {r['ls --no-write-json']:.1f} s)")
    print(f"  onboard one = {r['onboard one']:.1f} s   (target <= 5 s)")
    print(f"  in the tenant's scope (scopes/t001): build one {last}/{first} = "
          f"{r['build one (scope)'] / results[first]['build one (scope)']:.2f}, ls {r['ls (scope)']:.1f} s, "
          f"onboard one {r['onboard one (scope)']:.1f} s")
    if "full build" not in r:
        print("  (whole-project steps not run at this size: --full-upto)")
        return
    print(f"  no-op rebuild / full build = {r['no-op rebuild'] / r['full build']:.2f} with dbt build, "
          f"{r['no-op daily.py'] / r['full build']:.3f} with ingestion/daily.py   (target <= 0.20)")
    print(f"  daily all = {r['daily all']:.0f} s, {r['daily all per tenant']:.2f} s per tenant "
          f"(at {first}: {results[first]['daily all per tenant']:.2f})   (target: linear)")
    print(f"  ingest = {r['ingest per tenant']:.2f} s per tenant, peak {r['ingest all (MB)']:.0f} MB "
          f"(at {first}: {results[first]['ingest per tenant']:.2f} s, {results[first]['ingest all (MB)']:.0f} MB)")


if __name__ == "__main__":
    main()
