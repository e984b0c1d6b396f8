#!/usr/bin/env python3
"""Gata's task runner. Needs only python3: it creates the project's venv itself.

    python3 tasks.py demo     # ingest + onboard + build every tenant, print a summary
    python3 tasks.py test     # the test suite without the slow scenarios (what CI runs); test --all: all
    python3 tasks.py bench    # benchmarks (prints tables)
    python3 tasks.py report --tenant acme   # target/reports/acme.html: net revenue vs ad spend, ROAS
    python3 tasks.py setup    # only (re)create .venv from requirements.lock
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".gata-installed"


def say(msg: str) -> None:
    print(f"[gata {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def run(cmd: list[str], **kw) -> None:
    say("$ " + " ".join(cmd))
    subprocess.run(cmd, cwd=kw.pop("cwd", ROOT), check=True, **kw)


def _install_fingerprint() -> str:
    h = hashlib.sha256()
    for f in (LOCK, ROOT / "pyproject.toml", ROOT / "dbt_gata.py", ROOT / "gata_manifest.py"):
        if f.exists():
            h.update(f.read_bytes())
    return h.hexdigest()


def setup() -> None:
    """Create .venv with the locked dependencies; a no-op when nothing changed."""
    want = _install_fingerprint()
    if STAMP.exists() and STAMP.read_text() == want:
        return
    if not (BIN / "python").exists():
        say("creating .venv")
        run([sys.executable, "-m", "venv", str(VENV)])
    say("installing locked dependencies (requirements.lock)")
    # The lock is complete (every transitive pin, with hashes): install exactly it, no resolution. With
    # resolution, pip's hash mode rejects a dependency asked with an extra (dbt-adapters wants
    # mashumaro[msgpack]) because the lock pins it without the extra.
    run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-deps", "--require-hashes", "-r", str(LOCK)])
    # Non-editable, so that dbt's plugin discovery (pkgutil) sees dbt_gata as a plain module
    # (and dbt-duckdb imports gata_manifest, the tenants.yaml validator, as its profile plugin).
    run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-deps", "--no-build-isolation", "--force-reinstall", "."])
    STAMP.write_text(want)


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PATH"] = f"{BIN}{os.pathsep}{e.get('PATH', '')}"
    e.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    e.setdefault("DO_NOT_TRACK", "1")
    return e


def demo() -> None:
    import yaml  # available once the venv runs this

    tenants = [t for t in yaml.safe_load((ROOT / "tenants.yaml").read_text())["tenants"]
               if t.get("status", "active") == "active"]
    e = env()
    dbt = str(BIN / "dbt")
    say(f"{len(tenants)} tenants in tenants.yaml: {', '.join(t['slug'] for t in tenants)}")
    say("step 1/4: ingesting mock data with dlt (dbt parses the project meanwhile, on the other core)")
    # dbt parse opens no warehouse connection, so it may overlap the loader (DuckDB's one writer);
    # it leaves target/partial_parse.msgpack, and the onboarding then starts without a full parse.
    (ROOT / "target").mkdir(exist_ok=True)
    with open(ROOT / "target" / "demo_parse.log", "w") as log:
        parse = subprocess.Popen([dbt, "parse"], cwd=ROOT, env=e, stdout=log, stderr=subprocess.STDOUT)
        run([str(BIN / "python"), "ingestion/load.py"], env=e)
        if parse.wait():
            print((ROOT / "target" / "demo_parse.log").read_text(), flush=True)
            raise subprocess.CalledProcessError(parse.returncode, [dbt, "parse"])
    say(f"step 2/4: onboarding {len(tenants)} tenants in one dbt invocation")
    onboard_summary([dbt, "run-operation", "onboard_tenants"], e)
    say("step 3/4: dbt build (all tenants: staging, shared vault, marts, tests)")
    run([dbt, "build"], env=e)
    say("step 4/4: summary")
    run([dbt, "--quiet", "run-operation", "tenant_summary"], env=e)


def onboard_summary(cmd: list[str], e: dict[str, str]) -> None:
    """Run an onboarding and show its own summary lines (validation, files per phase, selectors, next
    command) without dbt's start-up chatter; everything when it fails."""
    say("$ " + " ".join(cmd))
    proc = subprocess.run(cmd, cwd=ROOT, env=e, capture_output=True, text=True, check=False)
    lines = (proc.stdout + proc.stderr).splitlines()
    ours = ("onboard_tenant ", "onboard_tenants:")
    shown = lines if proc.returncode else [ln for ln in lines if any(o in ln for o in ours)]
    for line in shown:
        print("    " + line.split("  ", 1)[-1].strip() if any(o in line for o in ours) else line, flush=True)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)


def test() -> None:
    """`test`: the suite without the scenarios marked slow (CI's command, under 15 minutes on 2 cores);
    `test --all`: everything; `test <pytest arguments>`: exactly what they select."""
    args = sys.argv[2:]
    if args == ["--all"]:
        args = []
    elif not args:
        args = ["-m", "not slow"]
    run([str(BIN / "python"), "-m", "pytest", *args], env=env())


def bench() -> None:
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        run([str(BIN / "python"), str(script), *sys.argv[2:]], env=env())


def report() -> None:
    run([str(BIN / "python"), str(ROOT / "reports" / "render_report.py"), *sys.argv[2:]], env=env())


COMMANDS = {"setup": lambda: None, "demo": demo, "test": test, "bench": bench, "report": report}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        sys.exit(2)
    setup()
    # (a venv's python is a symlink to the base interpreter: compare prefixes, not resolved paths)
    if Path(sys.prefix).resolve() != VENV.resolve() and sys.argv[1] == "demo":
        # Re-run inside the venv so that the demo can import yaml.
        os.execv(str(BIN / "python"), [str(BIN / "python"), __file__, *sys.argv[1:]])
    try:
        COMMANDS[sys.argv[1]]()
    except subprocess.CalledProcessError as exc:
        say(f"failed: {' '.join(map(str, exc.cmd))} (exit {exc.returncode})")
        sys.exit(exc.returncode or 1)
