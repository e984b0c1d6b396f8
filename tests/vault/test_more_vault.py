"""Integration scenarios for gata.t_link / eff_sat / ma_sat / xts / pit / bridge / ref_table and the
vault_insert_by_period materialization, run by dbt in integration_tests/ on a temp DuckDB file.

One module-scoped scenario: seed, load batch 1, load batch 2, re-run batch 2; a copy of the DuckDB
file is kept after each step and the tests read those copies. Expected rows are written out by hand
from the seeds in integration_tests/seeds/more/ (business ids), and hash keys are computed here with
hashlib, so nothing expected is derived from the macros' own output.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from _core_it import IT, query

pytestmark = pytest.mark.slow  # AutomateDV parity (like test_materialisations): minutes of dbt runs, test --all

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("gata_tests_root_conftest", ROOT / "tests" / "conftest.py")
_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_conftest)

OPEN = datetime(9999, 12, 31)
GHOST = "0" * 32
NO_LDTS = datetime(1900, 1, 1)


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest().upper()


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


def dbt(args: list[str], db: Path):
    return _conftest.run_dbt(args, db, cwd=IT, extra_env={"GATA_IT_DUCKDB_PATH": str(db)})


def vars_for(batch: int, auto_end_dating: bool = True) -> list[str]:
    return ["--vars", json.dumps({"batch": batch, "enable_auto_end_dating": auto_end_dating})]


def run_batch(db: Path, batch: int, auto_end_dating: bool = True, select: str = "path:models/more"):
    # models/more/errors holds models that must fail (tested on their own)
    dbt(["run", "--select", select, "--exclude", "path:models/more/errors", *vars_for(batch, auto_end_dating)], db)


@pytest.fixture(scope="module")
def snaps(tmp_path_factory) -> dict[str, Path]:
    """DuckDB copies after: seeded, b1 (batch 1), b2 (batch 2), b2again (batch 2 re-run)."""
    work = tmp_path_factory.mktemp("vault_more")
    db = work / "it.duckdb"
    dbt(["deps"], db)
    dbt(["seed", "--select", "path:seeds/more"], db)
    out = {"seeded": work / "seeded.duckdb"}
    shutil.copy(db, out["seeded"])
    for name, batch in [("b1", 1), ("b2", 2), ("b2again", 2)]:
        run_batch(db, batch)
        out[name] = work / f"{name}.duckdb"
        shutil.copy(db, out[name])
    return out


rows = query  # read-only query of one step's warehouse copy (shared with the core driver)


def rowset(db: Path, sql: str) -> list[tuple]:
    return sorted(rows(db, sql), key=repr)


# ---------------------------------------------------------------- t_link
def tlink_expected(ids):
    data = {  # transaction: customer, amount, effective_from, first load
        "T1": ("C1", 10, "2024-01-01 09:00", "2024-01-01 10:00"),
        "T2": ("C2", 20, "2024-01-01 11:00", "2024-01-01 12:00"),
        "T3": ("C1", 30, "2024-01-02 09:00", "2024-01-02 10:00"),
        "T4": ("C2", 40, "2024-01-03 09:00", "2024-01-03 10:00"),
        "T5": ("C3", 50, "2024-01-04 09:00", "2024-01-04 10:00"),
    }
    return sorted(((md5(t), md5(data[t][0]), data[t][1], ts(data[t][2]), ts(data[t][3]), "test.transactions") for t in ids), key=repr)


TLINK_SQL = "select hex(transaction_hk), hex(customer_hk), cast(amount as integer), effective_from, load_datetime, record_source from {}"


def test_t_link_first_load_keeps_earliest_load_of_each_transaction(snaps):
    # batch 1 holds T2 twice (two load datetimes): only its first load is stored
    assert rowset(snaps["b1"], TLINK_SQL.format("more_t_link_transaction")) == tlink_expected(["T1", "T2", "T3"])


def test_t_link_incremental_adds_only_new_transactions(snaps):
    # batch 2 replays T3: not stored again
    assert rowset(snaps["b2"], TLINK_SQL.format("more_t_link_transaction")) == tlink_expected(["T1", "T2", "T3", "T4", "T5"])


# ---------------------------------------------------------------- eff_sat
# the stage sets effective_from = load_datetime, start_date from the source
EFF_SQL = ("select hex(customer_order_hk), hex(order_hk), hex(customer_hk), start_date, end_date, effective_from, "
           "load_datetime, record_source from {}")

EFF_B1 = [  # (order, customer, start, end or None for open, load)
    ("O1", "C1", "2024-01-01", None, "2024-01-01 10:00"),
    ("O2", "C2", "2024-01-01", None, "2024-01-01 10:00"),
    ("O1", "C1", "2024-01-01", "2024-01-02 10:00", "2024-01-02 10:00"),  # auto end-dated by O1 -> C2 (at its effective_from)
    ("O1", "C2", "2024-01-02 10:00", None, "2024-01-02 10:00"),  # a later load's new relationship starts at its effective_from (AutomateDV)
]
EFF_B2 = EFF_B1 + [
    ("O2", "C2", "2024-01-01", "2024-01-03 10:00", "2024-01-03 10:00"),  # closed by the source: auto end-dating ends it at the load's effective_from
    ("O3", "C3", "2024-01-03 10:00", None, "2024-01-03 10:00"),
    ("O1", "C2", "2024-01-02 10:00", "2024-01-04 10:00", "2024-01-04 10:00"),  # auto end-dated by O1 -> C1
    ("O1", "C1", "2024-01-04 10:00", None, "2024-01-04 10:00"),    # re-opened: starts at its effective_from
]


def eff_expected(spec):
    return sorted(((md5(f"{c}||{o}"), md5(o), md5(c), ts(s), OPEN if e is None else ts(e), ts(l), ts(l), "test.customer_orders")
                   for o, c, s, e, l in spec), key=repr)


def test_eff_sat_auto_end_dating_within_one_batch(snaps):
    assert rowset(snaps["b1"], EFF_SQL.format("more_eff_sat_customer_order")) == eff_expected(EFF_B1)


def test_eff_sat_incremental_closes_reopens_and_end_dates(snaps):
    assert rowset(snaps["b2"], EFF_SQL.format("more_eff_sat_customer_order")) == eff_expected(EFF_B2)


def test_eff_sat_at_most_one_open_relationship_per_driving_key(snaps):
    # latest row per relationship, open ones counted per order
    open_per_order = rows(snaps["b2"], """
        select hex(order_hk), count(*) from (
            select *, row_number() over (partition by customer_order_hk order by load_datetime desc) as rn
            from more_eff_sat_customer_order) where rn = 1 and end_date = timestamp '9999-12-31'
        group by 1""")
    assert {o: n for o, n in open_per_order} == {md5("O1"): 1, md5("O3"): 1}


def test_eff_sat_without_auto_end_dating(snaps, tmp_path):
    """var enable_auto_end_dating false: a new relationship does not close the driving key's old one."""
    db = tmp_path / "manual.duckdb"
    shutil.copy(snaps["seeded"], db)
    select = "more_stg_customer_orders more_eff_sat_customer_order"
    run_batch(db, 1, auto_end_dating=False, select=select)
    b1 = [("O1", "C1", "2024-01-01", None, "2024-01-01 10:00"),
          ("O2", "C2", "2024-01-01", None, "2024-01-01 10:00"),
          ("O1", "C2", "2024-01-02", None, "2024-01-02 10:00")]
    assert rowset(db, EFF_SQL.format("more_eff_sat_customer_order")) == eff_expected(b1)
    run_batch(db, 2, auto_end_dating=False, select=select)
    # O2-C2 closed by the source, O3-C3 new; O1-C1 at 01-04 is still open: nothing new for it
    b2 = b1 + [("O2", "C2", "2024-01-01", "2024-01-03", "2024-01-03 10:00"),
               ("O3", "C3", "2024-01-03", None, "2024-01-03 10:00")]
    assert rowset(db, EFF_SQL.format("more_eff_sat_customer_order")) == eff_expected(b2)


# ---------------------------------------------------------------- ma_sat
MA_SQL = "select hex(customer_hk), phone, phone_type, hex(phone_hashdiff), load_datetime from more_ma_sat_phone"
MA_B1 = [("C1", "111", "home", "2024-01-01 10:00"), ("C1", "112", "work", "2024-01-01 10:00"),
         ("C2", "211", "home", "2024-01-01 10:00"),
         ("C1", "111", "home", "2024-01-02 10:00")]  # C1's set shrank to one phone
MA_B2 = MA_B1 + [("C2", "211", "mobile", "2024-01-03 10:00"),  # same size, other hashdiff
                 ("C3", "311", "home", "2024-01-03 10:00"),    # new key
                 ("C1", "111", "home", "2024-01-04 10:00"), ("C1", "113", "home", "2024-01-04 10:00")]  # set grew


def ma_expected(spec):
    return sorted(((md5(c), p, t, md5(f"{p}||{t.upper()}"), ts(l)) for c, p, t, l in spec), key=repr)


def test_ma_sat_first_load_stores_changed_sets_only(snaps):
    # C2's identical set at 01-02 is not stored
    assert rowset(snaps["b1"], MA_SQL) == ma_expected(MA_B1)


def test_ma_sat_incremental_detects_hashdiff_and_count_changes(snaps):
    # C1's set at 01-03 equals its latest (01-02) set: not stored
    assert rowset(snaps["b2"], MA_SQL) == ma_expected(MA_B2)


# ---------------------------------------------------------------- xts
XTS_SQL = "select hex(customer_hk), satellite_name, hex(hashdiff), load_datetime, record_source from more_xts_customer"
XTS_B1 = [("C1", "SAT_CUSTOMER_NAME", "Alice", "2024-01-01 10:00"), ("C2", "SAT_CUSTOMER_NAME", "Bob", "2024-01-01 10:00"),
          ("C1", "SAT_CUSTOMER_CITY", "Paris", "2024-01-01 10:00"), ("C2", "SAT_CUSTOMER_CITY", "Rome", "2024-01-01 10:00"),
          ("C1", "SAT_CUSTOMER_NAME", "Alice", "2024-01-02 10:00"),  # unchanged, still tracked
          ("C1", "SAT_CUSTOMER_CITY", "Lyon", "2024-01-02 10:00")]
XTS_B2 = XTS_B1 + [("C1", "SAT_CUSTOMER_NAME", "Alice", "2024-01-03 10:00"), ("C1", "SAT_CUSTOMER_CITY", "Lyon", "2024-01-03 10:00"),
                   ("C2", "SAT_CUSTOMER_NAME", "Robert", "2024-01-03 10:00"), ("C2", "SAT_CUSTOMER_CITY", "Rome", "2024-01-03 10:00"),
                   ("C1", "SAT_CUSTOMER_NAME", "Alice", "2024-01-04 10:00"), ("C1", "SAT_CUSTOMER_CITY", "Paris", "2024-01-04 10:00")]


def xts_expected(spec):
    return sorted(((md5(c), s, md5(v.upper()), ts(l), "test.customers") for c, s, v, l in spec), key=repr)


def test_xts_tracks_every_load_of_each_satellite(snaps):
    assert rowset(snaps["b1"], XTS_SQL) == xts_expected(XTS_B1)


def test_xts_incremental_adds_new_loads_only(snaps):
    assert rowset(snaps["b2"], XTS_SQL) == xts_expected(XTS_B2)


# ---------------------------------------------------------------- ref_table
REF_SQL = "select nation_code, nation_name, region, load_datetime, record_source from more_ref_nation"


def test_ref_table_first_and_incremental_loads_insert_new_codes_only(snaps):
    fr = ("FR", "France", "EU", ts("2024-01-01 10:00"), "test.nations")
    it = ("IT", "Italy", "EU", ts("2024-01-01 10:00"), "test.nations")
    de = ("DE", "Germany", "EU", ts("2024-01-03 10:00"), "test.nations")
    assert rowset(snaps["b1"], REF_SQL) == sorted([fr, it], key=repr)
    assert rowset(snaps["b2"], REF_SQL) == sorted([fr, it, de], key=repr)  # IT renamed later: insert-only


# ---------------------------------------------------------------- pit
AS_OF = [ts(d) for d in ["2024-01-01 00:00", "2024-01-01 12:00", "2024-01-02 10:00", "2024-01-02 12:00", "2024-01-03 12:00",
                              "2024-01-05 00:00"]]  # 01-02 10:00 equals a load: that load counts
CUSTOMER_LOADS = {1: [("C1", "2024-01-01 10:00"), ("C2", "2024-01-01 10:00"), ("C1", "2024-01-02 10:00")],
                  2: [("C1", "2024-01-03 10:00"), ("C2", "2024-01-03 10:00"), ("C1", "2024-01-04 10:00")]}
HUB_KEYS = {1: ["C1", "C2"], 2: ["C1", "C2", "C3"]}  # customers, phones and customer orders seen so far


def pit_expected(batch, ma_rows):
    name_loads = [(c, ts(l)) for b in range(1, batch + 1) for c, l in CUSTOMER_LOADS[b]]
    phone_loads = [(c, ts(l)) for c, _, _, l in ma_rows]
    out = []
    for c in HUB_KEYS[batch]:
        for d in AS_OF:
            row = [md5(c), d]
            for loads in (name_loads, phone_loads):
                seen = [l for k, l in loads if k == c and l <= d]
                row += [md5(c), max(seen)] if seen else [GHOST, NO_LDTS]
            out.append(tuple(row))
    return sorted(out, key=repr)


PIT_SQL = ("select hex(customer_hk), as_of_date, hex(more_sat_customer_name_pk), more_sat_customer_name_ldts, "
           "hex(more_ma_sat_phone_pk), more_ma_sat_phone_ldts from more_pit_customer")


def test_pit_first_load_picks_row_current_at_each_as_of_date(snaps):
    assert rowset(snaps["b1"], PIT_SQL) == pit_expected(1, MA_B1)


def test_pit_incremental_equals_full_rebuild(snaps):
    # the incremental PIT recomputes only recent as-of dates and new keys; the result must be the whole truth
    assert rowset(snaps["b2"], PIT_SQL) == pit_expected(2, MA_B2)


def test_pit_ghost_for_key_without_satellite_rows(snaps):
    # C3 exists only in phones/orders: ghost key + 1900-01-01 in the name satellite at every date
    got = rows(snaps["b2"], f"select distinct hex(more_sat_customer_name_pk), more_sat_customer_name_ldts "
                            f"from more_pit_customer where customer_hk = unhex('{md5('C3')}')")
    assert got == [(GHOST, NO_LDTS)]


# ---------------------------------------------------------------- bridge
BRIDGE_SQL = ("select hex(customer_hk), as_of_date, hex(link_customer_order_hk), hex(link_order_product_hk) "
              "from more_bridge_customer")


def bridge_expected(spec):
    return sorted(((md5(c), ts(d), md5(f"{c}||{o}"), md5(f"{o}||{p}")) for c, d, o, p in spec), key=repr)


def test_bridge_walks_active_relationships_batch_1(snaps):
    spec = [("C1", "2024-01-01 12:00", "O1", "P1"), ("C2", "2024-01-01 12:00", "O2", "P2")]
    for d in ["2024-01-02 10:00", "2024-01-02 12:00", "2024-01-03 12:00", "2024-01-05 00:00"]:  # O1 moved to C2 at 01-02
        spec += [("C2", d, "O1", "P1"), ("C2", d, "O2", "P2")]
    assert rowset(snaps["b1"], BRIDGE_SQL) == bridge_expected(spec)


def test_bridge_walks_active_relationships_batch_2(snaps):
    spec = [("C1", "2024-01-01 12:00", "O1", "P1"), ("C2", "2024-01-01 12:00", "O2", "P2"),
            ("C2", "2024-01-02 10:00", "O1", "P1"), ("C2", "2024-01-02 10:00", "O2", "P2"),
            ("C2", "2024-01-02 12:00", "O1", "P1"), ("C2", "2024-01-02 12:00", "O2", "P2"),
            # 01-03: O2-C2 closed, O3-C3 new, O1 switched to P3
            ("C2", "2024-01-03 12:00", "O1", "P3"), ("C3", "2024-01-03 12:00", "O3", "P1"),
            # 01-04: O1 back to C1
            ("C1", "2024-01-05 00:00", "O1", "P3"), ("C3", "2024-01-05 00:00", "O3", "P1")]
    assert rowset(snaps["b2"], BRIDGE_SQL) == bridge_expected(spec)


# ---------------------------------------------------------------- idempotence
VAULT_TABLES = ["more_t_link_transaction", "more_eff_sat_customer_order", "more_eff_sat_order_product",
                "more_ma_sat_phone", "more_xts_customer", "more_ref_nation", "more_pit_customer",
                "more_bridge_customer", "more_t_link_transaction_by_period", "more_eff_sat_customer_order_by_period",
                "more_t_link_transaction_all"]


@pytest.mark.parametrize("table", VAULT_TABLES)
def test_rerun_of_same_batch_adds_nothing(snaps, table):
    before = rowset(snaps["b2"], f"select * from {table}")
    assert before, f"{table} is empty: the scenario loaded nothing"
    assert rowset(snaps["b2again"], f"select * from {table}") == before


# ---------------------------------------------------------------- vault_insert_by_period
def test_period_first_run_loads_first_period_only(snaps):
    assert rowset(snaps["b1"], TLINK_SQL.format("more_t_link_transaction_by_period")) == tlink_expected(["T1", "T2"])
    first_day = [r for r in EFF_B2 if r[4].startswith("2024-01-01")]
    assert rowset(snaps["b1"], EFF_SQL.format("more_eff_sat_customer_order_by_period")) == eff_expected(first_day)


def test_period_slices_equal_one_full_load(snaps):
    full = tlink_expected(["T1", "T2", "T3", "T4", "T5"])
    assert rowset(snaps["b2"], TLINK_SQL.format("more_t_link_transaction_by_period")) == full
    assert rowset(snaps["b2"], TLINK_SQL.format("more_t_link_transaction_all")) == full
    # eff_sat: day slices (date_source_models bounds) end-date exactly like the batch-by-batch load
    assert rowset(snaps["b2"], EFF_SQL.format("more_eff_sat_customer_order_by_period")) == eff_expected(EFF_B2)
    assert rowset(snaps["b2"], EFF_SQL.format("more_eff_sat_customer_order_all")) == eff_expected(EFF_B2)


# ---------------------------------------------------------------- dbt tests and bad configuration
def test_dbt_unit_and_data_tests_pass(snaps, tmp_path):
    """unit_tests in models/more/_more_unit_tests.yml and singular tests in tests/more on the loaded vault."""
    db = tmp_path / "tested.duckdb"
    shutil.copy(snaps["b2"], db)
    proc = dbt(["test", "--select", "path:models/more", "path:tests/more", "--exclude", "path:models/more/errors",
                *vars_for(2)], db)
    assert "PASS=6 " in proc.stdout, proc.stdout  # 4 unit tests + 2 data tests


BAD_MODELS = {
    "more_err_pit_without_unique_key": "needs config unique_key=['customer_hk', 'as_of_date']",
    "more_err_period_without_placeholder": "has no __PERIOD_FILTER__ placeholder",
    "more_err_period_bad_period": "period 'fortnight' is not one of second, minute, hour, day, week, month, year",
    "more_err_bridge_incremental": "must be materialized 'table'",
}


def test_bad_configuration_fails_clearly_and_creates_nothing(snaps, tmp_path):
    db = tmp_path / "bad.duckdb"
    shutil.copy(snaps["b1"], db)
    proc = _conftest.run_dbt(["run", "--select", "path:models/more/errors", *vars_for(1)], db, cwd=IT, check=False,
                             extra_env={"GATA_IT_DUCKDB_PATH": str(db)})
    assert proc.returncode != 0
    assert f"ERROR={len(BAD_MODELS)} " in proc.stdout, proc.stdout
    for model, message in BAD_MODELS.items():
        assert message in proc.stdout and model in proc.stdout, (model, proc.stdout)
        assert rows(db, f"select count(*) from information_schema.tables where table_name = '{model}'") == [(0,)]
