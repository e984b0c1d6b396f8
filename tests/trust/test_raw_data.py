"""Raw data as it really varies, end to end (issue 10, items 2, 7, 8 and the real-shaped fixture).

One module-scoped copy of the project and one warehouse, three tenants:
- `rawt`: mock Shopify data, days 1-14 built, then days 3-4 loaded again and built again: raw and
  the vault must not move back in time.
- `apishop`: `files: tests/fixtures/shopify_api`, Shopify Admin REST shaped JSON (guest checkout,
  refunded order, test order, a customer seen only on an order, a custom line item).
- `drift`: first loaded by an older loader (dlt without type hints, every order a guest: no
  `customer__id` column), then by load.py from files with an added field, a dropped field and a
  field that changed type.
Expected values come from the JSON files and raw tables, computed here in Python / plain SQL.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "onboarding"))
from conftest import ROOT, run_dbt
from onboarding_helpers import query, tree_hashes

FIXTURE = ROOT / "tests" / "fixtures" / "shopify_api"
TENANTS = """\
tenants:
  - slug: rawt
    business_name: Raw Timeline
    status: active
    sources:
      shopify:
        generation: {start_date: "2026-11-01", days: 14, customers: 30, products: 8, orders_per_day: 2}
  - slug: apishop
    business_name: API Shop
    status: active
    sources:
      shopify:
        files: tests/fixtures/shopify_api
  - slug: drift
    business_name: Drifting Shop
    status: active
    sources:
      shopify:
        files: drift_data
        objects: [orders, order_line_items]
"""


def drift_order(oid: int, updated: str, total, customer=None, **extra) -> dict:
    line = {"id": oid * 10, "product_id": 77, "variant_id": 770, "sku": "S-77", "title": "Tent", "quantity": 1,
            "price": "10.00"}
    return {"id": oid, "name": f"#{oid}", "email": f"o{oid}@example.com", "currency": "EUR", "total_price": total,
            "subtotal_price": "10.00", "total_tax": "0.00", "financial_status": "paid",
            "created_at": "2026-10-01T08:00:00+02:00", "updated_at": updated, "customer": customer,
            "line_items": [line], **extra}


# v1, written by an older loader: guest orders only, so dlt never made a customer__id column
DRIFT_V1 = [drift_order(1, "2026-10-01T08:00:00+02:00", "10.00"),
            drift_order(2, "2026-10-02T08:00:00+02:00", "20.00"),
            drift_order(3, "2026-10-03T08:00:00+02:00", "30.00")]
# v2, through load.py: order 1 changed (a customer, no email field any more, total as a JSON number,
# a field never seen before); order 2 is an older copy than the stored one; order 4 is new
DRIFT_V2 = [{k: v for k, v in drift_order(1, "2026-10-05T09:00:00Z", 12.5, {"id": 42}, gift_note="thanks").items()
             if k != "email"},
            drift_order(2, "2026-10-01T23:00:00-05:00", "99.99"),
            drift_order(4, "2026-10-06T08:00:00+02:00", "40.00", {"id": 43})]


def copy_project(dest: Path) -> Path:
    """The project without build output, generated shells or tests (the fixture folder is copied back)."""
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(
        ".venv", "target", "dbt_packages", "logs", ".git", "*.duckdb", "*.duckdb.wal", "__pycache__", ".dlt_pipelines",
        ".pytest_cache", "integration_tests", "build", "*.egg-info", "benchmarks", "docs"))
    shutil.rmtree(dest / "tests")
    for d in ("models/tenants", "models/vault/hubs", "models/vault/links", "models/vault/satellites"):
        shutil.rmtree(dest / d, ignore_errors=True)
    (dest / "models/vault/_vault__models.yml").unlink(missing_ok=True)
    shutil.copytree(FIXTURE, dest / "tests" / "fixtures" / "shopify_api")
    # one run-operation onboards every test tenant (each dbt start costs seconds)
    (dest / "macros" / "_test_onboard_each.sql").write_text(
        "{% macro onboard_each(tenants) %}{% for t in tenants %}{% do gata.onboard_tenant(tenant=t) %}"
        "{% endfor %}{% endmacro %}\n")
    return dest


class World:
    def __init__(self, root: Path, db: Path):
        self.root, self.db = root, db
        self.env = dict(os.environ, RUNTIME__DLTHUB_TELEMETRY="false")

    def load(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([sys.executable, "ingestion/load.py", "--database", str(self.db), "--quiet", *args],
                              cwd=self.root, capture_output=True, text=True, env=self.env)
        if check and proc.returncode != 0:
            raise AssertionError(f"load.py failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        return proc

    def dbt(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return run_dbt(list(args), self.db, cwd=self.root, check=check)

    def sql(self, sql: str) -> list[tuple]:
        return query(self.db, sql)


def rows_of(db: Path, relation: str, where: str = "") -> list[str]:
    """Every row of a relation as sorted text (content, not only counts)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return sorted(repr(r) for r in con.execute(f"select * from {relation} {where}").fetchall())


def raw_content(db: Path, relation: str) -> list[str]:
    """Rows of a raw table without dlt's own columns (load ids change on every load)."""
    with duckdb.connect(str(db), read_only=True) as con:
        cols = [c for (c,) in con.execute(f"select column_name from (describe {relation})").fetchall()
                if not c.startswith("_dlt")]
        return sorted(repr(r) for r in con.execute(f"select {', '.join(cols)} from {relation}").fetchall())


def vault_state(db: Path, tenant: str) -> dict[str, tuple[int, str]]:
    """(row count, sha256 of the rows) of each vault table, one tenant's rows."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [t for (t,) in con.execute("select table_name from information_schema.tables "
                                            "where table_schema = 'vault' order by 1").fetchall()]
    out = {}
    for t in tables:
        rows = rows_of(db, f"vault.{t}", f"where tenant_slug = '{tenant}'")
        out[t] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return out


def load_like_an_older_loader(world: World, records: list[dict]) -> None:
    """dlt with no column hints, under load.py's pipeline name: the raw table an earlier version left."""
    import dlt
    pipeline = dlt.pipeline(pipeline_name="gata_drift_shopify", destination=dlt.destinations.duckdb(str(world.db)),
                            dataset_name="raw_drift_shopify", pipelines_dir=str(world.root / ".dlt_pipelines"))
    pipeline.run(dlt.resource(records, name="orders", write_disposition="merge", primary_key=["id"]))


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:
    base = tmp_path_factory.mktemp("raw_data")
    root = copy_project(base / "gata")
    (root / "tenants.yaml").write_text(TENANTS)
    w = World(root, base / "warehouse.duckdb")
    (root / "drift_data").mkdir()
    (root / "drift_data" / "orders.json").write_text(json.dumps(DRIFT_V2))

    w.load("--tenant", "rawt", "--tenant", "apishop")
    load_like_an_older_loader(w, DRIFT_V1)
    w.drift_columns_v1 = [c for (c,) in w.sql("select column_name from information_schema.columns where "
                                              "table_schema = 'raw_drift_shopify' and table_name = 'orders'")]
    w.onboard_out = w.dbt("run-operation", "onboard_each", "--args", "{tenants: [rawt, apishop, drift]}").stdout
    w.dbt("run")
    w.drift_src_v1 = w.sql("select order_id, customer_id, email, total_price from drift_staging.src_drift__shopify__orders "
                           "order by 1")
    w.before = {"vault": vault_state(w.db, "rawt"),
                "customers": raw_content(w.db, "raw_rawt_shopify.customers"),
                "products": raw_content(w.db, "raw_rawt_shopify.products"),
                "stale_customers": w.sql("select count(*) from raw_rawt_shopify.customers "
                                         "where updated_at >= timestamptz '2026-11-05 00:00:00+00'")[0][0],
                "stale_products": w.sql("select count(*) from raw_rawt_shopify.products "
                                        "where updated_at >= timestamptz '2026-11-05 00:00:00+00'")[0][0]}
    # days 3-4 again (rawt) and the drifted files (drift), then the next ordinary build
    w.reload_out = w.load("--tenant", "rawt", "--tenant", "drift", "--start-date", "2026-11-03", "--days", "2").stdout
    w.dbt("build")
    return w


# ------------------------------------------------------------------------- item 2: newer wins, end to end
def test_reloading_old_days_keeps_raw_at_its_newest_state(world):
    assert world.before["stale_customers"] > 0, "precondition: customers changed after day 4"
    assert raw_content(world.db, "raw_rawt_shopify.customers") == world.before["customers"]
    assert raw_content(world.db, "raw_rawt_shopify.products") == world.before["products"]
    assert (f"rawt/shopify: customers: skipped {world.before['stale_customers']} stale record(s) older than the "
            "stored version (updated_at)") in world.reload_out
    if world.before["stale_products"]:
        assert f"products: skipped {world.before['stale_products']} stale record(s)" in world.reload_out


def test_vault_never_records_an_older_state_after_a_newer_one(world):
    after = vault_state(world.db, "rawt")
    assert after == world.before["vault"]
    assert after["sat_shopify__customers"][0] >= 30


# ------------------------------------------------------------------------- real-shaped fixture
def fixture_orders() -> list[dict]:
    return json.loads((FIXTURE / "orders.json").read_text())


def test_api_fixture_orders_reach_fct_orders(world):
    orders = fixture_orders()
    want_revenue = sum(Decimal(o["total_price"]) for o in orders)
    got = world.sql("select count(*), sum(total_price) from apishop_marts.fct_orders")[0]
    assert got == (len(orders), want_revenue)
    by_id = {o["id"]: o for o in orders}
    rows = world.sql("select order_id, customer_id, financial_status, line_count, total_price from apishop_marts.fct_orders")
    assert {r[0]: (r[1], r[2], r[3], r[4]) for r in rows} == {
        i: ((o["customer"] or {}).get("id"), o["financial_status"], len(o["line_items"]), Decimal(o["total_price"]))
        for i, o in by_id.items()}
    guests = [i for i, o in by_id.items() if o["customer"] is None]
    assert guests and world.sql(f"select customer_id from apishop_marts.fct_orders where order_id = {guests[0]}") == [(None,)]
    assert any(o["test"] for o in orders) and any(o["financial_status"] == "refunded" and o["refunds"] for o in orders)


def test_api_fixture_raw_keeps_api_types_and_nested_lists(world):
    types = dict(world.sql("select column_name, data_type from information_schema.columns "
                           "where table_schema = 'raw_apishop_shopify' and table_name = 'orders'"))
    assert (types["id"], types["customer__id"], types["total_price"], types["updated_at"]) == \
        ("BIGINT", "BIGINT", "VARCHAR", "TIMESTAMP WITH TIME ZONE")
    refunds = sum(len(o["refunds"]) for o in fixture_orders())
    assert world.sql("select count(*) from raw_apishop_shopify.orders__refunds")[0][0] == refunds
    custom = [l for o in fixture_orders() for l in o["line_items"] if l["product_id"] is None]
    assert world.sql("select count(*) from apishop_staging.src_apishop__shopify__order_line_items "
                     "where product_id is null")[0][0] == len(custom) == 1
    # the customer seen only on an order is a customer of the shop
    only_on_order = {o["customer"]["id"] for o in fixture_orders() if o["customer"]} - \
        {c["id"] for c in json.loads((FIXTURE / "customers.json").read_text())}
    assert len(only_on_order) == 1
    assert world.sql(f"select count(*) from apishop_marts.dim_customers where customer_id = {only_on_order.pop()} "
                     "and order_count = 1")[0][0] == 1


def test_api_fixture_guest_and_custom_item_make_no_fake_keys(world):
    """Issue 10 item 4 (NULL business keys make no hub or link row), on real-shaped data."""
    assert world.sql("select count(*) from vault.hub_customer where tenant_slug = 'apishop' and customer_id is null") == [(0,)]
    assert world.sql("select count(*) from apishop_marts.dim_customers where customer_id is null") == [(0,)]
    orders = fixture_orders()
    # a link row per order with a customer, none for the guest checkout
    assert world.sql("select count(*), count(customer_hk) from vault.link_order__customer where tenant_slug = 'apishop'") \
        == [(sum(1 for o in orders if o["customer"]),) * 2]
    assert world.sql("select count(*) from vault.hub_product where tenant_slug = 'apishop' and product_id is null") == [(0,)]
    assert world.sql("select count(*) from vault.link_order_line__product where tenant_slug = 'apishop'") \
        == [(sum(1 for o in orders for l in o["line_items"] if l["product_id"] is not None),)]


# ------------------------------------------------------------------------- item 7: missing mapped column
def test_column_dlt_never_created_is_a_typed_null_with_a_warning(world):
    assert "customer__id" not in world.drift_columns_v1, "precondition: the older loader made no customer__id"
    warnings = [line for line in world.onboard_out.splitlines() if "is missing from" in line]
    # one warning per mapped field whose raw column the older loader never created (the registry maps more
    # order fields than the drift fixture sends): expected from the registry rows and the raw table here
    with (ROOT / "seeds/registry/gata_fields.csv").open(newline="") as f:
        fields = [r for r in csv.DictReader(f) if (r["connector"], r["object"]) == ("shopify", "orders")
                  and r["source"] in ("column", "columns")]
    prefix = "gata: warning: tenant 'drift', connector 'shopify', object 'orders': raw column "
    want = []
    for r in fields:
        missing = [c for c in r["expression"].split("|") if c not in world.drift_columns_v1]
        if missing:
            want.append(f"{prefix}'{missing[0]}' is missing from raw_drift_shopify.orders; src_drift__shopify__orders "
                        f"reads '{r['column']}' as NULL ({r['data_type']}) until a load creates it")
    assert len(warnings) == len(want), world.onboard_out
    assert sorted(w[w.index("gata: warning"):] for w in warnings) == sorted(want)
    assert (f"{prefix}'customer__id' is missing from raw_drift_shopify.orders; src_drift__shopify__orders reads "
            "'customer_id' as NULL (bigint) until a load creates it") in want
    assert world.drift_src_v1 == [(1, None, "o1@example.com", Decimal("10.00")),
                                  (2, None, "o2@example.com", Decimal("20.00")),
                                  (3, None, "o3@example.com", Decimal("30.00"))]


# ------------------------------------------------------------------------- item 8: drift keeps working
@pytest.mark.parametrize("case", ["added_column", "removed_column", "retyped_column", "stale_file_record", "new_record"])
def test_schema_drift_keeps_building(world, case):
    cols = {c for (c,) in world.sql("select column_name from information_schema.columns where "
                                    "table_schema = 'raw_drift_shopify' and table_name = 'orders'")}
    src = {r[0]: r[1:] for r in world.sql("select order_id, customer_id, email, total_price "
                                          "from drift_staging.src_drift__shopify__orders")}
    fct = {r[0]: r[1:] for r in world.sql("select order_id, customer_id, total_price from drift_marts.fct_orders")}
    if case == "added_column":     # a field never seen before, and a mapped column dlt creates late
        assert {"gift_note", "customer__id"} <= cols
        assert fct[1] == (42, Decimal("12.50")) and fct[4][0] == 43
    elif case == "removed_column":  # order 1 no longer sends email: the column stays, the value is NULL
        assert "email" in cols and src[1][1] is None and src[3][1] == "o3@example.com"
    elif case == "retyped_column":  # total_price once a string, now a JSON number: still one text column
        assert not any(c.startswith("total_price__v_") for c in cols)
        assert world.sql("select data_type from information_schema.columns where table_schema = 'raw_drift_shopify' "
                         "and table_name = 'orders' and column_name = 'total_price'") == [("VARCHAR",)]
        assert src[1][2] == Decimal("12.50")
    elif case == "stale_file_record":  # order 2 in the new files is older than the stored one
        assert "drift/shopify: orders: skipped 1 stale record(s)" in world.reload_out
        assert fct[2] == (None, Decimal("20.00"))
    else:
        assert sorted(fct) == [1, 2, 3, 4]
        # the satellite holds both versions of order 1, the old one first
        assert world.sql("""select s.total_price from vault.sat_shopify__orders s join vault.hub_order h
                            on h.order_hk = s.order_hk where h.tenant_slug = 'drift' and h.order_id = 1
                            order by s.load_datetime""") == [(Decimal("10.00"),), (Decimal("12.50"),)]


# ------------------------------------------------------------------------- bad files: clear error, nothing changes
BAD_FILES = {  # case: ({file name: text}, expected message)
    "missing_file": ({}, "orders.json (or .jsonl) not found"),
    "invalid_json": ({"orders.json": '[{"id": 1,}]'}, "invalid JSON at line 1 column 11"),
    "not_an_array": ({"orders.json": '{"orders": []}'}, "expected a JSON array of records, got a JSON dict"),
    "record_not_object": ({"orders.json": '[{"id": 5, "updated_at": "2026-10-01T00:00:00Z"}, 7]'},
                          "record 2 is not a JSON object"),
    "bad_update_time": ({"orders.json": '[{"id": 5, "updated_at": "yesterday"}]'},
                        "orders.json: record 1: updated_at: Invalid isoformat"),
    "jsonl_bad_line": ({"orders.jsonl": '{"id": 5}\n{oops\n'}, "invalid JSON at line 2"),
    "json_and_jsonl": ({"orders.json": "[]", "orders.jsonl": ""}, "orders.jsonl exist; keep one"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_api_file_is_a_clear_error_and_changes_nothing(world, tmp_path, case):
    files, needle = BAD_FILES[case]
    folder = world.root / f"bad_{case}"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    tenants = tmp_path / "tenants.yaml"
    tenants.write_text(TENANTS.replace("files: drift_data", f"files: bad_{case}"))
    before_files, before_rows = tree_hashes(world.root), {
        t: rows_of(world.db, t) for t in ("raw_drift_shopify.orders", "vault.sat_shopify__orders")}
    proc = world.load("--tenant", "drift", "--tenants-file", str(tenants), check=False)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert needle in proc.stderr and "tenant 'drift'" in proc.stderr and "connector 'shopify'" in proc.stderr
    assert f"bad_{case}" in proc.stderr and "Traceback" not in proc.stderr
    assert tree_hashes(world.root) == before_files
    assert {t: rows_of(world.db, t) for t in before_rows} == before_rows
