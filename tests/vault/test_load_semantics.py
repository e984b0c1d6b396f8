"""AutomateDV's loading semantics on Gata's vault engine (issue 7), run by dbt in integration_tests/
(models/semantics, seeds/semantics) under MD5, SHA (SHA-256) and SHA1:

- satellites: several rows of a key at one load datetime form a set; a row equal to the key's previous
  version is no change, every other hashdiff is inserted once, whatever the row order or hashdiff order;
  the same rows loaded one batch per run, all batches re-delivered each run, and all at once into an empty
  target give the same satellite;
- ghost records: one per satellite, each value in its column's own type (DATE load date, TIMESTAMPTZ
  effective date, DECIMAL payload, a VARCHAR tenant in the key); no other row changes type or value;
- transactional links: a row with a NULL foreign key is not loaded (it is, once a later batch brings the
  transaction with both keys); a src_payload mapping fails naming the parameter and the model;
- XTS: a satellite with an aliased hashdiff next to one in the {out_col: stage_col} form.

One module-scoped fixture: per hash setting seed and load batch 1, then batch 2 (under MD5 with a model that
must fail), a copy of the DuckDB file after each step. Re-loading a loaded batch is covered by
sem_sat_customer_all, which reads every batch so far at each run. Expected rows are written out here
from the seeds; keys and hashdiffs are hashlib digests of the standardised (trimmed, upper-cased) values.
"""
from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

import _core_it
from _core_it import dbt, query, snapshot

HASHES = {"MD5": "md5", "SHA": "sha256", "SHA1": "sha1"}
SELECT = ["--select", "path:models/semantics"]
GHOST_TS = datetime(1900, 1, 1)


@pytest.fixture(scope="module")
def loads(tmp_path_factory) -> dict[tuple[str, str], Path | str]:
    """{(hash setting, step): DuckDB copy after step b1 (seed + batch 1) and b2 (batch 2)}. Under MD5, batch 2
    runs with the bad model of models/semantics/errors enabled: the run fails on it alone; dbt's output is kept
    under ("MD5", "errors"). Six dbt invocations in all (a changed var makes dbt parse everything again)."""
    work = tmp_path_factory.mktemp("semantics")
    out = {}
    for setting in HASHES:
        db = work / f"{setting}.duckdb"
        vars = {"hash": setting, "enable_ghost_records": True}
        dbt(["build", *SELECT, "path:seeds/semantics"], db, vars, env={"GATA_IT_SEM_BATCH": "1"})
        out[(setting, "b1")] = snapshot(db, f"{setting}_b1")
        if setting == "MD5":
            with pytest.raises(AssertionError) as failed:
                dbt(["run", *SELECT], db, vars, env={"GATA_IT_SEM_BATCH": "2", "GATA_IT_SEM_ERRORS": "1"})
            out[(setting, "errors")] = " ".join(str(failed.value).split())
        else:
            dbt(["run", *SELECT], db, vars, env={"GATA_IT_SEM_BATCH": "2"})
        out[(setting, "b2")] = snapshot(db, f"{setting}_b2")
    return out


def digest(algo: str, text: str) -> bytes:
    return _core_it.digest(text, algo)


def zero(algo: str) -> bytes:
    return bytes(hashlib.new(algo).digest_size)


def rows(db: Path, sql: str) -> list[tuple]:
    return sorted(query(db, sql), key=repr)


def types(db: Path, table: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in query(db, f"select column_name, column_type from (describe {table})")]


CASES = [(s, step) for s in HASHES for step in ("b1", "b2")]
LAST_BATCH = {"b1": 1, "b2": 2}


def ts(day: int) -> datetime:
    return datetime(2024, 1, day, 10)


# ---------------------------------------------------------------- satellites: several rows at one load
# the rows each satellite must hold: (customer, name, load day, batch that brings it)
SAT = [
    # K1, K2, K7: the satellite holds the first name; batch 2 brings it again together with a new name at one
    # load datetime (the seed lists the repeated name first for K1, last for K2 and K7): only the new name
    ("K1", "Ann", 1, 1), ("K1", "Bob", 2, 2),
    ("K2", "Cat", 1, 1), ("K2", "Dan", 2, 2),
    ("K7", "Max", 1, 1), ("K7", "Ned", 2, 2),
    # K3 within batch 1 (empty target): Eve; {Fay, Eve} -> Fay; {Eve, Fay} -> Eve (the version before was Fay);
    # batch 2: {Fay, Eve} -> Fay (the version before was Eve)
    ("K3", "Eve", 1, 1), ("K3", "Fay", 2, 1), ("K3", "Eve", 3, 1), ("K3", "Fay", 4, 2),
    # K4: two new names at one load: both; K4's Hal at day 3: see sat_expected
    ("K4", "Gil", 1, 1), ("K4", "Hal", 2, 2), ("K4", "Ivy", 2, 2),
    # K5: a true duplicate is stored once, the repeat in batch 2 not at all; K6: a plain repeat then a change
    ("K5", "Jon", 1, 1),
    ("K6", "Kim", 1, 1), ("K6", "Lee", 3, 2),
]
TIE_PAIRS = [("ANN", "BOB"), ("CAT", "DAN"), ("MAX", "NED")]  # (version before, new name) at one load


def sat_expected(algo: str, step: str) -> list[tuple]:
    want = [(c, n, d) for c, n, d, b in SAT if b <= LAST_BATCH[step]]
    # after {Hal, Ivy} the version is the higher hashdiff (the row the satellite's latest-row lookup picks);
    # day 3's Hal is a change only when that version is Ivy
    if step == "b2" and max(digest(algo, "HAL"), digest(algo, "IVY")) == digest(algo, "IVY"):
        want.append(("K4", "Hal", 3))
    got = [(digest(algo, c), digest(algo, n.upper()), n, ts(d), "crm") for c, n, d in want]
    return sorted(got + [(zero(algo), zero(algo), None, GHOST_TS, "AUTOMATE_DV_SYSTEM")], key=repr)


@pytest.mark.parametrize("setting", HASHES)
def test_tie_scenarios_cover_both_hashdiff_orders(setting):
    # the scenario is only hostile if, under each algorithm, the repeated version sorts before the new one for
    # some key and after it for another (the engine once inserted the repeat when it sorted after)
    algo = HASHES[setting]
    orders = {digest(algo, old) < digest(algo, new) for old, new in TIE_PAIRS}
    assert orders == {True, False}


@pytest.mark.parametrize("setting,step", CASES)
@pytest.mark.parametrize("table", ["sem_sat_customer", "sem_sat_customer_all", "sem_sat_customer_full"])
def test_sat_several_rows_at_one_load_insert_only_real_changes(loads, setting, step, table):
    # sem_sat_customer: one batch per run (batch 2 meets a pre-populated target); _all: every batch so far per
    # run (batch 1 re-delivered); _full: a table, every batch so far into an empty target
    assert rows(loads[(setting, step)], f"select * from {table}") == sat_expected(HASHES[setting], step)


# ---------------------------------------------------------------- ghost records keep each column's type
DATED_TYPES = [("tenant", "VARCHAR"), ("customer_hk", "BLOB"), ("dated_hashdiff", "BLOB"), ("amount", "DECIMAL(10,2)"),
               ("note", "VARCHAR"), ("effective_from", "TIMESTAMP WITH TIME ZONE"), ("load_date", "DATE"),
               ("record_source", "VARCHAR")]
DATED = [  # customer, amount, note, effective_from (UTC), load date, batch
    ("C1", "10.50", "first", datetime(2024, 1, 1, 7, 30, tzinfo=UTC), date(2024, 1, 1), 1),
    ("C2", "20.00", None, datetime(2024, 1, 2, 4, 30, tzinfo=UTC), date(2024, 1, 1), 1),
    ("C1", "11.50", "second", datetime(2024, 1, 2, 7, 30, tzinfo=UTC), date(2024, 1, 2), 2),
    # C2 again in batch 2, unchanged: no row
]


@pytest.mark.parametrize("setting,step", CASES)
def test_ghost_record_keeps_each_column_type_and_other_rows(loads, setting, step):
    db, algo = loads[(setting, step)], HASHES[setting]
    assert types(db, "sem_sat_dated") == DATED_TYPES
    # the staged columns have these same types: the ghost changed none of them
    staged = dict(types(db, "sem_stg_dated"))
    assert all(staged[name] == kind for name, kind in DATED_TYPES)
    want = [("acme", digest(algo, c), digest(algo, f"{a}||{(n or '^^').upper()}"), Decimal(a), n, eff, ld, "billing")
            for c, a, n, eff, ld, b in DATED if b <= LAST_BATCH[step]]
    ghost = ("0" * 2 * len(zero(algo)), zero(algo), zero(algo), None, None,
             datetime(1900, 1, 1, tzinfo=UTC), date(1900, 1, 1), "AUTOMATE_DV_SYSTEM")
    assert rows(db, "select * from sem_sat_dated") == sorted(want + [ghost], key=repr)


@pytest.mark.parametrize("setting", HASHES)
def test_ghost_record_in_timestamp_satellite_is_a_timestamp(loads, setting):
    db = loads[(setting, "b2")]
    assert dict(types(db, "sem_sat_customer"))["load_datetime"] == "TIMESTAMP"
    assert query(db, "select count(*) from sem_sat_customer where record_source = 'AUTOMATE_DV_SYSTEM'") == [(1,)]


# ---------------------------------------------------------------- t_link: NULL foreign keys
TLINK = [  # transaction, customer, account, amount, load day, batch of its first complete row
    ("T1", "C1", "A1", 10, 1, 1),
    # T2 came in batch 1 without an account, T3 without a customer: not loaded; T2 complete in batch 2
    ("T2", "C2", "A2", 20, 2, 2),
    ("T4", "C4", "A4", 40, 2, 2),
]


@pytest.mark.parametrize("setting,step", CASES)
def test_t_link_skips_rows_with_a_null_foreign_key(loads, setting, step):
    algo = HASHES[setting]
    want = [(digest(algo, t), digest(algo, c), digest(algo, a), amount, ts(d), ts(d), "ledger")
            for t, c, a, amount, d, b in TLINK if b <= LAST_BATCH[step]]
    assert rows(loads[(setting, step)], "select * from sem_t_link_transaction") == sorted(want, key=repr)


def test_t_link_payload_mapping_fails_naming_parameter_and_model(loads):
    text = loads[("MD5", "errors")]
    assert re.search(r"gata\.t_link: parameter 'src_payload' must be a column name or a list of them.*?"
                     r'\(model "[^)]*"sem_err_t_link_payload_mapping"\)', text), text


def test_failed_model_creates_nothing_and_others_load(loads):
    # the run with the bad model still loaded batch 2 into every other model (their tests above read this
    # step), and made no table for the bad one
    tables = [r[0] for r in query(loads[("MD5", "b2")], "select table_name from information_schema.tables")]
    assert "sem_sat_customer" in tables and not [t for t in tables if t.startswith("sem_err_")]


# ---------------------------------------------------------------- XTS: aliased and plain hashdiffs
CUSTOMER_ROWS = [  # every staged (customer, name, load day, batch) of seeds/semantics/sem_customers.csv
    ("K1", "Ann", 1, 1), ("K1", "Ann", 2, 2), ("K1", "Bob", 2, 2),
    ("K2", "Cat", 1, 1), ("K2", "Dan", 2, 2), ("K2", "Cat", 2, 2),
    ("K7", "Max", 1, 1), ("K7", "Ned", 2, 2), ("K7", "Max", 2, 2),
    ("K3", "Eve", 1, 1), ("K3", "Fay", 2, 1), ("K3", "Eve", 2, 1), ("K3", "Eve", 3, 1), ("K3", "Fay", 3, 1),
    ("K3", "Fay", 4, 2), ("K3", "Eve", 4, 2),
    ("K4", "Gil", 1, 1), ("K4", "Hal", 2, 2), ("K4", "Ivy", 2, 2), ("K4", "Hal", 3, 2),
    ("K5", "Jon", 1, 1), ("K5", "Jon", 1, 1), ("K5", "Jon", 2, 2),
    ("K6", "Kim", 1, 1), ("K6", "Kim", 2, 2), ("K6", "Lee", 3, 2),
]


@pytest.mark.parametrize("setting,step", CASES)
def test_xts_tracks_aliased_and_plain_hashdiffs(loads, setting, step):
    algo = HASHES[setting]
    seen = {(c, n, d) for c, n, d, b in CUSTOMER_ROWS if b <= LAST_BATCH[step]}
    want = []
    for c, n, d in seen:
        want.append((digest(algo, c), digest(algo, n.upper()), "SAT_CUSTOMER", ts(d), "crm"))
        # name_id_hashdiff: columns sorted (customer_id, name), joined by '||'
        want.append((digest(algo, c), digest(algo, f"{c}||{n.upper()}"), "SAT_CUSTOMER_ID", ts(d), "crm"))
    db = loads[(setting, step)]
    assert [c for c, _ in types(db, "sem_xts_customer")] == [
        "customer_hk", "hashdiff", "satellite_name", "load_datetime", "record_source"]
    assert rows(db, "select * from sem_xts_customer") == sorted(want, key=repr)
