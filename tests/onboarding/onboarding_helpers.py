"""Fixtures for the onboarding run-operations: a throwaway copy of the project and a DuckDB file
holding tiny raw datasets shaped like dlt's output (columns derived from the registry CSVs).

The copy gets test-only stand-ins for the engine macros the shells call (gata.src_object, ...)
when the engines are not in the tree yet: dbt parses every model before a run-operation, so a
second onboarding needs the first one's shells to parse. They are never written to the real tree.
"""
from __future__ import annotations

import csv
import hashlib
import re
import shutil
import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import ROOT, run_dbt

REGISTRY = ROOT / "seeds" / "registry"
DLT_INTERNAL = ("_dlt_loads", "_dlt_pipeline_state", "_dlt_version")


def registry(name: str) -> list[dict]:
    with (REGISTRY / f"{name}.csv").open(newline="") as f:
        return list(csv.DictReader(f))


def raw_columns() -> dict[tuple[str, str], set[str]]:
    """{(connector, raw_table): columns} that the registry says dlt produces."""
    objects = {(o["connector"], o["object"]): o for o in registry("gata_objects")}
    cols: dict[tuple[str, str], set[str]] = {}
    for (c, _), o in objects.items():
        cols.setdefault((c, o["raw_table"]), {"_dlt_id", "_dlt_load_id"})
        if o["parent_object"]:
            cols[(c, o["raw_table"])] |= {"_dlt_parent_id", "_dlt_list_idx"}
        cols[(c, o["raw_table"])] |= {k for k in o["merge_key"].split("|") if k}
    for f in registry("gata_fields"):
        o = objects[(f["connector"], f["object"])]
        if f["source"] == "column":
            cols[(f["connector"], o["raw_table"])].add(f["expression"])
        elif f["source"] == "columns":
            cols[(f["connector"], o["raw_table"])].update(f["expression"].split("|"))
        elif f["source"] == "parent":
            parent = objects[(f["connector"], o["parent_object"])]
            cols[(f["connector"], parent["raw_table"])].add(f["expression"])
        elif f["source"].startswith("child_"):
            child = cols.setdefault((f["connector"], f["child_table"]),
                                    {"_dlt_id", "_dlt_parent_id", "_dlt_list_idx"})
            child |= {c for c in (f["expression"], f["child_key"]) if c}  # no child_key: every child row
    return cols


def build_raw(db: Path, slug: str, connectors: list[str], skip_tables: tuple[str, ...] = ()) -> None:
    """Create raw_<slug>_<connector> with every raw table of the connector (one row each),
    plus dlt's bookkeeping tables and a `_staging` dataset that onboarding must ignore."""
    con = duckdb.connect(str(db))
    try:
        for (c, table), cols in sorted(raw_columns().items()):
            if c not in connectors or table in skip_tables:
                continue
            schema = f"raw_{slug}_{c}"
            con.execute(f"create schema if not exists {schema}")
            con.execute(f"create schema if not exists {schema}_staging")
            defs = ", ".join(f'"{col}" varchar' for col in sorted(cols))
            con.execute(f'create table {schema}."{table}" ({defs})')
            con.execute(f'insert into {schema}."{table}" ("_dlt_id") values (\'x\')')
            con.execute(f'create table if not exists {schema}_staging."{table}" (id varchar)')
            for t in DLT_INTERNAL:
                con.execute(f"create table if not exists {schema}.{t} (load_id varchar)")
    finally:
        con.close()


ENGINE_CALLS = ["src_object", "stg_object", "vault_hub", "vault_link", "vault_sat"]


def add_engine_stand_ins(project: Path) -> None:
    """Define each engine macro the shells call that the copied tree does not define yet."""
    marts = [f"mart_{m['mart']}" for m in registry("gata_marts")]
    defined = set()
    for f in (project / "macros").rglob("*.sql"):
        defined |= set(re.findall(r"macro\s+(\w+)\s*\(", f.read_text()))
    missing = [m for m in ENGINE_CALLS + marts if m not in defined]
    # a macro that mentions `kwargs` accepts any keyword argument
    body = "".join(f"{{% macro {m}() %}}select {{{{ kwargs | length }}}} as stand_in{{% endmacro %}}\n" for m in missing)
    (project / "macros" / "_test_engine_stand_ins.sql").write_text(body)


def copy_project(dest: Path) -> Path:
    """A copy of the project without build output or generated shells."""
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(
        ".venv", "target", "dbt_packages", "logs", ".git", "*.duckdb", "*.duckdb.wal", "__pycache__",
        ".pytest_cache", "integration_tests", "tests", "build", "*.egg-info"))
    for d in ("models/tenants", "models/vault/hubs", "models/vault/links", "models/vault/satellites"):
        shutil.rmtree(dest / d, ignore_errors=True)
    (dest / "models/vault/_vault__models.yml").unlink(missing_ok=True)
    # the hand-written unit tests test the committed demo tenant acme's shells, removed just above
    shutil.rmtree(dest / "models/_unit_tests", ignore_errors=True)
    add_engine_stand_ins(dest)
    return dest


def onboard(project: Path, db: Path, tenant: str, op: str = "onboard_tenant", check: bool = True, **args):
    arg_text = ", ".join([f"tenant: {tenant}"] + [f"{k}: {str(v).lower()}" for k, v in args.items()])
    return run_dbt(["run-operation", op, "--args", "{" + arg_text + "}"], db, cwd=project, check=check)


def tree_hashes(project: Path) -> dict[str, str]:
    """sha256 of every file under models/ and tenants.yaml (what onboarding may write)."""
    files = sorted(p for p in (project / "models").rglob("*") if p.is_file()) + [project / "tenants.yaml"]
    return {str(p.relative_to(project)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def warehouse_state(db: Path, exclude: tuple[str, ...] = ()) -> dict[str, int]:
    """{schema.table: row count} of every table in the DuckDB file."""
    if not db.exists():
        return {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = con.execute("select table_schema, table_name from information_schema.tables "
                             "where table_catalog = current_database() order by 1, 2").fetchall()
        return {f"{s}.{t}": con.execute(f'select count(*) from "{s}"."{t}"').fetchone()[0]
                for s, t in tables if f"{s}.{t}" not in exclude}
    finally:
        con.close()


def query(db: Path, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
