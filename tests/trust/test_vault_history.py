"""History is never destroyed or falsified (issue 10, items 1 and 3).

One small project per module (tests/engines/engine_fixture.py: dlt-loaded tenants t1/t2/t3, hand-written
shells). Day 1 is built; on day 2 t1's customer 501 and order 1001 change (raw keeps only the new state,
so the first versions live only in the vault); t3 is offboarded (its vault rows stay). Every case compares
each vault table's row count and a sha256 over its sorted rows, computed here, before and after.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import sys
from pathlib import Path

import duckdb
import pytest

TESTS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS / "engines"), str(TESTS / "vault")]
from _core_it import query  # noqa: E402  (read-only DuckDB query)
from conftest import run_dbt  # noqa: E402  (tests/conftest.py)
from engine_fixture import RAW, load_raw, make_project  # noqa: E402

VAULT_ONLY = ["--select", "models/vault"]
SETTINGS = {"hash": "MD5", "hash_output": "BINARY", "concat_string": "||", "null_placeholder_string": "^^",
            "hash_content_casing": "UPPER"}


def tables(db: Path, schema: str) -> list[str]:
    return [t for (t,) in query(db, "select table_name from information_schema.tables where table_schema = "
                                    f"'{schema}' and table_type = 'BASE TABLE' order by 1")]


def digest(db: Path, relation: str) -> tuple[int, str]:
    rows = sorted(repr(r) for r in query(db, f"select * from {relation}"))
    return len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()


def vault(db: Path) -> dict[str, tuple[int, str]]:
    """{vault table: (row count, sha256 of its sorted rows)}"""
    return {t: digest(db, f'vault."{t}"') for t in tables(db, "vault")}


def output(proc) -> str:
    return proc.stdout + proc.stderr


def settings_text(s: dict) -> str:
    return "{" + ", ".join(f'{k}: "{v}"' for k, v in s.items()) + "}"


@pytest.fixture(scope="module")
def hist(tmp_path_factory):
    work = tmp_path_factory.mktemp("vault_history")
    project, db = make_project(work)
    run_dbt(["run", "--select", "+models/vault"], db, cwd=project)  # day 1 (marts are not needed here)
    day2 = RAW["shopify"](1)
    customer = {**day2["customers"][0], "email": "ann.new@example.com", "updated_at": "2026-11-20T08:00:00Z"}
    order = {**day2["orders"][0], "financial_status": "refunded", "updated_at": "2026-11-20T09:00:00Z"}
    load_raw(db, work, "t1", "shopify", {"customers": [customer], "orders": [order]})  # merged: raw forgets day 1
    run_dbt(["run", "--select", "+models/vault,tag:tenant:t1"], db, cwd=project)
    run_dbt(["run-operation", "offboard_tenant", "--args", "{tenant: t3}"], db, cwd=project)
    before = vault(db)
    # the preconditions: history that raw no longer has, and rows of a tenant that is gone
    assert query(db, "select count(*) from vault.sat_shopify__customers where tenant_slug = 't1'") == [(3,)]
    assert query(db, "select count(*) from raw_t1_shopify.customers") == [(2,)]
    assert query(db, "select count(*) from vault.sat_shopify__orders where tenant_slug = 't3'") == [(3,)]
    assert not list((project / "models" / "tenants" / "t3").glob("*"))  # shells gone (the folder may stay)
    return project, db, before


@pytest.fixture(scope="module")
def full_refreshed(hist):
    project, db, before = hist
    proc = run_dbt(["build", "--full-refresh"], db, cwd=project)
    return before, vault(db), proc


# ------------------------------------------------------------------------------------- full refresh
def test_full_refresh_keeps_every_vault_row(full_refreshed, hist):
    _, db, _ = hist
    before, after, proc = full_refreshed
    assert len(before) >= 20
    assert after == before
    # loaded incrementally, not rebuilt (a rebuild would archive and restore)
    assert "gata: rebuilt" not in output(proc) and tables(db, "vault_archive") == []


def test_full_refresh_keeps_history_raw_no_longer_has(full_refreshed, hist):
    _, db, _ = hist
    before, after, _ = full_refreshed
    assert after["sat_shopify__customers"] == before["sat_shopify__customers"]
    emails = query(db, "select customer_hk, email from vault.sat_shopify__customers where tenant_slug = 't1' "
                       "and customer_hk = unhex(md5('T1||SHOPIFY||501')) order by load_datetime")
    assert [e for _, e in emails] == ["ann1@example.com", "ann.new@example.com"]
    statuses = query(db, "select financial_status from vault.sat_shopify__orders where tenant_slug = 't1' "
                         "and order_hk = unhex(md5('T1||SHOPIFY||1001')) order by load_datetime")
    assert statuses == [("paid",), ("refunded",)]


def test_full_refresh_keeps_offboarded_tenants_rows(full_refreshed, hist):
    _, db, _ = hist
    before, after, _ = full_refreshed
    t3 = {t: query(db, f'select count(*) from vault."{t}" where tenant_slug = \'t3\'')[0][0] for t in after}
    assert t3["hub_order"] == 3 and t3["sat_shopify__orders"] == 3 and t3["link_order__customer"] == 3
    assert {t: after[t] for t in t3 if t3[t]} == {t: before[t] for t in t3 if t3[t]}


def test_full_refresh_of_one_tenant_is_not_refused_and_keeps_rows(hist, full_refreshed):
    project, db, before = hist
    proc = run_dbt(["run", "--full-refresh", "--select", "tenant:t2"], db, cwd=project)
    assert "refusing" not in output(proc)
    assert vault(db) == before


# ---------------------------------------------------------------------------------- guarded rebuild
@pytest.mark.parametrize("value", ['"yes"', "1"], ids=["string-yes", "integer-1"])
def test_rebuild_var_must_be_a_boolean(hist, full_refreshed, value):
    project, db, before = hist
    proc = run_dbt(["run", "--full-refresh", "--vars", f"{{gata_rebuild_vault: {value}}}"], db, cwd=project, check=False)
    assert proc.returncode != 0
    assert f"argument gata_rebuild_vault must be true or false (got {value})" in output(proc)
    assert vault(db) == before
    assert tables(db, "vault_archive") == []


def test_rebuild_var_without_full_refresh_is_refused(hist, full_refreshed):
    project, db, before = hist
    proc = run_dbt(["run", "--vars", "{gata_rebuild_vault: true}"], db, cwd=project, check=False)
    assert proc.returncode != 0
    assert "gata_rebuild_vault: true rebuilds the vault only together with --full-refresh" in output(proc)
    assert vault(db) == before


def test_rebuild_with_a_partial_selection_is_refused(hist, full_refreshed):
    project, db, before = hist
    proc = run_dbt(["run", "--full-refresh", "--vars", "{gata_rebuild_vault: true}", "--select", "tenant:t2"],
                   db, cwd=project, check=False)
    assert proc.returncode != 0
    assert "refusing --full-refresh of hub_customer with a partial selection" in output(proc)
    assert vault(db) == before
    assert tables(db, "vault_archive") == []


@pytest.fixture(scope="module")
def rebuilt(hist, full_refreshed):
    project, db, before = hist
    proc = run_dbt(["run", "--full-refresh", "--vars", "{gata_rebuild_vault: true}", *VAULT_ONLY], db, cwd=project)
    return before, vault(db), output(proc)


def test_rebuild_keeps_every_row(rebuilt):
    before, after, _ = rebuilt
    assert after == before


def test_rebuild_archives_each_table_and_logs_what_it_restored(rebuilt, hist):
    _, db, _ = hist
    before, _, out = rebuilt
    archives = tables(db, "vault_archive")
    assert sorted(a.split("__2")[0] for a in archives) == sorted(before)
    for archive in archives:
        table = archive.split("__2")[0]
        assert re.fullmatch(rf"{table}__\d{{8}}T\d{{6}}Z", archive)
        assert digest(db, f'vault_archive."{archive}"') == before[table]  # the archive holds the old rows
    restored = {m[0]: int(m[2]) for m in re.findall(
        r"gata: rebuilt vault\.(\w+): kept all (\d+) earlier rows \((\d+) of them not reproduced by the rebuild "
        r"and restored from vault_archive\.\w+\)", out)}
    assert set(restored) == set(before)
    # t1's first versions of customer 501 / order 1001, and every row of the offboarded t3
    assert restored["sat_shopify__customers"] == 1
    assert restored["sat_shopify__orders"] == 1 + 3
    assert restored["hub_product"] == 0


# ------------------------------------------------------------------------------------ hash settings
@pytest.mark.parametrize("name,value", [("hash", "SHA"), ("hash_output", "HEX"), ("concat_string", "#")],
                         ids=["hash-sha", "hash_output-hex", "concat_string"])
def test_incremental_run_under_other_hash_settings_is_refused(hist, rebuilt, name, value):
    project, db, before = hist
    views = query(db, "select view_name, sql from duckdb_views() where schema_name = 't1_staging' order by 1")
    proc = run_dbt(["run", "--vars", f"{{{name}: '{value}'}}"], db, cwd=project, check=False)
    out = output(proc)
    assert proc.returncode != 0
    assert "gata: refusing to load the vault under other hash settings" in out
    for table in before:  # every vault table is named, with what it was built with
        assert f"  vault.{table} was built with hash settings {settings_text(SETTINGS)}\n" in out
    assert f"but this run uses {settings_text({**SETTINGS, name: value})}. " in out
    assert "Nothing was written. Set the vars back to the recorded values" in out
    assert "gata_rebuild_vault: true" in out and "NOT restored" in out
    assert vault(db) == before
    # refused before any model ran: the staging views still hash the recorded way
    assert query(db, "select view_name, sql from duckdb_views() where schema_name = 't1_staging' order by 1") == views


def test_settings_back_builds_and_unrecorded_table_gets_current_settings(hist, rebuilt):
    project, db, before = hist
    con = duckdb.connect(str(db))
    con.execute("delete from gata_meta.vault_settings where table_name = 'hub_customer'")  # as built before the record
    con.close()
    run_dbt(["run", *VAULT_ONLY], db, cwd=project)
    assert vault(db) == before
    rows = query(db, "select table_name, hash, hash_output, concat_string, null_placeholder_string, hash_content_casing "
                     "from gata_meta.vault_settings order by 1")
    assert rows == [(t, *SETTINGS.values()) for t in sorted(before)]


def test_rebuild_under_a_new_hash_keeps_old_rows_only_in_the_archive(hist, rebuilt, tmp_path):
    project, db, before = hist
    copy = tmp_path / "sha.duckdb"
    shutil.copy(db, copy)
    archived_before = set(tables(copy, "vault_archive"))
    # the whole project: the staging views compute the keys
    proc = run_dbt(["run", "--full-refresh", "--vars", "{gata_rebuild_vault: true, hash: SHA}"], copy, cwd=project)
    out = output(proc)
    new = sorted(set(tables(copy, "vault_archive")) - archived_before)
    assert len(new) == len(before)
    for archive in new:
        table = archive.split("__2")[0]
        assert digest(copy, f'vault_archive."{archive}"') == before[table]
        assert (f"gata: rebuilt vault.{table} under new hash settings {settings_text({**SETTINGS, 'hash': 'SHA'})} "
                f"(was {settings_text(SETTINGS)}): its {before[table][0]} earlier rows, hashed the old way, were NOT "
                f"restored; that history is kept only in vault_archive.{archive}") in out
    # only the rows the rebuild could derive from raw: SHA-256 keys, no old MD5 key, t3 gone
    assert query(copy, "select count(*), min(octet_length(customer_hk)) from vault.hub_customer where tenant_slug = 't1'") \
        == [(2, 32)]
    assert query(copy, "select count(*) from vault.sat_shopify__orders where tenant_slug = 't3'") == [(0,)]
    assert query(copy, "select hash from gata_meta.vault_settings where table_name = 'hub_customer'") == [("SHA",)]
