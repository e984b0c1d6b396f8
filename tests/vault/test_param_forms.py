"""AutomateDV's parameter forms on Gata's vault engine (issue 7): `null_columns` kinds in upper case,
`src_hashdiff` as {source_column, alias} (sat, ma_sat, xts), `src_payload` as {exclude_columns, columns}
(sat, ma_sat), composite keys (hub, sat, ma_sat with two child keys, eff_sat with composite link and
driving keys), and a project's own `default__hub` found through dbt's dispatch config.

One module-scoped fixture: for MD5 and SHA (SHA-256), seed + load batch 1, load batch 2 (and, under MD5,
re-run batch 2 with three bad models that must fail), a copy of the DuckDB file after each step. Scenario data:
integration_tests/seeds/params/. Expected rows are written out here by hand from those seeds; keys and
hashdiffs are hashlib digests of the standardised (trimmed, upper-cased) values, so nothing expected comes
from the macros' own output.
"""
from __future__ import annotations

import hashlib
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from _core_it import dbt, query

# AutomateDV-parity scenarios (minutes of dbt runs): `python3 tasks.py test --all` runs them; CI skips them
pytestmark = pytest.mark.slow


HASHES = {"MD5": "md5", "SHA": "sha256"}
SETTINGS = {"enable_auto_end_dating": True, "params_override_hub": True}
SELECT = ["--select", "path:models/params"]  # models/params/errors are disabled unless var params_errors
OPEN = datetime(9999, 12, 31)


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture(scope="module")
def loads(tmp_path_factory) -> dict[tuple[str, str], Path | str]:
    """{(hash setting, step): DuckDB copy} for steps b1, b2 and, under MD5, b2again: batch 2 re-run together
    with the three bad models of models/params/errors (enabled by var params_errors), each failing on its
    own; dbt's output of that run is kept under ("MD5", "errors"). The batch is an environment variable so
    that within a setting dbt parses the project once (a changed var makes it parse everything again)."""
    out = {}
    for setting in HASHES:
        work = tmp_path_factory.mktemp(f"params_{setting}")
        db = work / "it.duckdb"
        vars = {**SETTINGS, "hash": setting}
        dbt(["build", *SELECT, "path:seeds/params"], db, vars, env={"GATA_IT_PARAMS_BATCH": "1"})
        out[(setting, "b1")] = snapshot(db, "b1")
        dbt(["run", *SELECT], db, vars, env={"GATA_IT_PARAMS_BATCH": "2"})
        out[(setting, "b2")] = snapshot(db, "b2")
        if setting == "MD5":
            with pytest.raises(AssertionError) as failed:
                dbt(["run", *SELECT], db, {**vars, "params_errors": True}, env={"GATA_IT_PARAMS_BATCH": "2"})
            out[(setting, "errors")] = " ".join(str(failed.value).split())
            out[(setting, "b2again")] = snapshot(db, "b2again")
    return out


def snapshot(db: Path, step: str) -> Path:
    copy = db.with_name(f"{step}.duckdb")
    shutil.copy(db, copy)
    return copy


def digest(algo: str, text: str) -> bytes:
    return hashlib.new(algo, text.encode()).digest()


def rows(db: Path, sql: str) -> list[tuple]:
    return sorted(query(db, sql), key=repr)


def columns(db: Path, table: str) -> list[str]:
    return [r[0] for r in query(db, f"select column_name from (describe {table})")]


CASES = [(s, step) for s in HASHES for step in ("b1", "b2")]


def loaded(data, step):
    """The scenario rows (last field: their batch) loaded by `step`, without the batch."""
    last = 1 if step == "b1" else 2
    return [r[:-1] for r in data if r[-1] <= last]


def assert_table(db: Path, table: str, expected_columns: list[str], want: list[tuple]):
    assert columns(db, table) == expected_columns
    assert rows(db, f"select * from {table}") == sorted(want, key=repr)


# ---------------------------------------------------------------- stage: REQUIRED / OPTIONAL
@pytest.mark.parametrize("setting", HASHES)
def test_stage_null_columns_upper_case_kinds(loads, setting):
    db = loads[(setting, "b1")]
    got = rows(db, "select tenant, customer_id_ORIGINAL, customer_id, city_ORIGINAL, city, hex(customer_hk) "
                   "from params_stg_customers")
    algo = HASHES[setting]
    want = [("acme", "C1", "C1", "Oslo", "Oslo", "C1"), ("acme", "C2", "C2", None, "-2", "C2"),
            ("globex", "C1", "C1", "Rome", "Rome", "C1"), ("acme", None, "-1", "Oslo", "Oslo", "-1"),
            ("acme", "C1", "C1", "Bergen", "Bergen", "C1")]
    # REQUIRED -> var null_key_required '-1', OPTIONAL -> null_key_optional '-2'; the key hashes the replacement
    assert got == sorted([(*w[:5], digest(algo, w[5]).hex().upper()) for w in want], key=repr)


# ---------------------------------------------------------------- hub: composite key + dispatch override
HUB_KEYS = {"b1": [("acme", "C1"), ("acme", "C2"), ("globex", "C1"), ("acme", "-1")],
            "b2": [("acme", "C1"), ("acme", "C2"), ("globex", "C1"), ("acme", "-1"), ("acme", "C3")]}


@pytest.mark.parametrize("setting,step", CASES)
def test_hub_composite_key_and_project_override(loads, setting, step):
    db = loads[(setting, step)]
    got = rows(db, "select tenant, customer_hk, customer_id, load_datetime, loaded_by from params_hub_customer")
    first = {("acme", "C3"): "2024-01-03 10:00"}
    want = [(t, digest(HASHES[setting], c), c, ts(first.get((t, c), "2024-01-01 10:00")), "project override")
            for t, c in HUB_KEYS[step]]
    # one row per (tenant, key): C1 of acme and of globex share the hash key, not the hub row
    assert got == sorted(want, key=repr)


# ---------------------------------------------------------------- sat: aliased hashdiff, excluded payload
SAT = [  # tenant, customer id, name, city (after null replacement), load; change rows only
    ("acme", "C1", "Ann", "Oslo", "2024-01-01 10:00", 1),
    ("acme", "C2", "Bob", "-2", "2024-01-01 10:00", 1),
    ("globex", "C1", "Cid", "Rome", "2024-01-01 10:00", 1),
    ("acme", "-1", "Nil", "Oslo", "2024-01-01 10:00", 1),
    ("acme", "C1", "Ann", "Bergen", "2024-01-02 10:00", 1),
    # batch 2: acme C1 Bergen again (no change), globex C1 moves (compared with globex's Rome, not acme's Bergen)
    ("globex", "C1", "Cid", "Milan", "2024-01-03 10:00", 2),
    ("acme", "C3", "Dan", "Oslo", "2024-01-03 10:00", 2),
]


def sat_expected(algo, step):
    return sorted(((t, digest(algo, c), digest(algo, f"{city.upper()}||{name.upper()}"), name, city, ts(ld), ts(ld), "crm")
                   for t, c, name, city, ld in loaded(SAT, step)), key=repr)


@pytest.mark.parametrize("setting,step", CASES)
def test_sat_aliased_hashdiff_excluded_payload_composite_key(loads, setting, step):
    assert_table(loads[(setting, step)], "params_sat_customer",
                 ["tenant", "customer_hk", "hashdiff", "name", "city", "effective_from", "load_datetime", "record_source"],
                 sat_expected(HASHES[setting], step))


def test_sat_reload_inserts_nothing(loads):
    assert rows(loads[("MD5", "b2again")], "select * from params_sat_customer") == sat_expected("md5", "b2")


@pytest.mark.parametrize("setting", HASHES)
def test_sat_payload_excluding_only_keys_and_metadata(loads, setting):
    db = loads[(setting, "b2")]
    # every staged column but tenant + customer_hk (pk), customer_hashdiff, load_datetime, record_source;
    # effective_from is payload here: this satellite has no src_eff
    assert columns(db, "params_sat_customer_all") == [
        "tenant", "customer_hk", "customer_hashdiff", "customer_id_ORIGINAL", "customer_id", "name", "city_ORIGINAL",
        "city", "effective_from", "sat_name", "load_datetime", "record_source"]
    got = rows(db, "select tenant, customer_id_ORIGINAL, customer_id, name, city_ORIGINAL, city, load_datetime "
                   "from params_sat_customer_all")
    want = [("acme", "C1", "C1", "Ann", "Oslo", "Oslo", "2024-01-01 10:00"),
            ("acme", "C1", "C1", "Ann", "Bergen", "Bergen", "2024-01-02 10:00"),
            ("acme", "C2", "C2", "Bob", None, "-2", "2024-01-01 10:00"),
            ("globex", "C1", "C1", "Cid", "Rome", "Rome", "2024-01-01 10:00"),
            ("globex", "C1", "C1", "Cid", "Milan", "Milan", "2024-01-03 10:00"),
            ("acme", None, "-1", "Nil", "Oslo", "Oslo", "2024-01-01 10:00"),
            ("acme", "C3", "C3", "Dan", "Oslo", "Oslo", "2024-01-03 10:00")]
    assert got == sorted([(*w[:6], ts(w[6])) for w in want], key=repr)


# ---------------------------------------------------------------- ma_sat: composite pk, two cdks, aliases
MA = [  # tenant, customer, phone, ext, type, load
    ("acme", "C1", "111", "1", "home", "2024-01-01 10:00", 1),
    ("acme", "C1", "111", "2", "work", "2024-01-01 10:00", 1),
    ("globex", "C1", "111", "1", "home", "2024-01-01 10:00", 1),
    ("acme", "C1", "111", "1", "home", "2024-01-02 10:00", 1),   # the set lost 111/2: stored whole (one row)
    # batch 2: acme's set repeats its latest (nothing); globex's set changes: stored whole (two rows)
    ("globex", "C1", "111", "1", "mobile", "2024-01-03 10:00", 2),
    ("globex", "C1", "222", "1", "home", "2024-01-03 10:00", 2),
]


@pytest.mark.parametrize("setting,step", CASES)
def test_ma_sat_composite_key_two_child_keys_aliased_hashdiff(loads, setting, step):
    algo = HASHES[setting]
    want = [(t, digest(algo, c), p, e, digest(algo, typ.upper()), typ, ts(ld), "phones")
            for t, c, p, e, typ, ld in loaded(MA, step)]
    assert_table(loads[(setting, step)], "params_ma_sat_phone",
                 ["tenant", "customer_hk", "phone", "ext", "hashdiff", "phone_type", "load_datetime", "record_source"], want)


# ---------------------------------------------------------------- eff_sat: composite link and driving keys
EFF = [  # tenant, order, customer, start, end (None = open), load (= effective_from)
    ("acme", "O1", "C1", "2024-01-01", None, "2024-01-01 10:00", 1),
    ("globex", "O1", "C2", "2024-01-01", None, "2024-01-01 10:00", 1),
    # acme's O1 moves to C2: auto end-dating closes acme's O1-C1 only (globex's O1 is another driving key)
    ("acme", "O1", "C1", "2024-01-01", "2024-01-02 10:00", "2024-01-02 10:00", 1),
    ("acme", "O1", "C2", "2024-01-02 10:00", None, "2024-01-02 10:00", 1),  # a later load: starts at its effective_from
    # batch 2: acme's open O1-C2 replayed (nothing); globex's O1-C2 (same link hash key as acme's) closed
    ("globex", "O1", "C2", "2024-01-01", "2024-01-03 10:00", "2024-01-03 10:00", 2),  # auto end-dating: at the load's effective_from
]


@pytest.mark.parametrize("setting,step", CASES)
def test_eff_sat_composite_link_and_driving_keys(loads, setting, step):
    algo = HASHES[setting]
    want = [(t, digest(algo, f"{c}||{o}"), digest(algo, o), digest(algo, c), ts(start), ts(end) if end else OPEN,
             ts(ld), ts(ld), "orders") for t, o, c, start, end, ld in loaded(EFF, step)]
    # the tenant is part of src_pk, src_dfk and src_sfk: selected once
    assert_table(loads[(setting, step)], "params_eff_sat_customer_order",
                 ["tenant", "customer_order_hk", "order_hk", "customer_hk", "start_date", "end_date", "effective_from",
                  "load_datetime", "record_source"], want)


def test_eff_sat_reload_inserts_nothing(loads):
    got = rows(loads[("MD5", "b2again")], "select * from params_eff_sat_customer_order")
    assert got == rows(loads[("MD5", "b2")], "select * from params_eff_sat_customer_order")
    assert len(got) == 5


# ---------------------------------------------------------------- xts: aliased hashdiff
@pytest.mark.parametrize("setting,step", CASES)
def test_xts_aliased_hashdiff(loads, setting, step):
    algo = HASHES[setting]
    # every record seen at each load, the unchanged acme C1 at 2024-01-03 included
    seen = SAT + [("acme", "C1", "Ann", "Bergen", "2024-01-03 10:00", 2)]
    want = [(t, digest(algo, c), digest(algo, f"{city.upper()}||{n.upper()}"), "SAT_CUSTOMER", ts(ld), "crm")
            for t, c, n, city, ld in loaded(seen, step)]
    assert_table(loads[(setting, step)], "params_xts_customer",
                 ["tenant", "customer_hk", "hashdiff", "satellite_name", "load_datetime", "record_source"], want)


# ---------------------------------------------------------------- bad forms: clear errors
ERRORS = {  # model: message (each names macro, parameter and model; the warehouse is left as it was)
    "params_err_null_columns_kind": "gata.stage: null_columns key must be required or optional (any case), got 'MANDATORY'",
    "params_err_hashdiff_alias": "gata.sat: parameter 'src_hashdiff' must be a column name or {source_column: <staged column>, alias: <column>}",
    "params_err_payload_form": "gata.sat: parameter 'src_payload' as a mapping must be {exclude_columns: true, columns: [...]}",
}


@pytest.mark.parametrize("model", ERRORS)
def test_bad_parameter_form_fails_naming_parameter_and_model(loads, model):
    text = loads[("MD5", "errors")]
    # the engine's message itself names the model (its relation), not only dbt's header
    assert re.search(re.escape(ERRORS[model]) + r'.*?\(model "[^)]*"' + model + r'"\)', text), text


def test_bad_parameter_forms_change_nothing(loads):
    # the run with the bad models changed no table (it re-ran a loaded batch) and created none of them
    again, before = loads[("MD5", "b2again")], loads[("MD5", "b2")]
    tables = sorted(r[0] for r in query(again, "select table_name from information_schema.tables"))
    assert tables == sorted(r[0] for r in query(before, "select table_name from information_schema.tables"))
    assert not [t for t in tables if t.startswith("params_err_")]
    for table in tables:
        assert rows(again, f"select * from {table}") == rows(before, f"select * from {table}"), table
