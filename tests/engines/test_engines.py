"""Engines end to end on a throw-away copy of the project (see engine_fixture.py): src → stg → shared
vault → marts for two tenants that share natural keys. Expected values come from the fixture records
or from DuckDB literals written here, never from the engines' output."""
from __future__ import annotations

import re
import shutil
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from conftest import run_dbt
from engine_fixture import RAW, TENANTS, load_raw, make_project, registry

K = {"t1": 1, "t2": 2}  # fixture variant of the fully onboarded tenants (t3: variant 3, orders only)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = tmp_path_factory.mktemp("engines")
    project, db = make_project(work)
    run_dbt(["run"], db, cwd=project)
    return project, db


def query(db: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def types(db: Path, relation: str) -> dict[str, str]:
    return {name: dtype for name, dtype, *_ in query(db, f"describe {relation}")}


def copy_db(db: Path, dest: Path) -> Path:
    shutil.copy(db, dest)
    return dest


def utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(UTC).replace(tzinfo=None)


# ------------------------------------------------------------------------------------------------ src
def test_src_orders_columns_types_and_values(built):
    _, db = built
    rel = "t1_staging.src_t1__shopify__orders"
    registry_cols = [f["column"] for f in registry("gata_fields") if (f["connector"], f["object"]) == ("shopify", "orders")]
    # raw columns the registry does not know (customer__email, …) are not passed through
    assert list(types(db, rel)) == registry_cols + ["dlt_load_id", "_dlt_id"]
    t = types(db, rel)
    assert (t["order_id"], t["customer_id"], t["total_price"], t["created_at"]) == ("BIGINT", "BIGINT", "DECIMAL(18,2)", "TIMESTAMP")
    got = {r[0]: r[1:] for r in query(db, f"select order_id, customer_id, total_price, total_tax, created_at, updated_at from {rel}")}
    want = {o["id"]: (o["customer"]["id"], Decimal(o["total_price"]), Decimal(o["total_tax"]), utc(o["created_at"]), utc(o["updated_at"]))
            for o in RAW["shopify"](1)["orders"]}
    assert got == want
    raw_loads = query(db, "select _dlt_id, _dlt_load_id from raw_t1_shopify.orders order by 1")
    assert query(db, f"select _dlt_id, dlt_load_id from {rel} order by 1") == raw_loads


def test_src_child_object_takes_parent_columns(built):
    _, db = built
    got = sorted(query(db, "select order_line_id, order_id, quantity, price, dlt_load_id from t2_staging.src_t2__shopify__order_line_items"))
    load_id = query(db, "select distinct _dlt_load_id from raw_t2_shopify.orders")[0][0]
    want = sorted((l["id"], o["id"], l["quantity"], Decimal(l["price"]), load_id)
                  for o in RAW["shopify"](2)["orders"] for l in o["line_items"])
    assert got == want


def test_src_insights_child_sum_constant_and_numeric_strings(built):
    _, db = built
    rel = "t1_staging.src_t1__facebook_ads__insights"
    t = types(db, rel)
    assert (t["date_day"], t["spend"], t["impressions"], t["conversions"]) == ("DATE", "DECIMAL(18,2)", "BIGINT", "DOUBLE")
    got = sorted(query(db, f"select ad_platform, ad_id, date_day, spend, impressions, clicks, conversions from {rel}"))
    want = sorted(("facebook", i["ad_id"], date.fromisoformat(i["date_start"]), Decimal(i["spend"]), int(i["impressions"]),
                   int(i["clicks"]), sum(int(a["value"]) for a in i["actions"] if a["action_type"] == "purchase"))
                  for i in RAW["facebook_ads"](1)["insights"])
    assert got == want
    # the same, straight from the raw child table dlt wrote
    raw = query(db, """select i.ad_id, cast(i.date_start as date), sum(cast(a.value as bigint))
                       from raw_t1_facebook_ads.insights i join raw_t1_facebook_ads.insights__actions a
                         on a._dlt_parent_id = i._dlt_id and a.action_type = 'purchase' group by all order by 1, 2""")
    assert [(ad, d, c) for _, ad, d, *_, c in got] == raw


def test_src_minor_units_and_ga4_formats(built):
    _, db = built
    budgets = dict(query(db, "select ad_set_id, daily_budget from t2_staging.src_t2__facebook_ads__ad_sets"))
    assert budgets == {s["id"]: Decimal(s["daily_budget"]) / 100 for s in RAW["facebook_ads"](2)["ad_sets"]}
    got = sorted(query(db, """select event_timestamp, event_name, event_date, event_at, session_key, page_location,
                              purchase_value, device_category, country, traffic_source from t1_staging.src_t1__google_analytics__events"""))
    want = []
    for e in RAW["google_analytics"](1)["events"]:
        params = {p["key"]: next(iter(p["value"].values())) for p in e["event_params"]}
        want.append((e["event_timestamp"], e["event_name"], datetime.strptime(e["event_date"], "%Y%m%d").date(),
                     datetime(1970, 1, 1) + timedelta(microseconds=e["event_timestamp"]), params["ga_session_id"],
                     params["page_location"], params.get("value"), e["device"]["category"], e["geo"]["country"],
                     e["traffic_source"]["source"]))
    assert got == sorted(want)


def test_src_missing_raw_column_is_null_unless_it_is_a_key(built, tmp_path):
    """A mapped column dlt never created reads as a typed NULL; a merge-key column or a whole table
    missing is a clear error naming tenant, connector, object and column."""
    project, db = built
    broken = copy_db(db, tmp_path / "broken.duckdb")
    con = duckdb.connect(str(broken))
    con.execute("alter table raw_t2_shopify.orders drop column email")
    con.execute("alter table raw_t2_shopify.orders__line_items drop column sku")
    con.execute("alter table raw_t2_shopify.customers drop column id")
    con.execute("drop table raw_t2_shopify.products")
    con.close()
    proc = run_dbt(["run", "--select", "src_t2__shopify__orders", "src_t2__shopify__order_line_items",
                    "src_t2__shopify__customers", "src_t2__shopify__products"], broken, cwd=project, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "tenant 't2', connector 'shopify', object 'customers': raw column 'id' is missing" in out
    assert "tenant 't2', connector 'shopify', object 'products': raw table" in out and "does not exist" in out
    assert query(broken, "select count(*), count(email) from t2_staging.src_t2__shopify__orders") == \
        [(len(RAW["shopify"](2)["orders"]), 0)]
    assert types(broken, "t2_staging.src_t2__shopify__orders")["email"] == "VARCHAR"
    assert query(broken, "select count(*), count(sku) from t2_staging.src_t2__shopify__order_line_items") == \
        [(sum(len(o["line_items"]) for o in RAW["shopify"](2)["orders"]), 0)]


# ------------------------------------------------------------------------------------------------ stg
def test_stg_hash_keys_match_the_convention(built):
    _, db = built
    got = query(db, """select order_hk, customer_hk, order__customer_lk, tenant_slug, record_source
                       from t1_staging.stg_t1__shopify__orders where order_id = 1001""")
    # the platform is part of every commerce key (gata_entities: source_platform|order_id)
    want = query(db, "select unhex(md5('T1||SHOPIFY||1001')), unhex(md5('T1||SHOPIFY||501')), "
                     "unhex(md5('T1||SHOPIFY||1001||SHOPIFY||501')), 't1', 't1.shopify.orders'")
    assert got == want
    # the same natural key in the other tenant hashes differently
    assert query(db, "select order_hk from t2_staging.stg_t2__shopify__orders where order_id = 1001") == query(db, "select unhex(md5('T2||SHOPIFY||1001'))")
    got = query(db, """select ad_insight_hk, ad_hk, ad_insight__ad_lk from t1_staging.stg_t1__facebook_ads__insights
                       where ad_id = 'a1' and date_day = date '2026-11-01'""")
    want = query(db, """select unhex(md5('T1||FACEBOOK||A1||2026-11-01')), unhex(md5('T1||FACEBOOK||A1')),
                               unhex(md5('T1||FACEBOOK||A1||2026-11-01||FACEBOOK||A1'))""")
    assert got == want


def test_stg_load_datetime_from_dlt_load_id(built):
    _, db = built
    for load_id, load_datetime, effective_from in query(db, "select dlt_load_id, load_datetime, effective_from from t1_staging.stg_t1__shopify__customers"):
        want = datetime(1970, 1, 1) + timedelta(microseconds=round(float(load_id) * 1_000_000))
        assert abs(load_datetime - want) <= timedelta(microseconds=1) and effective_from == load_datetime


def test_vault_rows_carry_tenant_and_sat_payload_excludes_keys(built):
    _, db = built
    assert dict(query(db, "select tenant_slug, count(*) from vault.hub_order group by 1")) == {"t1": 3, "t2": 3, "t3": 3}
    assert dict(query(db, "select tenant_slug, count(*) from vault.hub_event group by 1")) == {"t1": 6}
    sat_cols = set(types(db, "vault.sat_shopify__orders"))
    assert {"order_name", "total_price", "financial_status", "tenant_slug", "order_hk", "hashdiff"} <= sat_cols
    assert not {"order_id", "customer_id"} & sat_cols  # in hub_order / via link_order__customer


# ---------------------------------------------------------------------------------------------- marts
@pytest.mark.parametrize("tenant", sorted(K))
def test_commerce_marts_equal_raw_sums(built, tenant):
    _, db = built
    orders = RAW["shopify"](K[tenant])["orders"]
    got = {r[0]: r[1:] for r in query(db, f"""select order_id, customer_id, line_count, units, line_revenue, total_price, ordered_at
                                             from {tenant}_marts.fct_orders""")}
    want = {o["id"]: (o["customer"]["id"], len(o["line_items"]), sum(l["quantity"] for l in o["line_items"]),
                      sum(Decimal(l["price"]) * l["quantity"] for l in o["line_items"]), Decimal(o["total_price"]), utc(o["created_at"]))
            for o in orders}
    assert got == want
    per_customer = defaultdict(lambda: [0, Decimal(0)])
    for o in orders:
        per_customer[o["customer"]["id"]][0] += 1
        per_customer[o["customer"]["id"]][1] += Decimal(o["total_price"])
    got = {r[0]: (r[1], [r[2], r[3]]) for r in query(db, f"select customer_id, email, order_count, lifetime_revenue from {tenant}_marts.dim_customers")}
    emails = {c["id"]: c["email"] for c in RAW["shopify"](K[tenant])["customers"]}
    assert got == {c: (emails[c], v) for c, v in per_customer.items()}


@pytest.mark.parametrize("tenant", sorted(K))
def test_ads_marts_equal_raw_sums(built, tenant):
    _, db = built
    raw = RAW["facebook_ads"](K[tenant])
    names = {c["id"]: c["name"] for c in raw["campaigns"]}
    want = defaultdict(lambda: [Decimal(0), 0, 0, 0])
    for i in raw["insights"]:
        row = want[(date.fromisoformat(i["date_start"]), "facebook", i["campaign_id"], names[i["campaign_id"]])]
        row[0] += Decimal(i["spend"])
        row[1] += int(i["impressions"])
        row[2] += int(i["clicks"])
        row[3] += sum(int(a["value"]) for a in i["actions"] if a["action_type"] == "purchase")
    got = {r[:4]: list(r[4:]) for r in query(db, f"""select date_day, ad_platform, campaign_id, campaign_name, spend,
                                                     impressions, clicks, conversions from {tenant}_marts.fct_ad_performance""")}
    assert got == dict(want)
    lifetime = defaultdict(Decimal)
    for (_, _, campaign, _), v in want.items():
        lifetime[campaign] += v[0]
    assert dict(query(db, f"select campaign_id, lifetime_spend from {tenant}_marts.dim_campaigns")) == dict(lifetime)


def test_marts_of_a_partially_onboarded_tenant(built):
    """t3 onboarded only orders: no line items, no customers stream; its marts still build from the
    part of the vault it feeds (its shells depend on nothing else) and match its raw orders, and each
    customer's email comes from the nested customer of its latest order."""
    _, db = built
    orders = RAW["shopify"](3)["orders"]
    got = sorted(query(db, "select order_id, customer_id, line_count, units, line_revenue, total_price from t3_marts.fct_orders"))
    assert got == sorted((o["id"], o["customer"]["id"], 0, 0, 0, Decimal(o["total_price"])) for o in orders)
    got = sorted(query(db, "select customer_id, email, order_count from t3_marts.dim_customers"))
    counts, email = defaultdict(int), {}
    for o in sorted(orders, key=lambda o: utc(o["created_at"])):
        counts[o["customer"]["id"]] += 1
        email[o["customer"]["id"]] = o["customer"]["email"]
    assert got == sorted((c, email[c], n) for c, n in counts.items())


def test_analytics_marts_equal_raw(built):
    _, db = built
    events = RAW["google_analytics"](1)["events"]
    assert query(db, "select count(*) from t1_marts.fct_events") == [(len(events),)]
    sessions = defaultdict(lambda: [0, 0, 0, Decimal(0)])
    for e in events:
        params = {p["key"]: next(iter(p["value"].values())) for p in e["event_params"]}
        s = sessions[(e["user_pseudo_id"], params["ga_session_id"])]
        s[0] += 1
        s[1] += e["event_name"] == "page_view"
        s[2] += e["event_name"] == "purchase"
        s[3] += Decimal(str(params.get("value", 0))) if e["event_name"] == "purchase" else 0
    got = {r[:2]: list(r[2:]) for r in query(db, "select user_key, session_key, events, page_views, purchases, revenue from t1_marts.fct_sessions")}
    assert got == dict(sessions)


def test_no_row_of_another_tenant_in_marts(built):
    _, db = built
    for tenant, k in K.items():
        assert {e for (e,) in query(db, f"select email from {tenant}_marts.dim_customers")} == {
            c["email"] for c in RAW["shopify"](k)["customers"]}
        assert {n for (n,) in query(db, f"select campaign_name from {tenant}_marts.dim_campaigns")} == {
            c["name"] for c in RAW["facebook_ads"](k)["campaigns"]}
    assert query(db, "select count(*) from information_schema.tables where table_schema = 't2_marts' and table_name = 'fct_events'") == [(0,)]
    # every mart row says which tenant's vault rows it was built from
    marts = query(db, "select table_schema, table_name from information_schema.tables where table_schema like 't%_marts' order by all")
    assert len(marts) == 7 + 4 + 2  # t1 has every category (analytics: fct_events, fct_sessions, dim_users)
    for schema, table in marts:
        assert query(db, f"select distinct tenant_slug from {schema}.{table}") == [(schema.removesuffix("_marts"),)], table


# ------------------------------------------------------------------------------------------ selection
def test_select_one_tenant_loads_only_its_rows_and_partial_full_refresh_is_refused(built, tmp_path):
    """The shared vault under dbt selection (docs/ARCHITECTURE.md, shared vault shells)."""
    project, db = built
    db2 = copy_db(db, tmp_path / "select.duckdb")
    for tenant in K:  # a new order arrives for t1 and t2, and customer 501 changes its email
        new = dict(RAW["shopify"](K[tenant])["orders"][0], id=2001, name="#2001")
        changed = dict(RAW["shopify"](K[tenant])["customers"][0], email=f"new-{tenant}@example.com")
        load_raw(db2, tmp_path, tenant, "shopify", {"orders": [new], "customers": [changed]})
    run_dbt(["run", "--select", "tag:tenant:t1"], db2, cwd=project)
    assert dict(query(db2, "select tenant_slug, count(*) from vault.hub_order group by 1")) == {"t1": 4, "t2": 3, "t3": 3}
    assert dict(query(db2, "select tenant_slug, count(*) from vault.sat_shopify__orders group by 1")) == {"t1": 4, "t2": 3, "t3": 3}
    assert dict(query(db2, "select tenant_slug, count(*) from vault.sat_shopify__customers group by 1")) == {"t1": 3, "t2": 2}
    assert query(db2, "select count(*) from t1_marts.fct_orders") == [(4,)]
    # the mart shows the customer's current satellite row, once
    assert query(db2, "select email from t1_marts.dim_customers where customer_id = 501") == [("new-t1@example.com",)]
    assert query(db2, "select email from t2_marts.dim_customers where customer_id = 501") == [("ann2@example.com",)]

    # a plain --full-refresh leaves the vault incremental (tests/trust/test_vault_history.py); the guarded
    # rebuild with a partial selection is refused
    proc = run_dbt(["run", "--select", "tag:tenant:t1", "--full-refresh", "--vars", "{gata_rebuild_vault: true}"],
                   db2, cwd=project, check=False)
    assert proc.returncode != 0
    assert "refusing --full-refresh of hub_order with a partial selection" in proc.stdout + proc.stderr
    assert dict(query(db2, "select tenant_slug, count(*) from vault.hub_order group by 1")) == {"t1": 4, "t2": 3, "t3": 3}

    # a vault model selected without any of its sources loads from all of them
    run_dbt(["run", "--select", "hub_order"], db2, cwd=project)
    assert dict(query(db2, "select tenant_slug, count(*) from vault.hub_order group by 1")) == {"t1": 4, "t2": 4, "t3": 3}


# --------------------------------------------------------------------------------- summary, validation
@pytest.mark.parametrize("quiet", [[], ["--quiet"]], ids=["log", "quiet"])  # tasks.py demo runs it --quiet
def test_tenant_summary_prints_aligned_counts(built, quiet):
    project, db = built
    out = run_dbt([*quiet, "run-operation", "tenant_summary"], db, cwd=project).stdout
    # dbt prefixes each log line with a colour reset and "HH:MM:SS  "
    lines = [re.sub(r"^(\x1b\[0m)?\d\d:\d\d:\d\d  ", "", l) for l in out.splitlines()]
    start = next(i for i, l in enumerate(lines) if l.startswith("tenant "))
    table = lines[start:start + 1 + len(TENANTS)]
    header = table[0].split()
    assert header == ["tenant"] + sorted(m["mart"] for m in registry("gata_marts")) + ["revenue", "net_revenue", "ad_spend"]
    rows = {cells[0]: dict(zip(header, cells, strict=False)) for cells in (l.split() for l in table[1:])}
    revenue = sum(Decimal(o["total_price"]) for o in RAW["shopify"](1)["orders"])
    spend = sum(Decimal(i["spend"]) for i in RAW["facebook_ads"](2)["insights"])
    net = sum(Decimal(o["total_price"]) - Decimal(o["total_tax"]) for o in RAW["shopify"](1)["orders"])  # no refunds
    assert rows["t1"]["fct_orders"] == "3" and Decimal(rows["t1"]["revenue"]) == revenue
    assert Decimal(rows["t1"]["net_revenue"]) == net
    assert rows["t1"]["fct_events"] == str(len(RAW["google_analytics"](1)["events"]))
    assert rows["t2"]["fct_events"] == "-" and Decimal(rows["t2"]["ad_spend"]) == spend
    # aligned: same width everywhere, every column ends where its header ends
    assert len({len(l) for l in table}) == 1
    ends = [m.end() for m in re.finditer(r"\S+", table[0])][1:]
    for l in table[1:]:
        assert [m.end() for m in re.finditer(r"\S+", l)][1:] == ends


def test_invalid_tenant_slug_is_refused_before_sql(built):
    project, db = built
    proc = run_dbt(["run-operation", "mart_fct_orders", "--args", "{tenant: \"t1' or 1=1 --\"}"], db, cwd=project, check=False)
    assert proc.returncode != 0 and "invalid tenant slug" in proc.stdout + proc.stderr
