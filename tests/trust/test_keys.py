"""Keys under real data (issue 10, items 4, 5, 6, 11): no fake records, no merged records, one tenant's
bad rows fail only that tenant, marts build from what was onboarded.

One throw-away project (tests/engines/engine_fixture.py: dlt-loaded raw data, shells and data tests in
the documented shapes) with two tenants: k1 sends guest orders, a line without product, orders without
id, one order twice in one load, GA4 events without user id and a campaign with an empty id; k2 is
clean. Expected hashes come from hashlib, expected rows and counts from the raw records in Python.
"""
from __future__ import annotations

import copy
import hashlib
import re
import shutil
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engines"))
from conftest import run_dbt
from engine_fixture import RAW, make_project

TENANTS = {"k1": {"facebook_ads": ["ad_sets", "campaigns"], "google_analytics": None, "shopify": None},
           "k2": {"google_analytics": None, "shopify": ["orders"]}}


# ------------------------------------------------------------------------------------------- raw data
def raw_records(tenant: str, connector: str, k: int) -> dict[str, list[dict]]:
    records = copy.deepcopy(RAW[connector](k))
    if tenant != "k1":
        return records
    if connector == "shopify":
        line = {"variant_id": 70, "sku": "SKU7", "title": "x", "quantity": 1, "price": "19.99"}
        # a guest checkout (Shopify sends customer: null) with a line whose product was deleted
        records["orders"].append({
            "id": 1004, "name": "#1004", "email": "guest@example.com", "currency": "EUR", "total_price": "40.00",
            "subtotal_price": "39.98", "total_tax": "0.02", "financial_status": "paid",
            "created_at": "2026-11-04T10:00:00Z", "updated_at": "2026-11-04T10:00:00Z", "customer": None,
            "line_items": [dict(line, id=9100, product_id=None), dict(line, id=9101, product_id=7)]})
        # one line id twice in one load (child rows carry no merge key): same id, other quantity
        third = records["orders"][2]["line_items"]
        third.append(dict(third[0], quantity=5))
    elif connector == "google_analytics":
        first = records["events"][0]
        records["events"] += [dict(first, user_pseudo_id="", event_name="page_view"),
                              dict(first, user_pseudo_id="   ", event_name="scroll")]
    elif connector == "facebook_ads":
        records["campaigns"].append(dict(records["campaigns"][0], id="", name="No id"))
        records["ad_sets"].append(dict(records["ad_sets"][0], id="s9", campaign_id=""))
    return records


def k1_orders() -> list[dict]:
    return raw_records("k1", "shopify", 1)["orders"]


def utc_text(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def order_hashdiff(o: dict) -> bytes:
    """The satellite hashdiff of a raw order, by the convention (payload columns by name, upper-cased,
    '^^' for NULL, '||' between), computed here from the record. Fields the record does not send (dlt
    creates no column for them) are NULL, and so is what is derived from them."""
    def money(field):
        return None if o.get(field) is None else f"{Decimal(o[field]):.2f}"

    def flag(value):
        return None if value is None else str(bool(value)).upper()

    customer = o.get("customer") or {}
    refunded = (None if o.get("current_total_price") is None
                else f"{Decimal(o['total_price']) - Decimal(o['current_total_price']):.2f}")
    shipping = (((o.get("total_shipping_price_set") or {}).get("shop_money") or {}).get("amount"))
    payload = {
        "cancelled_at": utc_text(o["cancelled_at"]) if o.get("cancelled_at") else None,
        "created_at": utc_text(o["created_at"]), "currency": o["currency"],
        "customer_email": customer.get("email"), "customer_first_name": customer.get("first_name"),
        "customer_last_name": customer.get("last_name"), "email": o.get("email"),
        "financial_status": o["financial_status"],
        "is_cancelled": None if "cancelled_at" not in o else flag(o["cancelled_at"] is not None),
        "is_test": flag(o.get("test")), "order_name": o["name"], "refunded": refunded,
        "shipping": None if shipping is None else f"{Decimal(shipping):.2f}",
        "subtotal_price": money("subtotal_price"), "taxes_included": flag(o.get("taxes_included")),
        "total_discounts": money("total_discounts"), "total_price": money("total_price"),
        "total_tax": money("total_tax"), "updated_at": utc_text(o["updated_at"]),
    }
    values = [payload[c] for c in sorted(payload)]
    return hashlib.md5("||".join("^^" if v is None else str(v).strip().upper() for v in values).encode()).digest()


# Rows written straight into k1's raw orders (a source without dlt's NOT NULL on the id): two orders
# without id, and order 1002 twice in one load. The twin with the larger hashdiff comes first and has
# the smaller _dlt_id, so a choice by row order or by _dlt_id would keep the wrong one.
ORDER_1002 = next(o for o in k1_orders() if o["id"] == 1002)
TWINS = sorted([ORDER_1002, dict(ORDER_1002, total_price="999.99")], key=order_hashdiff, reverse=True)
KEPT_1002 = TWINS[1]


def md5(text: str) -> bytes:
    return hashlib.md5(text.encode()).digest()


def rewrite_k1_orders(db: Path) -> None:
    con = duckdb.connect(str(db))
    try:
        con.execute("create table raw_k1_shopify.orders_new as select * from raw_k1_shopify.orders where false")
        twins = [f"select * replace ('!twin{i}' as _dlt_id, '{o['total_price']}' as total_price) "
                 "from raw_k1_shopify.orders where id = 1002" for i, o in enumerate(TWINS)]
        keyless = [f"select * replace (null as id, '!noid{i}' as _dlt_id, '{i + 1}.00' as total_price) "
                   "from raw_k1_shopify.orders where id = 1001" for i in range(2)]
        con.execute("insert into raw_k1_shopify.orders_new " + " union all ".join(twins + keyless))
        con.execute("insert into raw_k1_shopify.orders_new select * from raw_k1_shopify.orders where id <> 1002")
        # order 1002's lines belong to the twin kept
        con.execute("update raw_k1_shopify.orders__line_items set _dlt_parent_id = '!twin1' where _dlt_parent_id = "
                    "(select _dlt_id from raw_k1_shopify.orders where id = 1002)")
        con.execute("drop table raw_k1_shopify.orders")
        con.execute("alter table raw_k1_shopify.orders_new rename to orders")
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = tmp_path_factory.mktemp("keys")
    project, db = make_project(work, TENANTS, raw_records)
    rewrite_k1_orders(db)
    proc = run_dbt(["build", "--exclude", "resource_type:seed"], db, cwd=project)  # the registry is read as CSV
    return project, db, proc.stdout


def query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# --------------------------------------------------------------------------- item 4: no fake records
VALID_KEYS = {
    # case: (query of one staged key, hash computed here)
    "order": ("select order_hk from k1_staging.stg_k1__shopify__orders where order_id = 1001", "K1||SHOPIFY||1001"),
    "customer_of_order": ("select customer_hk from k1_staging.stg_k1__shopify__orders where order_id = 1001", "K1||SHOPIFY||501"),
    "order_customer_link": ("select order__customer_lk from k1_staging.stg_k1__shopify__orders where order_id = 1001",
                            "K1||SHOPIFY||1001||SHOPIFY||501"),
    "guest_order_own_key": ("select order_hk from k1_staging.stg_k1__shopify__orders where order_id = 1004", "K1||SHOPIFY||1004"),
    "line_without_product_own_key": (
        "select order_line_hk from k1_staging.stg_k1__shopify__order_line_items where order_line_id = 9100", "K1||SHOPIFY||9100"),
    "line_order_link": (("select order_line__order_lk from k1_staging.stg_k1__shopify__order_line_items "
                         "where order_line_id = 9101"), "K1||SHOPIFY||9101||SHOPIFY||1004"),
    "composite_campaign": ("select campaign_hk from k1_staging.stg_k1__facebook_ads__campaigns where campaign_id = 'c1'",
                           "K1||FACEBOOK||C1"),
    "ad_set_without_campaign_own_key": (
        "select ad_set_hk from k1_staging.stg_k1__facebook_ads__ad_sets where ad_set_id = 's9'", "K1||FACEBOOK||S9"),
    "other_tenant_same_id": ("select order_hk from k2_staging.stg_k2__shopify__orders where order_id = 1001", "K2||SHOPIFY||1001"),
}


@pytest.mark.parametrize("case", sorted(VALID_KEYS))
def test_complete_keys_keep_their_hash_values(built, case):
    _, db, _ = built
    sql, text = VALID_KEYS[case]
    assert query(db, sql) == [(md5(text),)]


MISSING_KEYS = {
    # case: (query of staged keys that must all be NULL, expected number of rows)
    "guest_order_customer": (("select customer_hk, order__customer_lk from k1_staging.stg_k1__shopify__orders "
                              "where order_id = 1004"), 1),
    "line_without_product": (("select product_hk, order_line__product_lk from k1_staging.stg_k1__shopify__order_line_items "
                              "where order_line_id = 9100"), 1),
    "empty_campaign_of_ad_set": (("select campaign_hk, ad_set__campaign_lk from k1_staging.stg_k1__facebook_ads__ad_sets "
                                  "where ad_set_id = 's9'"), 1),
}


@pytest.mark.parametrize("case", sorted(MISSING_KEYS))
def test_key_with_a_missing_part_is_null_whatever_the_tenant_prefix(built, case):
    _, db, _ = built
    sql, n = MISSING_KEYS[case]
    rows = query(db, sql)
    assert len(rows) == n and all(v is None for row in rows for v in row), rows


def test_guest_order_creates_no_customer_and_no_link(built):
    _, db, _ = built
    orders = k1_orders()
    customers = {c["id"] for c in RAW["shopify"](1)["customers"]} | {o["customer"]["id"] for o in orders if o["customer"]}
    got = query(db, "select customer_id, customer_hk from vault.hub_customer where tenant_slug = 'k1'")
    assert sorted(got) == sorted((c, md5(f"K1||SHOPIFY||{c}")) for c in customers)
    assert query(db, "select count(*) from vault.hub_customer where customer_id is null") == [(0,)]
    links = {(o["id"], o["customer"]["id"]) for o in orders if o["customer"]}
    got = query(db, "select order__customer_lk from vault.link_order__customer where tenant_slug = 'k1'")
    assert sorted(got) == sorted((md5(f"K1||SHOPIFY||{o}||SHOPIFY||{c}"),) for o, c in links)
    assert query(db, "select count(*) from k1_marts.dim_customers where customer_id is null") == [(0,)]
    assert sorted(r[0] for r in query(db, "select customer_id from k1_marts.dim_customers")) == sorted(customers)


def test_guest_order_stays_in_fct_orders_with_a_null_customer(built):
    _, db, _ = built
    want = {o["id"]: (o["customer"]["id"] if o["customer"] else None, Decimal(o["total_price"])) for o in k1_orders()}
    want[1002] = (ORDER_1002["customer"]["id"], Decimal(KEPT_1002["total_price"]))
    got = {r[0]: r[1:] for r in query(db, "select order_id, customer_id, total_price from k1_marts.fct_orders")}
    assert got == want and got[1004] == (None, Decimal("40.00"))


def test_line_without_product_creates_no_product_and_no_link(built):
    _, db, _ = built
    lines = [l for o in k1_orders() for l in o["line_items"]]
    products = {p["id"] for p in RAW["shopify"](1)["products"]} | {l["product_id"] for l in lines if l["product_id"]}
    assert sorted(r[0] for r in query(db, "select product_id from vault.hub_product where tenant_slug = 'k1'")) == sorted(products)
    with_product = {(l["id"], l["product_id"]) for l in lines if l["product_id"] is not None}
    got = query(db, "select order_line__product_lk from vault.link_order_line__product where tenant_slug = 'k1'")
    assert sorted(got) == sorted((md5(f"K1||SHOPIFY||{l}||SHOPIFY||{p}"),) for l, p in with_product)
    # the line still counts in its order
    assert query(db, "select line_count, units from k1_marts.fct_orders where order_id = 1004") == [(2, 2)]


def test_empty_part_of_a_composite_key_is_no_key(built):
    """ad_platform|campaign_id: the platform is a constant, so 'all NULL' never holds; an empty id is no key."""
    _, db, _ = built
    campaigns = {c["id"] for c in RAW["facebook_ads"](1)["campaigns"]}
    got = query(db, "select campaign_id, campaign_hk from vault.hub_campaign where tenant_slug = 'k1'")
    assert sorted(got) == sorted((c, md5(f"K1||FACEBOOK||{c.upper()}")) for c in campaigns)
    assert query(db, "select count(*) from vault.link_ad_set__campaign where tenant_slug = 'k1'") == [(len(campaigns),)]
    assert query(db, "select count(*) from k1_marts.dim_campaigns where trim(campaign_id) = ''") == [(0,)]


# ------------------------------------------------------------------ item 5: rows without own key
KEYLESS = {
    # case: (vault query, expected from the raw records)
    "orders_without_id_make_no_hub_row": (
        "select count(*) from vault.hub_order where tenant_slug = 'k1'", len({o["id"] for o in k1_orders()})),
    "orders_without_id_are_not_versions_of_one_order": (
        "select count(*) from vault.sat_shopify__orders where tenant_slug = 'k1'", len({o["id"] for o in k1_orders()})),
    "empty_user_pseudo_id_not_in_hub_event": (
        "select count(*) from vault.hub_event where tenant_slug = 'k1'",
        sum(1 for e in raw_records("k1", "google_analytics", 1)["events"] if e["user_pseudo_id"].strip())),
    "empty_user_pseudo_id_not_in_events_mart": (
        "select count(*) from k1_marts.fct_events",
        sum(1 for e in raw_records("k1", "google_analytics", 1)["events"] if e["user_pseudo_id"].strip())),
    "empty_campaign_id_not_in_hub_campaign": (
        "select count(*) from vault.hub_campaign where tenant_slug = 'k1' and trim(campaign_id) = ''", 0),
}


@pytest.mark.parametrize("case", sorted(KEYLESS))
def test_rows_without_own_key_never_reach_the_vault(built, case):
    _, db, _ = built
    sql, want = KEYLESS[case]
    assert query(db, sql) == [(want,)]
    assert query(db, "select count(*) from vault.sat_shopify__orders where order_hk is null") == [(0,)]


REPORTS = {
    # warn test name: rows it reports, counted from the raw records here
    # (one test per object reports both kinds: 2 orders without key + the twins' duplicates)
    "k1__shopify__orders__rows_kept_out_of_vault": 2 + len(TWINS) - 1,
    "k1__shopify__order_line_items__rows_kept_out_of_vault":
        sum(len(o["line_items"]) - len({l["id"] for l in o["line_items"]}) for o in k1_orders()),
    "k1__google_analytics__events__rows_kept_out_of_vault":
        sum(1 for e in raw_records("k1", "google_analytics", 1)["events"] if not e["user_pseudo_id"].strip()),
    "k1__facebook_ads__campaigns__rows_kept_out_of_vault": 1,
}


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_rows_kept_out_are_reported_by_tenant_object_and_count(built, name):
    _, _, out = built
    n = REPORTS[name]
    assert n > 0
    assert re.search(rf"WARN {n} {name} ", out), out[-4000:]
    assert f"Warning in test {name} (models/tenants/k1/_k1__staging.yml)" in out
    assert f"Got {n} result{'s' if n > 1 else ''}, configured to warn if != 0" in out


def test_clean_tenant_gets_no_warning(built):
    _, _, out = built
    assert not re.search(r"WARN \d+ k2__", out)
    assert re.search(r"PASS k2__shopify__orders__rows_kept_out_of_vault ", out)
    assert f"Completed with {len(REPORTS)} warnings" in out  # exactly the REPORTS above


# ------------------------------------------------------------ item 6(a): duplicates inside one load
def test_duplicate_in_one_load_keeps_one_row_chosen_by_content(built):
    _, db, _ = built
    got = query(db, "select total_price, hashdiff, _dlt_id from k1_staging.stg_k1__shopify__orders where order_id = 1002")
    assert got == [(Decimal(KEPT_1002["total_price"]), order_hashdiff(KEPT_1002), "!twin1")]
    assert query(db, "select total_price from vault.sat_shopify__orders s join vault.hub_order h using (order_hk) "
                     "where h.tenant_slug = 'k1' and h.order_id = 1002") == [(Decimal(KEPT_1002["total_price"]),)]


def test_duplicate_child_rows_in_one_load_are_one_line(built):
    _, db, _ = built
    third = k1_orders()[2]["line_items"]
    assert query(db, "select count(*) from vault.sat_shopify__order_line_items s join vault.hub_order_line h "
                     f"using (order_line_hk) where h.order_line_id = {third[0]['id']} and h.tenant_slug = 'k1'") == [(1,)]
    assert query(db, "select count(*) from k1_staging.stg_k1__shopify__order_line_items "
                     f"where order_line_id = {third[0]['id']}") == [(1,)]


# ------------------------------------------------------- item 6(b): vault tests scoped per tenant
def test_one_tenants_corrupt_vault_rows_fail_only_its_own_builds(built, tmp_path):
    project, db, _ = built
    broken = tmp_path / "broken.duckdb"
    shutil.copy(db, broken)
    con = duckdb.connect(str(broken))
    con.execute("insert into vault.hub_customer select * from vault.hub_customer where tenant_slug = 'k1' limit 1")
    con.close()
    failing = "gata_tenant_scoped_key_hub_customer_customer_hk"
    other = run_dbt(["build", "--select", "tenant:k2"], broken, cwd=project, check=False)
    assert other.returncode == 0, other.stdout[-3000:]
    assert re.search(rf"PASS {failing} ", other.stdout)  # it ran, over k2's rows only
    # a run that selects k1's staging (`dbt test` selects only tests: their parents tell the tenant) fails
    own = run_dbt(["test", "--select", "hub_customer", "stg_k1__shopify__customers"], broken, cwd=project, check=False)
    assert own.returncode != 0 and re.search(rf"FAIL 1 {failing} ", own.stdout), own.stdout[-3000:]
    # so does a run that selects no tenant in particular (the vault model alone), like the whole project
    whole = run_dbt(["test", "--select", "hub_customer"], broken, cwd=project, check=False)
    assert whole.returncode != 0 and re.search(rf"FAIL 1 {failing} ", whole.stdout), whole.stdout[-3000:]


# --------------------------------------------------------------- item 11: marts follow onboarding
def test_marts_build_from_what_was_onboarded_not_from_tenants_yaml(built, tmp_path):
    project, db, _ = built
    copy_db = tmp_path / "marts.duckdb"
    shutil.copy(db, copy_db)
    manifest_path = project / "tenants.yaml"
    original = manifest_path.read_text()
    doc = yaml.safe_load(original)
    k2 = next(t for t in doc["tenants"] if t["slug"] == "k2")
    k2["sources"]["google_analytics"]["enabled"] = False
    manifest_path.write_text(yaml.safe_dump(doc, sort_keys=False))
    try:
        marts = ["k2__fct_events", "k2__fct_sessions", "k2__fct_orders"]
        before = {m: query(copy_db, f"select count(*) from k2_marts.{m.split('__')[1]}")[0][0] for m in marts}
        run_dbt(["run", "--select", *marts], copy_db, cwd=project)
        after = {m: query(copy_db, f"select count(*) from k2_marts.{m.split('__')[1]}")[0][0] for m in marts}
        events = RAW["google_analytics"](2)["events"]
        assert after == before and after["k2__fct_events"] == len(events) > 0
        # re-onboarding applies the change: the connector's marts (and shells) go away, the rest stays.
        # (Last test of the module: it leaves k2 re-onboarded.)
        run_dbt(["run-operation", "onboard_tenant", "--args", "{tenant: k2}"], copy_db, cwd=project)
        # a removed shell stays as a disabled stub until its folder holds only stubs (onboarding writes atomically)
        stub = "-- generated by gata onboard_tenant: do not edit\n{{ config(enabled=false) }}\n"
        left = {f.name for f in (project / "models/tenants/k2").iterdir() if f.read_text() != stub}
        assert {"k2__fct_orders.sql", "stg_k2__shopify__orders.sql"} <= left
        assert not {"k2__fct_events.sql", "k2__fct_sessions.sql", "stg_k2__google_analytics__events.sql"} & left
        assert "stg_k2__google_analytics__events" not in (project / "models/tenants/k2/_k2__staging.yml").read_text()
    finally:
        manifest_path.write_text(original)
