"""Helpers for the product-flow tests (freshness, selectors, paths, the README's daily flow): a copy of
the project with its own tenants.yaml and a `.venv` that points at the venv running the tests, and
commands run the way an analyst types them (no GATA_DUCKDB_PATH: the default warehouse path is tested)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import ROOT

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "onboarding"))
from onboarding_helpers import query  # noqa: F401  (re-exported for the product tests)

VENV = Path(sys.executable).parent.parent


SKIP_EVERYWHERE = shutil.ignore_patterns("target", "dbt_packages", "logs", "*.duckdb", "*.duckdb.wal", "__pycache__",
                                        ".pytest_cache", "build", "*.egg-info", ".dlt_pipelines")
# only at the project root: macros/platform/tests holds the generic data tests
SKIP_AT_ROOT = {".venv", ".git", "tests", "integration_tests"}


def copy_with_demo_shells(dest: Path) -> Path:
    """The project as committed: the demo tenants' shells and selectors.yml, no warehouse."""
    def ignore(folder: str, names: list[str]) -> set[str]:
        return SKIP_EVERYWHERE(folder, names) | (SKIP_AT_ROOT & set(names) if Path(folder) == ROOT else set())
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


def acme_manifest(sources: str) -> str:
    """tenants.yaml with one tenant, acme, whose `sources:` mapping is `sources` (YAML, 6 spaces deep)."""
    return "tenants:\n  - slug: acme\n    business_name: Acme\n    status: active\n    sources:\n" + sources


def make_project(dest: Path, tenants_yaml: str) -> Path:
    """The project without generated shells, with `tenants_yaml` and `.venv` -> the test venv."""
    project = copy_with_demo_shells(dest)
    for d in ("models/tenants", "models/vault/hubs", "models/vault/links", "models/vault/satellites"):
        shutil.rmtree(project / d, ignore_errors=True)
    (project / "models/vault/_vault__models.yml").unlink()
    (project / "selectors.yml").unlink()
    (project / "tenants.yaml").write_text(tenants_yaml)
    (project / ".venv").symlink_to(VENV, target_is_directory=True)
    return project


def env_for(project: Path, **extra: str) -> dict:
    """The user's environment: no GATA_DUCKDB_PATH; the copy's own Python modules (gata_manifest,
    dbt_gata) shadow the installed ones, which may be older than this checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("GATA_DUCKDB_PATH", "DBT_PROFILES_DIR", "DBT_PROJECT_DIR")}
    env.update(DBT_SEND_ANONYMOUS_USAGE_STATS="false", DO_NOT_TRACK="1", PYTHONPATH=str(project), **extra)
    return env


def run(cmd: list[str], cwd: Path, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def execute(db: Path, sql: str) -> None:
    con = duckdb.connect(str(db))
    try:
        con.execute(sql)
    finally:
        con.close()
