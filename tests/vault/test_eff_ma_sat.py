"""AutomateDV parity of gata.eff_sat and gata.ma_sat (issue 7), load by load, in the style of AutomateDV's
own scenarios (a driving key whose relationship changes, changes back, gains a second relationship; auto
end-dating by config on and off; a multi-active set that changes, shrinks, grows, comes in another row order).

One module-scoped fixture: loads 1 to 4 of integration_tests/seeds/effectivity/, one dbt run each, a copy
of the DuckDB file after each. Before the first run the test writes eff_sat_prepop's table itself (rows
AutomateDV had loaded). The T1 stages hold every load up to the current one, so each run also replays the
loads before it (they must add nothing); the SHA stages hold the current load only. The last run also
compiles a model with a bad is_auto_end_dating, which must fail alone.

Expected rows are written out here by hand from the seeds (business ids and dates); keys and hashdiffs are
hashlib digests, so nothing expected comes from the macros' own output.
"""
from __future__ import annotations

import hashlib
import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from _core_it import dbt, query

# AutomateDV-parity scenarios (minutes of dbt runs): `python3 tasks.py test --all` runs them; CI skips them
pytestmark = pytest.mark.slow


VARS = {"enable_auto_end_dating": True}  # eff_sat_manual's config must win over it
SELECT = ["--select", "path:models/effectivity"]
L1, L2, L3, L4 = "2018-06-01 00:00", "2018-06-01 09:00", "2018-06-01 18:00", "2018-06-02 00:00"
OPEN = datetime(9999, 12, 31, 23, 59, 59, 999999)  # AutomateDV's max_datetime, as the seed delivers it
STEPS = (1, 2, 3, 4)


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


def hexdigest(algo: str, text: str) -> str:
    return hashlib.new(algo, text.encode()).hexdigest().upper()


# ---------------------------------------------------------------- effectivity satellites
# per load step: (customer, order, start_date, end_date or None = open, effective_from, load_datetime, source)
AUTO = {
    1: [("1001", "100", L1, None, L1, L1, "S1"),
        ("1002", "200", L1, None, L1, L1, "S1"),
        ("1005", "500", L1, None, L1, L1, "S1")],
    2: [("1002", "100", L2, None, L2, L2, "S2"),    # order 100 changes customer: starts at its effective_from (source: 08:00)
        ("1001", "100", L1, L2, L2, L2, "S1"),      # ... and ends 1001's, with 1001's start and source
        ("1005", "500", L1, L2, L2, L2, "S1"),      # closed by the source (at 08:30): ends at the load's effective_from
        ("1006", "600", L2, None, L2, L2, "S2"),    # a driving key gaining two relationships at once: both open
        ("1007", "600", L2, None, L2, L2, "S2")],   # 1002 -> 200 delivered again while open: nothing
    3: [("1001", "100", L3, None, L3, L3, "S3"),    # changes back: re-opened at its effective_from (source: 00:00)
        ("1002", "100", L2, L3, L3, L3, "S2"),
        ("1008", "600", L3, None, L3, L3, "S3"),    # one new relationship ends both open ones
        ("1006", "600", L2, L3, L3, L3, "S2"),
        ("1007", "600", L2, L3, L3, L3, "S2")],
    4: [("1005", "500", L4, None, L4, L4, "S4"),    # re-opened after the source's close (source start: 06-01 23:00)
        ("1003", "300", L4, None, L4, L4, "S4")],   # new (source start: 06-01 20:00); order 200 not loaded: stays open
}
MANUAL = {  # is_auto_end_dating=false: start and end dates as delivered, only the source closes
    1: AUTO[1],
    2: [("1002", "100", "2018-06-01 08:00", None, L2, L2, "S2"),
        ("1005", "500", L1, "2018-06-01 08:30", L2, L2, "S1"),  # the close: its dates, the open row's source
        ("1006", "600", L2, None, L2, L2, "S2"),
        ("1007", "600", L2, None, L2, L2, "S2")],
    3: [("1008", "600", L3, None, L3, L3, "S3")],   # 1001 -> 100 delivered while still open: nothing
    4: [("1005", "500", "2018-06-01 23:00", None, L4, L4, "S4"),
        ("1003", "300", "2018-06-01 20:00", None, L4, L4, "S4")],
}
# what AutomateDV had loaded into eff_sat_prepop: load 1, with an older start and another source for 1001 -> 100
PREPOP_ROWS = [("1001", "100", "2018-05-01 00:00", None, L1, L1, "ADV")] + AUTO[1][1:]
PREPOP = {1: PREPOP_ROWS,
          2: [("1001", "100", "2018-05-01 00:00", L2, L2, L2, "ADV")] + [r for r in AUTO[2] if r[:2] != ("1001", "100")],
          3: AUTO[3], 4: AUTO[4]}
TENANT2 = {1: [("1001", "100", L1, None, L1, L1, "S1")],   # the same ids in another tenant: a relationship of its own
           3: [("1009", "100", L3, None, L3, L3, "S3"),
               ("1001", "100", L1, L3, L3, L3, "S1")]}   # ended by T2's own 1009, not by T1's 1002 at load 2

# the extra column customer_id of a closing row: from the row of the driving key that closes it (AutomateDV)
CLOSER = {("T1", "100", L2): "1002", ("T1", "500", L2): "1005", ("T1", "100", L3): "1001", ("T1", "600", L3): "1008",
          ("T2", "100", L3): "1009"}
EFF_SQL = ("select hex(customer_order_hk), hex(order_hk), hex(customer_hk), start_date, end_date, effective_from, "
           "load_datetime, record_source from {}")
EFF_SHA_SQL = ("select tenant, customer_id, hex(customer_order_hk), hex(order_hk), hex(customer_hk), start_date, end_date, "
               "effective_from, load_datetime, record_source from eff_sat_composite")


def eff_row(spec, algo="md5"):
    customer, order, start, end, eff, ldts, source = spec
    return (hexdigest(algo, f"{customer}||{order}"), hexdigest(algo, order), hexdigest(algo, customer),
            ts(start), OPEN if end is None else ts(end), ts(eff), ts(ldts), source)


def up_to(spec: dict, step: int) -> list:
    return [row for s in STEPS if s <= step for row in spec.get(s, [])]


def prepopulate(db: Path) -> None:
    """eff_sat_prepop's table as AutomateDV would have left it after load 1."""
    con = duckdb.connect(str(db))
    try:
        con.execute("create table eff_sat_prepop (customer_order_hk blob, order_hk blob, customer_hk blob, "
                    "start_date timestamp, end_date timestamp, effective_from timestamp, load_datetime timestamp, "
                    "record_source varchar)")
        for r in map(eff_row, PREPOP_ROWS):
            con.execute("insert into eff_sat_prepop values (unhex(?), unhex(?), unhex(?), ?, ?, ?, ?, ?)", list(r))
    finally:
        con.close()


@pytest.fixture(scope="module")
def steps(tmp_path_factory) -> dict:
    """{step: DuckDB copy after load `step`}, and "errors": dbt's output of the last run."""
    work = tmp_path_factory.mktemp("eff_ma")
    db = work / "it.duckdb"
    prepopulate(db)
    out = {}
    for step in STEPS:
        env = {"GATA_IT_EFF_LOAD": str(step)}
        if step == 1:
            dbt(["build", *SELECT, "path:seeds/effectivity"], db, VARS, env=env)
        elif step < 4:
            dbt(["run", *SELECT], db, VARS, env=env)
        else:
            try:  # eff_err_auto_end_dating is enabled at step 4: the run must fail, for it alone
                dbt(["run", *SELECT], db, VARS, env=env)
                out["errors"] = "the run did not fail"
            except AssertionError as failed:
                out["errors"] = " ".join(str(failed).split())
        out[step] = work / f"step{step}.duckdb"
        shutil.copy(db, out[step])
    return out


def rowset(db: Path, sql: str) -> list[tuple]:
    return sorted(query(db, sql), key=repr)


def expected(rows: list) -> list[tuple]:
    return sorted(rows, key=repr)


@pytest.mark.parametrize("step", STEPS)
def test_eff_sat_auto_end_dating_load_by_load(steps, step):
    assert rowset(steps[step], EFF_SQL.format("eff_sat_auto")) == expected(map(eff_row, up_to(AUTO, step)))


@pytest.mark.parametrize("step", STEPS)
def test_eff_sat_config_off_wins_over_var(steps, step):
    assert rowset(steps[step], EFF_SQL.format("eff_sat_manual")) == expected(map(eff_row, up_to(MANUAL, step)))


@pytest.mark.parametrize("step", STEPS)
def test_eff_sat_on_a_table_automatedv_loaded(steps, step):
    # load 1 is already in the table: replayed, it adds nothing; the close of 1001 -> 100 keeps its start and source
    assert rowset(steps[step], EFF_SQL.format("eff_sat_prepop")) == expected(map(eff_row, up_to(PREPOP, step)))


@pytest.mark.parametrize("step", STEPS)
def test_eff_sat_composite_keys_sha(steps, step):
    want = [(tenant, r[0] if r[3] is None else CLOSER[(tenant, r[1], r[5])], *eff_row(r, "sha256"))
            for tenant, spec in (("T1", AUTO), ("T2", TENANT2)) for r in up_to(spec, step)]
    assert rowset(steps[step], EFF_SHA_SQL) == expected(want)


def test_eff_sat_whole_history_in_one_run_equals_load_by_load(steps):
    # no config: auto end-dating from var enable_auto_end_dating; load 1 as delivered, later loads as increments
    assert rowset(steps[4], EFF_SQL.format("eff_sat_history")) == expected(map(eff_row, up_to(AUTO, 4)))


def test_eff_sat_open_rows_keep_the_delivered_max_datetime(steps):
    ends = {r[0] for r in query(steps[4], "select distinct end_date from eff_sat_auto where year(end_date) = 9999")}
    assert ends == {OPEN}


def test_eff_sat_bad_auto_end_dating_value_fails_alone(steps):
    err = steps["errors"]
    assert "gata.eff_sat: is_auto_end_dating must be true or false, got maybe" in err
    assert "eff_err_auto_end_dating" in err
    assert "ERROR=1" in err  # the other models ran (their rows are checked at step 4)


# ---------------------------------------------------------------- multi-active satellites
# per load step: (customer, phone, phone_type, load_datetime) of T1; one child key (phone)
MA = {
    1: [("C1", "111", "home", L1), ("C1", "112", "work", L1), ("C2", "211", "home", L1),
        ("C3", "311", "home", L1), ("C3", "312", "work", L1), ("C5", "511", "home", L1)],
    # C1: its set in another row order; C5: only ext changed, not a key here
    2: [("C2", "211", "mobile", L2),                                  # one hashdiff changed
        ("C3", "311", "home", L2)],                                   # the set shrank
    3: [("C1", "111", "home", L3), ("C1", "112", "work", L3), ("C1", "113", "home", L3),  # grew: the whole set
        ("C3", "311", "home", L3), ("C3", "312", "work", L3),         # grew back to load 1's set: a change
        ("C4", "411", "home", L3)],                                   # new key, a repeated row once, NULL phone dropped
}
# two child keys (phone, ext), composite parent key (tenant, customer); hashdiff of the payload only
MA2 = {
    1: [("T1", "C1", "111", "x1", "home", L1), ("T1", "C1", "112", "x1", "work", L1), ("T1", "C2", "211", "x1", "home", L1),
        ("T1", "C3", "311", "x1", "home", L1), ("T1", "C3", "312", "x1", "work", L1), ("T1", "C5", "511", "x1", "home", L1),
        ("T2", "C1", "1||2", "3", "home", L1)],
    2: [("T1", "C2", "211", "x1", "mobile", L2), ("T1", "C3", "311", "x1", "home", L2),
        ("T1", "C5", "511", "x2", "home", L2),     # the second child key changed
        ("T2", "C1", "1", "2||3", "home", L2)],    # other child keys, the same text joined with '||': a change
    3: [("T1", "C1", "111", "x1", "home", L3), ("T1", "C1", "112", "x1", "work", L3), ("T1", "C1", "113", "x1", "home", L3),
        ("T1", "C3", "311", "x1", "home", L3), ("T1", "C3", "312", "x1", "work", L3), ("T1", "C4", "411", "x1", "home", L3)],
}
MA_SQL = "select hex(customer_hk), phone, phone_type, hex(phone_hashdiff), load_datetime, record_source from {}"
MA2_SQL = ("select tenant, hex(customer_hk), phone, ext, hex(hashdiff), phone_type, load_datetime, record_source "
           "from eff_ma_sat_phone_ext")


def ma_row(spec):
    customer, phone, kind, ldts = spec
    return (hexdigest("md5", customer), phone, kind, hexdigest("md5", f"{phone}||{kind.upper()}"), ts(ldts), "phones")


def ma2_row(spec):
    tenant, customer, phone, ext, kind, ldts = spec
    return (tenant, hexdigest("sha256", customer), phone, ext, hexdigest("sha256", kind.upper()), kind, ts(ldts), "phones")


@pytest.mark.parametrize("step", STEPS)
def test_ma_sat_one_child_key_load_by_load(steps, step):
    assert rowset(steps[step], MA_SQL.format("eff_ma_sat_phone")) == expected(map(ma_row, up_to(MA, step)))


@pytest.mark.parametrize("step", STEPS)
def test_ma_sat_two_child_keys_composite_parent_sha(steps, step):
    assert rowset(steps[step], MA2_SQL) == expected(map(ma2_row, up_to(MA2, step)))


def test_ma_sat_whole_history_in_one_run_equals_load_by_load(steps):
    assert rowset(steps[4], MA_SQL.format("eff_ma_sat_phone_history")) == expected(map(ma_row, up_to(MA, 4)))
