"""Platform benchmark: how the path scales with the number of tenants.

For each size N (default 1, 10, 50) it makes a private copy of the project whose tenants.yaml
holds N copies of the demo tenant `acme` (slugs t001…tNNN, same connectors and volumes),
then times:
  ingest all        load.py for all N tenants (one process)
  onboard one       onboard_tenant for the last tenant, with N-1 already onboarded
  full build        `dbt build` of everything, first time
  build one         `dbt build --select tenant:t001` after a new day of data for t001
  select one (ls)   `dbt ls --select tenant:t001`: dbt's parse + selection alone
  no-op rebuild     `dbt build` again with nothing new
and prints a table. The baseline is the same step at N=1 in the same run.
Targets (issue 2): build one at 50 ≤ 1.3× build one at 1; onboard one ≤ 10 s;
no-op rebuild ≤ 20 % of the first full build.

    .venv/bin/python benchmarks/bench_platform.py [--sizes 1,10,50] [--days 7]
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
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


def timed(cmd: list[str], cwd: Path, env: dict) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    return took


def make_project(base: Path, n: int, days: int) -> tuple[Path, dict, str]:
    root = base / f"gata_{n}"
    shutil.copytree(ROOT, root, ignore=IGNORE)
    (root / "models" / "tenants").mkdir(parents=True, exist_ok=True)
    shutil.rmtree(root / "models" / "vault", ignore_errors=True)
    (root / "models" / "vault").mkdir()
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


def bench(n: int, days: int, base: Path) -> dict[str, float]:
    root, env, next_day = make_project(base, n, days)
    dbt, py = str(BIN / "dbt"), str(BIN / "python")
    r = {"ingest all": timed([py, "ingestion/load.py", "--quiet"], root, env)}
    for i in range(1, n):
        timed([dbt, "--quiet", "run-operation", "onboard_tenant", "--args", f"{{tenant: t{i:03d}}}"], root, env)
    r["onboard one"] = timed([dbt, "--quiet", "run-operation", "onboard_tenant", "--args", f"{{tenant: t{n:03d}}}"],
                             root, env)
    r["full build"] = timed([dbt, "--quiet", "build"], root, env)
    timed([py, "ingestion/load.py", "--quiet", "--tenant", "t001", "--start-date", next_day, "--days", "1"], root, env)
    r["build one"] = timed([dbt, "--quiet", "build", "--select", "tenant:t001"], root, env)
    # dbt's own cost of a selection (load the manifest, select; nothing runs): the part of
    # "build one" that grows with the size of the project rather than with t001's data
    r["select one (ls)"] = timed([dbt, "--quiet", "ls", "--select", "tenant:t001"], root, env)
    r["no-op rebuild"] = timed([dbt, "--quiet", "build"], root, env)
    shutil.rmtree(root, ignore_errors=True)
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,10,50")
    ap.add_argument("--days", type=int, default=7)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory(prefix="gata_bench_") as tmp:
        for n in sizes:
            print(f"[bench] {n} tenant(s)…", flush=True)
            results[n] = bench(n, args.days, Path(tmp))
    steps = list(next(iter(results.values())))
    first = sizes[0]
    print(f"\n{'step':<15}" + "".join(f"{f'{n} tenants (s)':>17}" for n in sizes) + f"{'ratio max/' + str(first):>16}")
    for s in steps:
        vals = [results[n][s] for n in sizes]
        print(f"{s:<15}" + "".join(f"{v:>17.2f}" for v in vals) + f"{vals[-1] / vals[0]:>16.2f}")
    print()
    for n in sizes:
        r = results[n]
        print(f"{n} tenants: no-op rebuild / full build = {r['no-op rebuild'] / r['full build']:.2f} "
              f"(target ≤ 0.20); onboard one = {r['onboard one']:.1f} s (target ≤ 10 s)")
    last = sizes[-1]
    print(f"build one at {last} / at {first} = {results[last]['build one'] / results[first]['build one']:.2f} "
          f"(target ≤ 1.30)")


if __name__ == "__main__":
    main()
