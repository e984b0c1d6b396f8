"""Shared pytest fixtures: paths and a helper to run dbt / the ingestion script."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run_dbt(args: list[str], db: Path, cwd: Path = ROOT, check: bool = True, extra_env: dict | None = None):
    """Run dbt against the DuckDB file `db`; returns the CompletedProcess (stdout+stderr captured)."""
    env = dict(os.environ, GATA_DUCKDB_PATH=str(db), DBT_SEND_ANONYMOUS_USAGE_STATS="false", DO_NOT_TRACK="1")
    env.update(extra_env or {})
    proc = subprocess.run([str(BIN / "dbt"), *args], cwd=cwd, env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"dbt {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture
def tmp_db(tmp_path: Path) -> Path:
    return tmp_path / "gata.duckdb"


# Under pytest-xdist (`--dist loadgroup`, set in pyproject.toml) a module's tests run on one worker, in order,
# so each module's expensive module-scoped fixture is built once. (tests/vault drives integration_tests/
# through a copy per test process, tests/vault/_core_it.py, so its modules may run on different workers.)
@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which turns the marker into the node's group
def pytest_collection_modifyitems(config, items):
    for item in items:
        item.add_marker(pytest.mark.xdist_group(item.path.relative_to(ROOT).as_posix()))
