"""Driver for the vault-core integration scenarios: dbt in integration_tests/ on a temp DuckDB file."""
from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]


def _worker_copy() -> Path:
    """This test process's own copy of integration_tests/ (its target/ and dbt_packages/ too), so that
    pytest-xdist may run the vault modules on several workers at once. The package is the checkout itself."""
    src, dst = ROOT / "integration_tests", Path(tempfile.gettempdir()) / f"gata_it_{os.getpid()}" / "integration_tests"
    if not dst.exists():
        shutil.copytree(src, dst, ignore=shutil.ignore_patterns("target", "dbt_packages", "logs", "package-lock.yml"))
        (dst / "packages.yml").write_text(f"packages:\n  - local: {json.dumps(str(ROOT))}\n")
        atexit.register(shutil.rmtree, dst.parent, ignore_errors=True)
    return dst


IT = _worker_copy()
DBT = Path(sys.executable).parent / "dbt"
_deps_done = False


def dbt(args: list[str], db: Path, vars: dict | None = None, env: dict | None = None,
        check: bool = True) -> subprocess.CompletedProcess:
    """Run dbt in integration_tests/ against `db` (extra environment `env`); fail with dbt's output if it fails
    (unless check is false: a run expected to fail)."""
    global _deps_done
    env = dict(os.environ, GATA_IT_DUCKDB_PATH=str(db), DBT_PROFILES_DIR=str(IT),
               DBT_SEND_ANONYMOUS_USAGE_STATS="false", DO_NOT_TRACK="1", **(env or {}))
    if not _deps_done:
        _run([str(DBT), "deps"], env)
        _deps_done = True
    cmd = [str(DBT), *args]
    if vars:
        cmd += ["--vars", json.dumps(vars)]
    return _run(cmd, env, check)


def _run(cmd, env, check=True):
    proc = subprocess.run(cmd, cwd=IT, env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}")
    return proc


def query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql(sql).fetchall()
    finally:
        con.close()


# Expected digests, computed here with hashlib: independent of the engine's SQL.
def digest(text: str | None, algo: str = "md5") -> bytes | None:
    return None if text is None else hashlib.new(algo, text.encode()).digest()


def snapshot(db: Path, name: str) -> Path:
    """A copy of the DuckDB file `db` next to it, named after the scenario step, for read-only checks."""
    copy = db.with_name(f"{name}.copy.duckdb")
    shutil.copy(db, copy)
    return copy
