"""The satellite ledger (macros/vault/tables/sat_ledger.sql): staged loads already loaded unchanged are skipped,
every other load is compared as without the ledger. Run by dbt in integration_tests/ (models/ledger,
seeds/ledger/led_customers.csv: `steps` says which steps stage a row) into two satellites reading the same stage:
led_sat_customer (with its ledger) and led_sat_customer_plain (config sat_ledger=false).

Steps: 1 first load (d1, d2, d3); 2 the same staging again; 3 a late load d2b (between d2 and d3) next to the
known ones (d3, known, must be compared too: the late d2b changed K4's version before it); 4 K1's row at d2
changed (same row count: only the fingerprint differs); 5 another late load d2c staged alone; 6 the history
again without d2c (d3 must be compared again: d2c changed K6's version before it); 7 --full-refresh; 8 the
same staging again.

Expected satellite rows are written out here from the seed (AutomateDV's semantics: a row is inserted when its
hashdiff differs from its key's version before it; rows not newer than the key's latest are ignored), keys and
hashdiffs are hashlib digests. The ledger's fingerprints are DuckDB hashes: the test checks which loads it holds,
their row counts, and which run recorded each (gata_recorded_at: a load a run skipped keeps its old time).
One module-scoped fixture: nine dbt invocations, the tables read after each step.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

import _core_it
from _core_it import IT, dbt, query

SAT, PLAIN = "led_sat_customer", "led_sat_customer_plain"
LEDGER = f"main__{SAT}__gata_ledger"     # names.sql sat_ledger_name(schema, table), in the satellite's schema
SELECT = ["--select", "path:models/ledger"]
D1, D2, D3 = datetime(2024, 1, 1, 10), datetime(2024, 1, 2, 10), datetime(2024, 1, 3, 10)
D2B, D2C = datetime(2024, 1, 2, 20), datetime(2024, 1, 2, 22)   # the late loads
SOURCE = "main.led_stg_customers"


def tables(db: Path) -> set[str]:
    return {t for (t,) in query(db, "select table_name from information_schema.tables")}


@pytest.fixture(scope="module")
def steps(tmp_path_factory) -> dict:
    """{step: {'sat': rows, 'plain': rows, 'ledger': rows or None, 'tables': names}}, plus 'compile': the
    compile of both satellites after step 8 (with the bad-config model)."""
    db = tmp_path_factory.mktemp("ledger") / "ledger.duckdb"
    out = {}
    for step in range(1, 9):
        env = {"GATA_IT_LED_STEP": str(step)}
        if step == 1:
            dbt(["build", "--select", "path:seeds/ledger", "path:models/ledger"], db, env=env)
        else:
            dbt(["run", *SELECT, *(["--full-refresh"] if step == 7 else [])], db, env=env)
        names = tables(db)
        out[step] = {
            "sat": sorted(query(db, f"select customer_hk, customer_hashdiff, name, effective_from, load_datetime, record_source from {SAT}")),
            "plain": sorted(query(db, f"select customer_hk, customer_hashdiff, name, effective_from, load_datetime, record_source from {PLAIN}")),
            "ledger": sorted(query(db, f"select gata_source, load_datetime, gata_rows, gata_recorded_at from {LEDGER}"))
            if LEDGER in names else None,
            "tables": names}
        if step == 2:
            # what `dbt run` compiled for the re-load: the staged rows are filtered by the ledger's batch
            out[step]["compiled"] = (IT / "target/compiled/gata_integration_tests/models/ledger" / f"{SAT}.sql").read_text()
    proc = dbt(["compile", "--select", SAT, "led_err_ledger_config"], db, env={"GATA_IT_LED_STEP": "8", "GATA_IT_LED_ERRORS": "1"},
               check=False)
    out["compile"] = (proc, (IT / "target/compiled/gata_integration_tests/models/ledger" / f"{SAT}.sql").read_text())
    return out


def row(key: str, name: str, ldts: datetime) -> tuple:
    return (_core_it.digest(key), _core_it.digest(name.upper()), name, ldts, ldts, "crm")


FIRST = [row("K1", "Ann", D1), row("K2", "Cat", D1), row("K2", "Dan", D3), row("K3", "Eve", D3),
         row("K4", "Gil", D1), row("K6", "Ivy", D1)]
EXPECTED = {
    1: FIRST,
    2: FIRST,                                                             # re-load: nothing new
    3: FIRST + [row("K4", "Hal", D2B), row("K4", "Gil", D3)],             # Gil@d3 follows the late Hal
    4: FIRST + [row("K4", "Hal", D2B), row("K4", "Gil", D3), row("K1", "Bob", D2)],   # K1's d2 row now Bob
    5: FIRST + [row("K1", "Bob", D2), row("K4", "Hal", D2B), row("K4", "Gil", D3), row("K6", "Jay", D2C)],
    6: FIRST + [row("K1", "Bob", D2), row("K4", "Hal", D2B), row("K4", "Gil", D3), row("K6", "Jay", D2C),
                row("K6", "Ivy", D3)],                                    # Ivy@d3 follows late Jay
    # rebuilt from step 7's staging (AutomateDV's full refresh: Jay, no longer staged, is gone)
    7: [row("K1", "Ann", D1), row("K1", "Bob", D2), row("K2", "Cat", D1), row("K2", "Dan", D3), row("K3", "Eve", D3),
        row("K4", "Gil", D1), row("K4", "Hal", D2B), row("K4", "Gil", D3), row("K6", "Ivy", D1)],
}
EXPECTED[8] = EXPECTED[7]


@pytest.mark.parametrize("step", range(1, 9))
def test_satellite_rows_as_without_ledger(steps, step):
    assert steps[step]["sat"] == sorted(EXPECTED[step])
    assert steps[step]["plain"] == sorted(EXPECTED[step])


def ledger_loads(steps, step) -> dict[datetime, tuple[int, int]]:
    """{load datetime: (staged rows, the step that recorded it)} of the ledger after `step`."""
    recorded = {}
    for s in range(1, step + 1):   # each run records with its own time: map the times to the steps
        for _, _, _, at in steps[s]["ledger"] or []:
            recorded.setdefault(at, s)
    assert all(src == SOURCE for src, *_ in steps[step]["ledger"])
    return {ldts: (n, recorded[at]) for _, ldts, n, at in steps[step]["ledger"]}


def test_first_load_records_every_load(steps):
    assert ledger_loads(steps, 1) == {D1: (4, 1), D2: (1, 1), D3: (4, 1)}


def test_reload_of_the_same_batch_skips_every_load(steps):
    # nothing inserted (rows above) and nothing compared: every load keeps step 1's record
    assert steps[2]["ledger"] == steps[1]["ledger"]
    assert "__gata_ledger_batch" in steps[2]["compiled"] and "gata_compare" in steps[2]["compiled"]


def test_late_load_compares_it_and_every_later_load(steps):
    assert ledger_loads(steps, 3) == {D1: (4, 1), D2: (1, 1), D2B: (1, 3), D3: (4, 3)}


def test_changed_row_at_a_known_load_is_compared(steps):
    # d2 has as many rows as before but another fingerprint: d2 and the loads after it are compared again
    assert ledger_loads(steps, 4) == {D1: (4, 1), D2: (1, 4), D2B: (1, 4), D3: (4, 4)}


def test_late_load_alone_forgets_the_later_loads(steps):
    # d3 was not staged with the late d2c, and d2c changed K6's version before d3: d3 is forgotten ...
    assert ledger_loads(steps, 5) == {D1: (4, 1), D2: (1, 4), D2B: (1, 4), D2C: (1, 5)}
    # ... so the next run compares it again (and inserts K6's Ivy@d3, rows above)
    assert ledger_loads(steps, 6) == {D1: (4, 1), D2: (1, 4), D2B: (1, 4), D2C: (1, 5), D3: (4, 6)}


def test_full_refresh_resets_the_ledger(steps):
    assert LEDGER not in steps[7]["tables"]
    # the run after it compares every staged load and records them all
    assert ledger_loads(steps, 8) == {D1: (4, 8), D2: (1, 8), D2B: (1, 8), D3: (4, 8)}


def test_satellite_without_ledger_has_none(steps):
    for step in range(1, 9):
        assert not [t for t in steps[step]["tables"] if t.endswith("__gata_ledger") and PLAIN in t]
        assert not [t for t in steps[step]["tables"] if t.endswith("__gata_ledger_batch")]


def test_compile_gives_sql_without_the_batch_table(steps):
    # `dbt compile` / `dbt show` run no hooks: their SQL compares every load (the same rows)
    _, compiled = steps["compile"]
    assert "__gata_ledger_batch" not in compiled and "latest as" in compiled


def test_bad_sat_ledger_config_fails_naming_model(steps):
    proc, _ = steps["compile"]
    text = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode != 0
    assert 'config sat_ledger of model "' in text and 'led_err_ledger_config" must be true or false, not yes' in text
