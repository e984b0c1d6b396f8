"""Manifest-size benchmark: does one tenant's work stay cheap when tenants.yaml lists 10,000 tenants?

In a private copy of the project, with tenant acme's raw data loaded and acme onboarded and built
once (warm-up, not timed), it times for the demo tenants.yaml and for the same file plus N extra
tenants (copies of acme, slugs t00001...; default N = 10,000):
  ls one        `dbt ls --select tenant:acme` (parse + selection)
  onboard one   `dbt run-operation onboard_tenant --args '{tenant: acme}'` (validates the whole manifest)
  build one     `dbt build --select tenant:acme` (nothing new: the marts read tenants.yaml)
and prints a table with the ratio large/demo. tenants.yaml is parsed once per dbt invocation
(gata.parsed_manifest) and validated once (gata_manifest.py through the profile's plugin).

    .venv/bin/python benchmarks/bench_manifest_size.py [--tenants 10000]
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from bench_platform import IGNORE, timed as run  # same project copy rules, same timer

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
STEPS = {
    "ls one": ["ls", "--select", "tenant:acme"],
    "onboard one": ["run-operation", "onboard_tenant", "--args", "{tenant: acme}"],
    "build one": ["build", "--select", "tenant:acme"],
}


def large_manifest(demo: str, n: int) -> str:
    """The demo file plus n copies of acme's entry, written the way an analyst writes them."""
    start = demo.index("  - slug: acme\n")
    end = demo.index("\n  - slug:", start + 1) + 1
    block = demo[start:end].rstrip("\n") + "\n"
    extra = "".join(block.replace("slug: acme\n", f"slug: t{i:05d}\n", 1) for i in range(1, n + 1))
    return demo.rstrip("\n") + "\n\n" + extra


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tenants", type=int, default=10_000, help="extra tenants in the large manifest")
    n = ap.parse_args().tenants
    with tempfile.TemporaryDirectory(prefix="gata_bench_manifest_") as tmp:
        root = Path(tmp) / "gata"
        shutil.copytree(ROOT, root, ignore=IGNORE)
        (root / "models" / "tenants").mkdir(parents=True, exist_ok=True)
        shutil.rmtree(root / "models" / "vault", ignore_errors=True)
        (root / "models" / "vault").mkdir()
        env = dict(os.environ, GATA_DUCKDB_PATH=str(root / "gata.duckdb"), DBT_SEND_ANONYMOUS_USAGE_STATS="false",
                   DO_NOT_TRACK="1", PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
        dbt = [str(BIN / "dbt"), "--quiet"]
        demo = (root / "tenants.yaml").read_text()
        print("[bench] loading and onboarding acme (warm-up)", flush=True)
        run([str(BIN / "python"), "ingestion/load.py", "--quiet", "--tenant", "acme", "--days", "2"], root, env)
        run(dbt + STEPS["onboard one"], root, env)
        run(dbt + STEPS["build one"], root, env)
        results: dict[str, dict[str, float]] = {}
        for label, text in (("demo", demo), (f"+{n:,} tenants", large_manifest(demo, n))):
            (root / "tenants.yaml").write_text(text)
            print(f"[bench] {label} ({len(text) / 1e6:.1f} MB)", flush=True)
            results[label] = {step: run(dbt + args, root, env) for step, args in STEPS.items()}
    small, large = results
    print(f"\n{'step':<13}{'demo (s)':>12}{large + ' (s)':>22}{'ratio':>8}")
    for step in STEPS:
        a, b = results[small][step], results[large][step]
        print(f"{step:<13}{a:>12.2f}{b:>22.2f}{b / a:>8.2f}")


if __name__ == "__main__":
    main()
