"""Concurrent commands and locked files (issue 10, hostile-input and fault section).

A DuckDB file takes one writer process at a time: dlt and dbt must not overlap. When they do, the
command that loses must fail with a message naming the file and change nothing; the project must
still parse; running it again must complete the work.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "onboarding"))
from conftest import BIN  # tests/conftest.py (pytest imported it as `conftest`)
from onboarding_helpers import build_raw, copy_project, onboard, run_dbt, tree_hashes

GLOBEX = ["facebook_ads", "shopify"]
INITECH = ["google_analytics", "shopify"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("concurrency")
    project, db = copy_project(tmp / "project"), tmp / "gata.duckdb"
    build_raw(db, "globex", GLOBEX)
    build_raw(db, "initech", INITECH)
    return project, db


def file_digest(path: Path) -> bytes:
    return path.read_bytes()


def test_onboarding_while_another_process_holds_the_warehouse_fails_and_changes_nothing(project):
    project, db = project
    files, raw = tree_hashes(project), file_digest(db)
    holder = subprocess.Popen([sys.executable, "-c",
                               ("import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('locked', flush=True); "
                                "sys.stdin.read()"), str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        proc = onboard(project, db, "globex", check=False)
    finally:
        holder.communicate("")
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "Could not set lock on file" in out and str(db) in out, out[-2000:]
    assert tree_hashes(project) == files
    assert file_digest(db) == raw
    # once the other process is gone the same command completes
    onboard(project, db, "globex")
    assert (project / "models/tenants/globex/stg_globex__shopify__orders.sql").exists()


def test_ingestion_while_dbt_holds_the_warehouse_is_a_clear_error(project, tmp_path):
    project, db = project
    copy = tmp_path / "held.duckdb"
    copy.write_bytes(db.read_bytes())
    before = file_digest(copy)
    con = duckdb.connect(str(copy))  # this process is the other writer
    try:
        proc = subprocess.run([str(BIN / "python"), "ingestion/load.py", "--tenant", "globex", "--database", str(copy),
                               "--days", "1", "--pipelines-dir", str(tmp_path / "pipelines")],
                              cwd=project, capture_output=True, text=True,
                              env=dict(os.environ, RUNTIME__DLTHUB_TELEMETRY="false"))
    finally:
        con.close()
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert f"load.py: error: {copy}: the DuckDB file is locked by another process" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert file_digest(copy) == before


@pytest.mark.slow  # about 60 s: test --all
def test_two_onboardings_at_once_leave_a_parseable_project_and_a_rerun_completes(project):
    project, db = project
    env = dict(os.environ, GATA_DUCKDB_PATH=str(db), DBT_SEND_ANONYMOUS_USAGE_STATS="false", DO_NOT_TRACK="1")
    procs = [subprocess.Popen([str(BIN / "dbt"), "run-operation", "onboard_tenant", "--args", f"{{tenant: {slug}}}"],
                              cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for slug in ("globex", "initech")]
    outputs = [p.communicate()[0] for p in procs]
    for p, out in zip(procs, outputs, strict=True):
        # the loser of the race fails on the lock, never half-way with a broken project
        assert p.returncode == 0 or "Could not set lock" in out, out[-3000:]
    assert run_dbt(["parse", "--no-partial-parse"], db, cwd=project).returncode == 0
    for slug in ("globex", "initech"):
        onboard(project, db, slug)
    hub = (project / "models/vault/hubs/hub_customer.sql").read_text()
    assert "stg_globex__shopify__customers" in hub and "stg_initech__shopify__customers" in hub
    files = tree_hashes(project)
    for slug in ("globex", "initech"):  # complete: running again changes nothing
        onboard(project, db, slug)
    assert tree_hashes(project) == files
