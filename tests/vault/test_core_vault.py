"""Hub, link and satellite loads driven through dbt: first load, incremental batches, idempotent re-runs.

Scenario data: integration_tests/seeds/core/raw_customers.csv and raw_orders.csv (batches 1 and 2).
Expected keys are hashlib digests of the standardised business keys (trimmed, upper-cased)."""
from __future__ import annotations

import pytest

from _core_it import dbt, digest, query

MODELS = ["hub_customer", "link_order_customer", "sat_customer_details", "sat_order_details",
          # every batch of raw_customers: in one incremental load, and by vault_insert_by_period (one day a run slice)
          "hub_customer_all", "hub_customer_by_period", "sat_customer_details_all", "sat_customer_details_by_period"]
GHOST = b"\x00" * 16


def snapshot(db):
    return {m: query(db, f"select * from {m}") for m in MODELS}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Batch 1, batch 1 again, batch 2, batch 2 again; a snapshot of every vault table after each step."""
    db = tmp_path_factory.mktemp("core") / "it.duckdb"
    vars = {"enable_ghost_records": True}
    dbt(["build", "--select", "path:models/core", "path:seeds/core", "--exclude", "test_type:unit"], db, {**vars, "batch": 1})
    steps = {"b1": snapshot(db)}
    for view in ["stg_customers", "stg_customers_null_keys"]:
        con_rows = query(db, f"select * from {view}")
        cols = [r[0] for r in query(db, f"select column_name from (describe {view})")]
        steps[view] = [dict(zip(cols, r, strict=True)) for r in con_rows]
    # dbt unit tests (integration_tests/models/core/_core_unit_tests.yml) need the models built: run them here
    steps["unit"] = dbt(["test", "--select", "test_type:unit,path:models/core"], db, {**vars, "batch": 1}).stdout
    dbt(["run", "--select", "path:models/core"], db, {**vars, "batch": 1})
    steps["b1_again"] = snapshot(db)
    dbt(["run", "--select", "path:models/core"], db, {**vars, "batch": 2})
    steps["b2"] = snapshot(db)
    dbt(["run", "--select", "path:models/core"], db, {**vars, "batch": 2})
    steps["b2_again"] = snapshot(db)
    steps["db"] = db
    return steps


def keyed(rows, key_index=0):
    return sorted(rows, key=lambda r: (r[key_index] or b"", str(r[1:])))


def test_hub_first_load_two_sources_earliest_row(runs):
    rows = {r[0]: r[1:] for r in runs["b1"]["hub_customer"]}
    # 1001..1004 from the crm stage, 1005 only from the shop orders; NULL and blank keys never loaded;
    # ' 1004 ' and '1004' are one key (trimmed before hashing); 1001 ties crm/shop at 2024-01-01 -> 'crm' first.
    assert set(rows) == {digest(k) for k in ["1001", "1002", "1003", "1004", "1005"]}
    assert rows[digest("1001")][2] == "crm"
    assert rows[digest("1005")][2] == "shop"
    assert str(rows[digest("1004")][1]) == "2024-01-01 00:00:00"
    assert rows[digest("1004")][0] == " 1004 "


def test_hub_incremental_adds_only_new_keys(runs):
    assert len(runs["b1_again"]["hub_customer"]) == 5
    b2 = {r[0]: r for r in runs["b2"]["hub_customer"]}
    assert set(b2) - {r[0] for r in runs["b1"]["hub_customer"]} == {digest("1006")}
    assert b2[digest("1006")][3] == "crm"  # crm and shop both at 2024-02-01: ranked by source
    assert len(runs["b2_again"]["hub_customer"]) == 6


def test_link_multi_source_and_null_foreign_keys(runs):
    rows = {r[0]: r for r in runs["b1"]["link_order_customer"]}
    # (5001,1001) comes from web at 2023-12-31 before shop at 2024-01-01; order 5003 (no customer) and the
    # web row without order id are not loaded.
    assert set(rows) == {digest(f"{o}||{c}") for o, c in [("5001", "1001"), ("5002", "1005"), ("5005", "1006")]}
    first = rows[digest("5001||1001")]
    assert (first[1], first[2], first[4]) == (digest("5001"), digest("1001"), "web")
    assert str(first[3]) == "2023-12-31 00:00:00"
    assert len(runs["b1_again"]["link_order_customer"]) == 3
    new = {r[0] for r in runs["b2"]["link_order_customer"]} - set(rows)
    assert new == {digest("5004||1006")}
    assert len(runs["b2_again"]["link_order_customer"]) == 4


def customer_hashdiff(dob, cid, name):
    # hashdiff columns sorted alphabetically: customer_dob, customer_id, customer_name
    return digest(f"{dob}||{cid}||{name}")


def test_sat_first_load_keeps_changes_drops_duplicates(runs):
    rows = [r for r in runs["b1"]["sat_customer_details"] if r[0] != GHOST]
    got = sorted((r[0], r[1], r[2], str(r[5])) for r in rows)
    expected = sorted([
        (digest("1001"), customer_hashdiff("1997-04-24", "1001", "ALICE"), "Alice", "2024-01-01 00:00:00"),
        # A -> B -> A within one batch: three rows
        (digest("1002"), customer_hashdiff("1980-01-01", "1002", "BOB"), "Bob", "2024-01-01 00:00:00"),
        (digest("1002"), customer_hashdiff("1980-01-01", "1002", "ROBERT"), "Robert", "2024-01-02 00:00:00"),
        (digest("1002"), customer_hashdiff("1980-01-01", "1002", "BOB"), "Bob", "2024-01-03 00:00:00"),
        # exact duplicate and 'carol ' (same after trim/upper) are back-to-back duplicates: one row
        (digest("1003"), customer_hashdiff("1990-05-05", "1003", "CAROL"), "Carol", "2024-01-01 00:00:00"),
        (digest("1004"), customer_hashdiff("1985-03-03", "1004", "EVE"), "Eve", "2024-01-01 00:00:00"),
    ])
    assert got == expected


def test_sat_incremental_and_idempotent(runs):
    b1 = runs["b1"]["sat_customer_details"]
    assert sorted(runs["b1_again"]["sat_customer_details"], key=str) == sorted(b1, key=str)
    new = [r for r in runs["b2"]["sat_customer_details"] if r not in b1]
    # 1001 changed -> 1 row; 1002 'Bob' equals its latest row -> none; 1006 new -> 1 row;
    # 1003 'Caroline' at 2023-12-15 is older than 1003's latest row -> ignored.
    assert sorted((r[0], r[1]) for r in new) == sorted([
        (digest("1001"), customer_hashdiff("1997-04-24", "1001", "ALICIA")),
        (digest("1006"), customer_hashdiff("1970-07-07", "1006", "DAVE")),
    ])
    assert len(runs["b2_again"]["sat_customer_details"]) == len(runs["b2"]["sat_customer_details"])


def test_sat_multi_source_with_source_filter(runs):
    rows = runs["b1"]["sat_order_details"]
    real = {(r[0], r[1]) for r in rows if r[0] != GHOST}
    # 5001 arrives from web and shop with the same amount: one row (the earlier, web)
    assert real == {(digest(o), digest(a)) for o, a in [("5001", "10.50"), ("5002", "20.00"), ("5003", "5.00"), ("5005", "7.25")]}
    assert [r[3] for r in rows if r[0] == digest("5001")] == ["web"]
    new = [r for r in runs["b2"]["sat_order_details"] if r not in rows]
    # batch 2: 5004 new; 5001 changes to 11.00, sent by shop and web at the same time -> one row
    assert sorted((r[0], r[1]) for r in new) == sorted([(digest("5004"), digest("30.00")), (digest("5001"), digest("11.00"))])
    assert len(runs["b2_again"]["sat_order_details"]) == len(runs["b2"]["sat_order_details"])


def test_ghost_record_inserted_once(runs):
    for step in ["b1", "b1_again", "b2", "b2_again"]:
        for sat in ["sat_customer_details", "sat_order_details"]:
            ghosts = [r for r in runs[step][sat] if r[0] == GHOST]
            assert len(ghosts) == 1, (step, sat)
    g = next(r for r in runs["b1"]["sat_customer_details"] if r[0] == GHOST)
    assert g[1] == GHOST and g[2] is None and g[3] is None
    assert str(g[4]) == str(g[5]) == "1900-01-01 00:00:00" and g[6] == "AUTOMATE_DV_SYSTEM"


def test_no_duplicate_keys_in_hub_and_link(runs):
    db = runs["db"]
    for table, key in [("hub_customer", "CUSTOMER_HK"), ("link_order_customer", "ORDER_CUSTOMER_LK")]:
        assert query(db, f"select count(*) - count(distinct {key}) from {table}") == [(0,)]


def test_dbt_unit_tests_all_pass(runs):
    import re

    from _core_it import IT
    defined = len(re.findall(r"^  - name: ", (IT / "models/core/_core_unit_tests.yml").read_text(), re.MULTILINE))
    assert defined >= 8
    assert f"PASS={defined} WARN=0 ERROR=0" in runs["unit"], runs["unit"][-2000:]


def test_stage_derived_hashed_ranked(runs):
    rows = runs["stg_customers"]
    by_name = {}
    for r in rows:
        by_name.setdefault((r["customer_id"], r["customer_name"]), []).append(r)
    alice = by_name[("1001", "Alice")][0]
    assert alice["RECORD_SOURCE"] == "crm" and alice["EFFECTIVE_FROM"] == alice["load_datetime"]
    assert alice["CUSTOMER_LABEL"] == "1001||X||Alice"          # list -> concatenated with '||', '!X' constant
    assert alice["CUSTOMER_HK"] == digest("1001")
    assert alice["CUSTOMER_HASHDIFF"] == digest("1997-04-24||1001||ALICE")
    # exclude_columns: every source/derived column but the excluded ones -> the same three columns
    assert all(r["CUSTOMER_HASHDIFF_EXCL"] == r["CUSTOMER_HASHDIFF"] for r in rows)
    assert by_name[(None, "Nobody")][0]["CUSTOMER_HK"] is None
    assert by_name[(" ", "Blank")][0]["CUSTOMER_HK"] is None     # blank key: NULL after trim
    assert by_name[(" 1004 ", "Eve")][0]["CUSTOMER_HK"] == digest("1004")
    # hashdiff keeps NULL members as '^^' instead of nulling the hash
    assert by_name[(None, "Nobody")][0]["CUSTOMER_HASHDIFF"] == digest("2000-01-01||^^||NOBODY")
    carol = sorted((str(r["load_datetime"]), r["CUSTOMER_RANK"], r["CUSTOMER_DENSE_RANK"]) for r in rows if r["customer_id"] == "1003")
    assert carol == [("2024-01-01 00:00:00", 1, 2), ("2024-01-01 00:00:00", 1, 2), ("2024-01-02 00:00:00", 3, 1)]


def test_stage_null_columns_without_source_columns(runs):
    rows = runs["stg_customers_null_keys"]
    assert list(rows[0]) == ["customer_id_ORIGINAL", "customer_id", "customer_name_ORIGINAL", "customer_name",
                             "RECORD_SOURCE", "CUSTOMER_HK"]
    nobody = [r for r in rows if r["customer_name"] == "Nobody"]
    assert len(nobody) == 1 and nobody[0]["customer_id"] == "-1" and nobody[0]["customer_id_ORIGINAL"] is None
    assert nobody[0]["CUSTOMER_HK"] == digest("-1")
    # read straight from the dbt source (dict form): every seed row of both batches
    from _core_it import IT
    seed_rows = (IT / "seeds/core/raw_customers.csv").read_text().strip().splitlines()[1:]
    assert len(rows) == len(seed_rows)


def test_unknown_hash_algorithm_is_a_clear_error(runs):
    with pytest.raises(AssertionError) as err:
        dbt(["compile", "--select", "stg_orders"], runs["db"], {"hash": "CRC32", "batch": 1})
    assert "var 'hash' must be MD5, SHA or SHA1, got 'CRC32'" in str(err.value)


# ---------------------------------------------------------------- vault_insert_by_period
def seed_customers():
    """raw_customers.csv rows as (standardised key or None, raw id, name, dob, ldts), both batches."""
    import csv

    from _core_it import IT
    with open(IT / "seeds/core/raw_customers.csv", newline="") as f:
        return [((r["customer_id"].strip().upper() or None), r["customer_id"], r["customer_name"], r["customer_dob"],
                 r["load_datetime"]) for r in csv.DictReader(f)]


def expected_hub_all():
    """Earliest row of each key (load datetime; the source is always crm, then the raw id)."""
    first = {}
    for key, raw, _, _, ldts in seed_customers():
        if key is not None and (key not in first or (ldts, raw) < first[key]):
            first[key] = (ldts, raw)
    return sorted((digest(k), raw, ldts, "crm") for k, (ldts, raw) in first.items())


def expected_sat_all():
    """Per key in load order: a row whenever the hashdiff differs from the previous row's."""
    by_key = {}
    for key, _, name, dob, ldts in seed_customers():
        if key is not None:
            by_key.setdefault(key, []).append((ldts, customer_hashdiff(dob, key, name.strip().upper()), name))
    out = []
    for key, rows in by_key.items():
        previous = None
        for ldts, hd, name in sorted(rows):
            if hd != previous:
                out.append((digest(key), hd, name, ldts))
            previous = hd
    return sorted(out)


def hub_rows(rows):
    return sorted((r[0], r[1], str(r[2]), r[3]) for r in rows)


def sat_rows(rows):
    return sorted((r[0], r[1], r[2], str(r[5])) for r in rows if r[0] != GHOST)


def test_period_first_run_loads_first_day_only(runs):
    first_day = min(r[4] for r in seed_customers())  # 2023-12-15: batch 2's late row for 1003
    assert hub_rows(runs["b1"]["hub_customer_by_period"]) == [r for r in expected_hub_all() if r[2] == first_day]
    assert sat_rows(runs["b1"]["sat_customer_details_by_period"]) == [r for r in expected_sat_all() if r[3] == first_day]


def test_period_slices_equal_one_go_load(runs):
    hub, sat = expected_hub_all(), expected_sat_all()
    assert len(hub) == 5 and len(sat) == 9
    assert hub_rows(runs["b1"]["hub_customer_all"]) == hub
    assert sat_rows(runs["b1"]["sat_customer_details_all"]) == sat
    # the second run loads every remaining day; each day is compared with the table as the days before left it
    for step in ["b1_again", "b2", "b2_again"]:
        assert hub_rows(runs[step]["hub_customer_by_period"]) == hub, step
        assert sat_rows(runs[step]["sat_customer_details_by_period"]) == sat, step
        assert sorted(runs[step]["hub_customer_by_period"]) == sorted(runs["b1"]["hub_customer_all"]), step
        assert sorted(runs[step]["sat_customer_details_by_period"], key=str) == \
            sorted(runs["b1"]["sat_customer_details_all"], key=str), step


def test_missing_parameter_is_a_clear_error(runs):
    # '' counts as missing (as none does); the message names macro, parameter and model
    sql = ("{{ gata.hub(src_pk='CUSTOMER_HK', src_nk='customer_id', src_ldts='', src_source='RECORD_SOURCE', "
           "source_model='stg_customers') }}")
    with pytest.raises(AssertionError) as err:
        dbt(["compile", "--inline", sql], runs["db"], {"batch": 1})
    assert "gata.hub: parameter 'src_ldts' is required (model" in str(err.value)
