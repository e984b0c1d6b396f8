"""AutomateDV's materialisations on Gata's engine: vault_insert_by_rank, pit_incremental, bridge_incremental and
vault_insert_by_period (TIMESTAMP WITH TIME ZONE load datetimes, only start_date, AutomateDV's errors), run by dbt
in integration_tests/ (models/materialisations, seeds/materialisations) on temp DuckDB files.

One module-scoped fixture runs dbt for the whole module. Main scenario: seed; batch 1 into empty targets (base
loads); batch 1 again into the pre-populated targets (the remaining ranks and periods); one PIT row outside the
recomputed window is altered; batch 2; batch 2 again; --full-refresh. Side runs: every bad configuration; the rank
models and a period model under var hash SHA (SHA-256) in a session at UTC-3. A copy of the warehouse is kept after
each step and the tests read the copies.
Expected rows are written out by hand from the seeds; hash keys and hashdiffs are computed here with hashlib.
"""
from __future__ import annotations

import hashlib
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
import yaml

from _core_it import dbt, query

# AutomateDV-parity scenarios (minutes of dbt runs): `python3 tasks.py test --all` runs them; CI skips them
pytestmark = pytest.mark.slow


# --no-write-json: no manifest.json / run_results.json (about 1 s a run); partial parsing still works
SCENARIO = ["path:models/materialisations", "--exclude", "path:models/materialisations/errors"]
MAIN = ["run", "--no-write-json", "--select", *SCENARIO]
SIDE_MODELS = ["run", "--no-write-json", "--select", "mat_customers_batch", "mat_stg_customers", "mat_sat_customer_by_rank",
               "mat_hub_customer_by_rank", "mat_stg_events_tz", "mat_sat_events_by_day"]
SIDE_TABLES = ["mat_sat_customer_by_rank", "mat_hub_customer_by_rank", "mat_sat_events_by_day"]
GHOST_MD5 = b"\x00" * 16
NO_LDTS = datetime(1900, 1, 1)
TAMPERED = datetime(2000, 1, 1)  # a carried-over PIT row keeps this value until --full-refresh
OPEN = datetime(9999, 12, 31)


def h(text: str, algo: str = "md5") -> bytes:
    return hashlib.new(algo, text.encode()).digest()


def ts(text: str) -> datetime:
    return datetime.fromisoformat(text)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def rowset(db: Path, sql: str) -> list[tuple]:
    return sorted(query(db, sql), key=repr)


def keep(db: Path, work: Path, name: str) -> Path:
    copy = work / f"{name}.duckdb"
    shutil.copy(db, copy)
    return copy


def batch(n: int, **extra) -> dict:
    # the scenario's batch is an env var, not --vars: dbt re-parses the whole project when vars (or the
    # profile, which holds the warehouse path) change, about 15 s of CPU a run here
    return {"GATA_IT_BATCH": str(n), **extra}


@pytest.fixture(scope="module")
def snaps(tmp_path_factory) -> dict[str, Path]:
    """Every dbt run of the module, against one warehouse path (see batch()); a copy after each step.
    Main scenario: b1 (seeds, then batch 1 into empty targets), b1again, b2, b2again, fr (batch 2 with
    --full-refresh). bad: the bad configurations on b2's copy. side1/side2: the rank models and a period model
    into empty targets under hash SHA (SHA-256) in a session at UTC-3 (America/Sao_Paulo, no daylight saving
    since 2019)."""
    work = tmp_path_factory.mktemp("materialisations")
    db = work / "it.duckdb"
    dbt(["build", "--no-write-json", "--select", "path:seeds/materialisations", *SCENARIO], db, env=batch(1))
    out = {"b1": keep(db, work, "b1")}
    dbt(MAIN, db, env=batch(1))
    out["b1again"] = keep(db, work, "b1again")
    con = duckdb.connect(str(db))
    # C2 at 2024-01-01 12:00 lies before batch 2's first load: pit_incremental must carry it over, not recompute it
    con.execute("update mat_pit_customer set mat_pit_sat_name_LDTS = ? where customer_hk = ? and as_of_date = ?",
                [TAMPERED, h("C2"), ts("2024-01-01 12:00")])
    con.close()
    for name in ["b2", "b2again"]:
        dbt(MAIN, db, env=batch(2))
        out[name] = keep(db, work, name)
    # every bad configuration, and the PIT with one satellite less than its table (GATA_IT_PIT_DROP_PHONE)
    out["bad_stdout"] = dbt(["run", "--no-write-json", "--select", "path:models/materialisations/errors", "mat_pit_customer"], db,
                            env=batch(2, GATA_IT_PIT_DROP_PHONE="yes"), check=False).stdout
    out["bad"] = keep(db, work, "bad")
    shutil.copy(out["b2again"], db)
    dbt([*MAIN, "--full-refresh"], db, env=batch(2))
    out["fr"] = keep(db, work, "fr")
    # one side run (vars and the profile change: one whole-project parse) into empty targets: SHA-256 keys,
    # session time zone UTC-3
    shutil.copy(out["b1"], db)
    con = duckdb.connect(str(db))
    for table in SIDE_TABLES:
        con.execute(f"drop table {table}")
    con.close()
    for i in (1, 2):
        dbt(SIDE_MODELS, db, {"hash": "SHA"}, env=batch(1, GATA_IT_TIMEZONE="America/Sao_Paulo"))
        out[f"side{i}"] = keep(db, work, f"side{i}")
    return out


# ---------------------------------------------------------------- vault_insert_by_rank
# rank = each key's rows in load order (DBTVAULT_RANK) within the batch; one rank per iteration
SAT_B1 = [("C1", "Alice", "2024-01-01 10:00"), ("C2", "Bob", "2024-01-01 10:00"), ("C3", "Carl", "2024-01-01 12:00")]
SAT_B1_AGAIN = SAT_B1 + [("C1", "Alicia", "2024-01-01 11:00"),  # rank 2: a change
                         ("C1", "Alice", "2024-01-01 12:00")]   # rank 3: changed back; C2's rank 2 (Bob again) is none
SAT_B2 = SAT_B1_AGAIN + [("C1", "Alicia", "2024-01-02 11:00"),  # C1's rank 1 (Alice) equals its latest row: not stored
                         ("C2", "Robert", "2024-01-02 10:00"), ("C4", "Dan", "2024-01-02 10:00")]
SAT_SQL = "select CUSTOMER_HK, CUSTOMER_HASHDIFF, name, load_datetime, RECORD_SOURCE from mat_sat_customer_by_rank"


def sat_expected(spec, algo="md5"):
    return sorted(((h(c, algo), h(n.upper(), algo), n, ts(l), "crm") for c, n, l in spec), key=repr)


# rank = every row of one load datetime of the batch (LOAD_RANK, a dense rank without partition)
HUB_B1 = [("C1", "2024-01-01 10:00"), ("C2", "2024-01-01 10:00")]  # C3 arrives at 12:00: rank 3
HUB_B1_AGAIN = HUB_B1 + [("C3", "2024-01-01 12:00")]
HUB_B2 = HUB_B1_AGAIN + [("C4", "2024-01-02 10:00")]
HUB_SQL = "select CUSTOMER_HK, customer_id, load_datetime, RECORD_SOURCE from mat_hub_customer_by_rank"


def hub_expected(spec, algo="md5"):
    return sorted(((h(c, algo), c, ts(l), "crm") for c, l in spec), key=repr)


def test_rank_first_run_creates_table_with_rank_1_only(snaps):
    assert rowset(snaps["b1"], SAT_SQL) == sat_expected(SAT_B1)
    assert rowset(snaps["b1"], HUB_SQL) == hub_expected(HUB_B1)


def test_rank_next_run_loads_every_rank_in_order(snaps):
    assert rowset(snaps["b1again"], SAT_SQL) == sat_expected(SAT_B1_AGAIN)
    assert rowset(snaps["b1again"], HUB_SQL) == hub_expected(HUB_B1_AGAIN)


def test_rank_new_batch_compared_with_pre_populated_table(snaps):
    assert rowset(snaps["b2"], SAT_SQL) == sat_expected(SAT_B2)
    assert rowset(snaps["b2"], HUB_SQL) == hub_expected(HUB_B2)


def test_rank_rerun_adds_nothing(snaps):
    assert rowset(snaps["b2again"], SAT_SQL) == sat_expected(SAT_B2)
    assert rowset(snaps["b2again"], HUB_SQL) == hub_expected(HUB_B2)


def test_full_refresh_starts_over_unless_config_full_refresh_false(snaps):
    # the satellite has full_refresh=false (as Gata's vault history guard sets it): its history stays
    assert rowset(snaps["fr"], SAT_SQL) == sat_expected(SAT_B2)
    # the hub has not: AutomateDV's --full-refresh rebuilds it with rank 1 of the current stage only
    assert rowset(snaps["fr"], HUB_SQL) == hub_expected([("C1", "2024-01-02 10:00"), ("C2", "2024-01-02 10:00"),
                                                         ("C4", "2024-01-02 10:00")])


def test_rank_loads_with_sha_keys_and_hashdiffs(snaps):
    assert rowset(snaps["side1"], SAT_SQL) == sat_expected(SAT_B1, "sha256")
    assert rowset(snaps["side2"], SAT_SQL) == sat_expected(SAT_B1_AGAIN, "sha256")
    assert rowset(snaps["side2"], HUB_SQL) == hub_expected(HUB_B1_AGAIN, "sha256")


# ---------------------------------------------------------------- vault_insert_by_period, TIMESTAMP WITH TIME ZONE
EVENTS = {  # seed row -> its instant (UTC); the seed writes them with offsets +00, -02, +01
    ("C1", "Alice"): utc("2024-01-01 09:00"), ("C2", "Bob"): utc("2024-01-02 01:30"),
    ("C1", "Alicia"): utc("2024-01-02 07:00"), ("C3", "Carl"): utc("2024-01-03 00:15"),
    ("C1", "Alice 2"): utc("2024-01-03 23:59:59"), ("C4", "Dan"): utc("2025-06-15 12:00"),
}
TZ_SAT_SQL = "select CUSTOMER_HK, CUSTOMER_HASHDIFF, name, load_datetime from mat_sat_events_by_day"


def tz_sat_expected(keys, algo="md5"):
    return sorted(((h(c, algo), h(n.split()[0].upper(), algo), n.split()[0], EVENTS[(c, n)]) for c, n in keys), key=repr)


TZ_ALL_2024 = [("C1", "Alice"), ("C2", "Bob"), ("C1", "Alicia"), ("C3", "Carl"), ("C1", "Alice 2")]


def test_period_timestamptz_first_run_loads_first_utc_day(snaps):
    # session time zone UTC (integration_tests/profiles.yml): Bob's 2024-01-01 23:30-02 is 2024-01-02 01:30 UTC
    assert rowset(snaps["b1"], TZ_SAT_SQL) == tz_sat_expected([("C1", "Alice")])


def test_period_timestamptz_loads_each_row_once_with_its_type(snaps):
    assert rowset(snaps["b1again"], TZ_SAT_SQL) == tz_sat_expected(TZ_ALL_2024)
    assert rowset(snaps["b2again"], TZ_SAT_SQL) == tz_sat_expected(TZ_ALL_2024)
    assert query(snaps["b2again"], "select distinct typeof(load_datetime) from mat_sat_events_by_day") == [
        ("TIMESTAMP WITH TIME ZONE",)]


def test_period_days_follow_the_session_time_zone(snaps):
    # at UTC-3 Bob's instant (01:30 UTC on the 2nd) is 22:30 on the 1st: in the first day; nothing is lost or doubled
    assert rowset(snaps["side1"], TZ_SAT_SQL) == tz_sat_expected([("C1", "Alice"), ("C2", "Bob")], "sha256")
    assert rowset(snaps["side2"], TZ_SAT_SQL) == tz_sat_expected(TZ_ALL_2024, "sha256")


TZ_HUB_SQL = "select CUSTOMER_HK, customer_id, load_datetime from mat_hub_events_from_start"


def test_period_only_start_date_loads_up_to_now(snaps):
    first_seen = {"C1": EVENTS[("C1", "Alice")], "C2": EVENTS[("C2", "Bob")], "C3": EVENTS[("C3", "Carl")]}
    base = sorted(((h(c), c, t) for c, t in first_seen.items()), key=repr)
    assert rowset(snaps["b1"], TZ_HUB_SQL) == base  # year 2024
    # later runs: every year up to the current one; Robert's row dated 2099 is after now: not loaded
    full = sorted(base + [(h("C4"), "C4", EVENTS[("C4", "Dan")])], key=repr)
    assert rowset(snaps["b1again"], TZ_HUB_SQL) == full
    assert rowset(snaps["b2again"], TZ_HUB_SQL) == full


# ---------------------------------------------------------------- pit_incremental
PIT_LOADS = {1: [("name", "C1", "2024-01-01 10:00"), ("name", "C2", "2024-01-01 10:00"), ("phone", "C1", "2024-01-02 10:00")],
             2: [("name", "C1", "2024-01-03 10:00"), ("phone", "C2", "2024-01-03 10:00"), ("name", "C3", "2024-01-04 10:00")]}
AS_OF = {1: ["2024-01-01 00:00", "2024-01-01 12:00", "2024-01-02 12:00", "2024-01-03 12:00"],
         2: ["2024-01-01 12:00", "2024-01-02 12:00", "2024-01-03 12:00", "2024-01-04 12:00"]}  # 01-01 00:00 dropped
HUB_KEYS = {1: ["C1", "C2"], 2: ["C1", "C2", "C3"]}
PIT_SQL = ("select customer_hk, as_of_date, mat_pit_sat_name_PK, mat_pit_sat_name_LDTS, mat_pit_sat_phone_PK, "
           "mat_pit_sat_phone_LDTS from mat_pit_customer")


def pit_expected(n, tampered=False):
    """Per key and as-of date, per satellite: the key and latest load on or before the date, else ghost + 1900-01-01."""
    loads = [row for b in range(1, n + 1) for row in PIT_LOADS[b]]
    out = []
    for c in HUB_KEYS[n]:
        for d in AS_OF[n]:
            row = [h(c), ts(d)]
            for sat in ("name", "phone"):
                seen = [ts(l) for s, k, l in loads if s == sat and k == c and ts(l) <= ts(d)]
                row += [h(c), max(seen)] if seen else [GHOST_MD5, NO_LDTS]
            if tampered and (c, d) == ("C2", "2024-01-01 12:00"):
                row[3] = TAMPERED
            out.append(tuple(row))
    return sorted(out, key=repr)


def test_pit_first_run_creates_the_whole_pit(snaps):
    assert rowset(snaps["b1"], PIT_SQL) == pit_expected(1)
    assert rowset(snaps["b1again"], PIT_SQL) == pit_expected(1)


def test_pit_incremental_recomputes_window_and_carries_other_rows_over(snaps):
    # new satellite rows, a new key (C3), a new as-of date (01-04) and a dropped one (01-01 00:00) all applied;
    # the altered row (01-01 12:00, before batch 2's first load) was carried over, not recomputed
    assert rowset(snaps["b2"], PIT_SQL) == pit_expected(2, tampered=True)
    assert rowset(snaps["b2again"], PIT_SQL) == pit_expected(2, tampered=True)


def test_pit_full_refresh_rebuilds_from_scratch(snaps):
    assert rowset(snaps["fr"], PIT_SQL) == pit_expected(2)


# ---------------------------------------------------------------- bridge_incremental
BRIDGE_SQL = ("select customer_hk, as_of_date, link_customer_order_hk, customer_order_end_date, "
              "customer_order_load_datetime from mat_bridge_customer")


def bridge_expected(spec):
    return sorted(((h(c), ts(d), h(f"{c}||{o}"), OPEN, ts(l)) for c, o, d, l in spec), key=repr)


BRIDGE_B1 = [(c, o, d, "2024-01-01 10:00") for c, o in [("C1", "O1"), ("C2", "O2")]
             for d in ["2024-01-01 12:00", "2024-01-02 12:00", "2024-01-03 12:00"]]  # nothing open at 01-01 00:00
BRIDGE_B2 = ([("C1", "O1", d, "2024-01-01 10:00") for d in ["2024-01-01 12:00", "2024-01-02 12:00"]]  # closed at 01-03 10:00
             + [("C2", "O2", d, "2024-01-01 10:00") for d in AS_OF[2]]
             + [("C3", "O3", "2024-01-04 12:00", "2024-01-04 10:00")])


def test_bridge_first_run_and_rerun(snaps):
    assert rowset(snaps["b1"], BRIDGE_SQL) == bridge_expected(BRIDGE_B1)
    assert rowset(snaps["b1again"], BRIDGE_SQL) == bridge_expected(BRIDGE_B1)


def test_bridge_incremental_drops_paths_that_ended(snaps):
    # C1-O1 at 01-03 12:00 was in the table after batch 1; its relationship closed at 01-03 10:00: gone
    assert rowset(snaps["b2"], BRIDGE_SQL) == bridge_expected(BRIDGE_B2)
    assert rowset(snaps["b2again"], BRIDGE_SQL) == bridge_expected(BRIDGE_B2)
    assert rowset(snaps["fr"], BRIDGE_SQL) == bridge_expected(BRIDGE_B2)


# ---------------------------------------------------------------- bad configuration
HOURS_2000_TO_2024 = int((datetime(2024, 1, 1) - datetime(2000, 1, 1)).total_seconds() // 3600) + 1
BAD_MODELS = {
    "mat_err_rank_no_rank_column": "config rank_column is required: a column name",
    "mat_err_rank_column_missing": "rank_column 'NO_SUCH_RANK' is not a column of rank source model mat_stg_customers",
    "mat_err_rank_column_not_integer": "rank_column 'name' of rank source model mat_stg_customers is VARCHAR, not an integer rank (RANK() or DENSE_RANK())",
    "mat_err_rank_column_list": "config rank_column must be a column name (letters, digits, _), got ['DBTVAULT_RANK'] (a list)",
    "mat_err_rank_column_injection": "config rank_column must be a column name (letters, digits, _), got DBTVAULT_RANK = 1 or 1 (text)",
    "mat_err_rank_models_mapping": "config rank_source_models must be a model name or a list of model names, got {'mat_stg_customers': 1} (a mapping)",
    "mat_err_rank_without_placeholder": "has no __RANK_FILTER__ placeholder in its SQL",
    "mat_err_rank_too_many": "loading ranks 1 to 100001 of big_rank would take 100001 iterations; max iterations is 100,000",
    "mat_err_period_millisecond": "this datepart (millisecond) is too small and not supported",
    "mat_err_period_microsecond": "this datepart (microsecond) is too small and not supported",
    "mat_err_period_too_many": f"would take {HOURS_2000_TO_2024} iterations; max iterations is 100,000",
    "mat_err_period_bad_start": "config start_date must be a date 'YYYY-MM-DD' or a timestamp 'YYYY-MM-DD HH:MM:SS' (optionally with a UTC offset such as +02), got 01/02/2024 (text)",
    "mat_err_period_number": "config period must be a word such as day, got 7 (a number)",
    "mat_err_bridge_by_rank": "must be materialized 'table' or 'bridge_incremental'",
    # the PIT's satellites changed since the table was built (GATA_IT_PIT_DROP_PHONE)
    "mat_pit_customer": "its columns changed (table: customer_hk, as_of_date, mat_pit_sat_name_pk, mat_pit_sat_name_ldts, "
                        "mat_pit_sat_phone_pk, mat_pit_sat_phone_ldts; model: customer_hk, as_of_date, mat_pit_sat_name_pk, "
                        "mat_pit_sat_name_ldts); nothing was written: rebuild it once with --full-refresh",
}


def errors_by_model(stdout: str) -> dict[str, str]:
    """dbt's error blocks ('Compilation Error in model <name> (<path>)' + message), joined per model."""
    out: dict[str, str] = {}
    for block in re.split(r"\n[^\n]*(?=(?:Compilation|Database|Runtime) Error in model )", stdout)[1:]:
        model = re.search(r"Error in model (\w+)", block).group(1)
        out[model] = out.get(model, "") + block
    return out


def test_bad_configuration_fails_clearly_naming_model(snaps):
    stdout = snaps["bad_stdout"]
    assert f"ERROR={len(BAD_MODELS)} " in stdout, stdout
    errors = errors_by_model(stdout)
    for model, message in BAD_MODELS.items():
        assert message in " ".join(errors.get(model, "").split()), (model, errors.get(model), stdout[-4000:])


def test_bad_configuration_writes_nothing(snaps):
    db = snaps["bad"]
    made = query(db, "select table_name from information_schema.tables where table_name like 'mat_err_%'")
    assert made == []
    assert rowset(db, PIT_SQL) == rowset(snaps["b2"], PIT_SQL)


# ---------------------------------------------------------------- docs
VAULT = Path(__file__).resolve().parents[2] / "macros" / "vault"


def test_materialisation_macros_documented_with_their_arguments():
    """Every macro and materialization of macros/vault/materialisations (and pit_window.sql) is in vault_more.yml."""
    docs = {m["name"]: m for m in yaml.safe_load((VAULT / "vault_more.yml").read_text())["macros"]}
    seen = 0
    for path in [*(VAULT / "materialisations").glob("*.sql"), VAULT / "tables" / "pit_window.sql"]:
        text = path.read_text()
        for name in re.findall(r"\{%-?\s*materialization\s+(\w+),\s*default\s*-?%\}", text):
            seen += 1
            assert docs.get(f"materialization_{name}_default", {}).get("description"), f"{path.name}: {name}"
        for name, params in re.findall(r"\{%-?\s*macro\s+(\w+)\((.*?)\)\s*-?%\}", text):
            seen += 1
            assert name in docs and docs[name].get("description"), f"{path.name}: macro {name} not in vault_more.yml"
            wanted = [p.split("=")[0].strip() for p in params.split(",") if p.strip()]
            assert [a["name"] for a in docs[name].get("arguments", [])] == wanted, name
    assert seen >= 25
