"""Commerce and payments connectors (Shopify, WooCommerce, BigCommerce, Stripe) from raw records to the
marts, reconciled against sums computed here from the raw tables (plain SQL over raw_*, Python Decimal):
never from src_/stg_ models or the vault.

One module-scoped project copy and warehouse: tenant `stalls` loads mock data for all four connectors
(WooCommerce without its customers stream: dim_customers must take names from the orders), tenant
`api` loads small API-shaped files from tests/fixtures/commerce_api/ through `sources.<c>.files`
(a guest order, a fully and a partly refunded order, a cancelled order, a tax-inclusive order, a
Shopify test order, JPY and KWD charges, a charge without customer). Then one onboarding per tenant
and one `dbt build` of both."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "onboarding"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "product"))
from conftest import ROOT, run_dbt
from flow_helpers import make_project
from onboarding_helpers import query, registry

FIXTURES = ROOT / "tests" / "fixtures" / "commerce_api"
CENT = Decimal("0.01")
GEN = "{start_date: \"2026-11-01\", days: 3, customers: 12, products: 6, orders_per_day: 8}"
TENANTS = f"""tenants:
  - slug: stalls
    business_name: Mixed shops
    status: active
    sources:
      shopify:
        generation: {GEN}
      woocommerce:
        generation: {GEN}
        objects: [orders, order_line_items, products]
      bigcommerce:
        generation: {GEN}
      stripe:
        generation: {{start_date: "2026-11-01", days: 3, customers: 10, charges_per_day: 12}}
  - slug: api
    business_name: Shops from API files
    status: active
    sources:
      woocommerce:
        files: fixtures/woocommerce
        objects: [orders, order_line_items, customers]
      shopify:
        files: fixtures/shopify
        objects: [orders, order_line_items]
      stripe:
        files: fixtures/stripe
"""
# Stripe's zero- and three-decimal currencies (https://docs.stripe.com/currencies), written out here
# rather than read from the engine
ZERO_DECIMAL = {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"}
THREE_DECIMAL = {"bhd", "jod", "kwd", "omr", "tnd"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("commerce")
    project = make_project(base / "gata", TENANTS)
    shutil.copytree(FIXTURES, project / "fixtures")
    db = base / "warehouse.duckdb"
    started = time.monotonic()
    load = subprocess.run([sys.executable, "ingestion/load.py", "--database", str(db), "--quiet",
                           "--pipelines-dir", str(base / "dlt")], cwd=project, capture_output=True, text=True)
    assert load.returncode == 0, load.stdout + load.stderr
    times = {"load": time.monotonic() - started}
    for slug in ("stalls", "api"):
        run_dbt(["run-operation", "onboard_tenant", "--args", f"{{tenant: {slug}}}"], db, cwd=project)
        times[f"onboard {slug}"] = time.monotonic() - started - sum(times.values())
    # `run`, not `build`: the data tests of the shared vault and staging are other modules' business and
    # would double this fixture's time; the marts' contracts are enforced by `run`, their grain asserted below
    build = run_dbt(["run", "--select", "tenant:stalls", "tenant:api"], db, cwd=project, check=False)
    times["build"] = time.monotonic() - started - sum(times.values())
    print("commerce fixture seconds:", {k: round(v, 1) for k, v in times.items()})
    return {"project": project, "db": db, "build": build}


def rows(built, sql: str) -> list[tuple]:
    return query(built["db"], sql)


def money(x) -> Decimal:
    return Decimal(str(x if x is not None else 0)).quantize(CENT)


def mart_orders(built, slug: str, platform: str) -> dict[int, dict]:
    cols = ["order_id", "customer_id", "is_test", "is_cancelled", "gross_sales", "discounts", "shipping",
            "total_tax", "total_price", "refunds", "net_revenue", "units"]
    got = rows(built, f"select {', '.join(cols)} from {slug}_marts.fct_orders where source_platform = '{platform}'")
    return {r[0]: dict(zip(cols, r, strict=True)) for r in got}


def net(total: Decimal, tax: Decimal, refunds: Decimal) -> Decimal:
    """What the shop keeps, tax excluded: the part not refunded, less the tax it still holds (refunds
    carry their share of the tax), rounded half up to cents."""
    if total == 0:
        return total - tax - refunds
    return ((total - refunds) * (total - tax) / total).quantize(CENT, rounding=ROUND_HALF_UP)


def expect(order_id, customer, test, cancelled, total, tax, shipping, discounts, refunds, units) -> dict:
    """An order as a finance team reads it, from raw values."""
    total, tax, shipping, discounts, refunds = map(money, (total, tax, shipping, discounts, refunds))
    refunds = abs(refunds)
    return {"order_id": order_id, "customer_id": customer or None, "is_test": bool(test), "is_cancelled": bool(cancelled),
            "gross_sales": total - tax - shipping + discounts, "discounts": discounts, "shipping": shipping,
            "total_tax": tax, "total_price": total, "refunds": refunds, "net_revenue": net(total, tax, refunds),
            "units": units}


# ---------------------------------------------------------------------------------- raw -> expected
def raw_shopify(built, slug: str) -> dict[int, dict]:
    units = dict(rows(built, f"""select o.id, sum(l.quantity) from raw_{slug}_shopify.orders o
                                 join raw_{slug}_shopify.orders__line_items l on l._dlt_parent_id = o._dlt_id group by 1"""))
    out = {}
    for r in rows(built, f"""select id, customer__id, test, cancelled_at, total_price, total_tax,
                                    total_shipping_price_set__shop_money__amount, total_discounts, current_total_price
                             from raw_{slug}_shopify.orders"""):
        oid, cust, test, cancelled, total, tax, ship, disc, current = r
        out[oid] = expect(oid, cust, test, cancelled is not None, total, tax, ship, disc,
                          money(total) - money(current), units[oid])
    return out


def raw_woocommerce(built, slug: str) -> dict[int, dict]:
    units = dict(rows(built, f"""select o.id, sum(l.quantity) from raw_{slug}_woocommerce.orders o
                                 join raw_{slug}_woocommerce.orders__line_items l on l._dlt_parent_id = o._dlt_id group by 1"""))
    refunds = dict(rows(built, f"""select o.id, sum(cast(r.total as decimal(18,2))) from raw_{slug}_woocommerce.orders o
                                   join raw_{slug}_woocommerce.orders__refunds r on r._dlt_parent_id = o._dlt_id group by 1"""))
    out = {}
    for oid, cust, status, total, tax, ship, disc in rows(
            built, f"select id, customer_id, status, total, total_tax, shipping_total, discount_total from raw_{slug}_woocommerce.orders"):
        out[oid] = expect(oid, cust, False, status == "cancelled", total, tax, ship, disc, refunds.get(oid), units[oid])
    return out


def raw_bigcommerce(built, slug: str) -> dict[int, dict]:
    units = dict(rows(built, f"select order_id, sum(quantity) from raw_{slug}_bigcommerce.order_products group by 1"))
    out = {}
    for oid, cust, status, total, tax, ship, disc, refunded in rows(
            built, f"""select id, customer_id, status, total_inc_tax, total_tax, shipping_cost_ex_tax, discount_amount,
                              refunded_amount from raw_{slug}_bigcommerce.orders"""):
        out[oid] = expect(oid, cust, False, status == "Cancelled", total, tax, ship, disc, refunded, units.get(oid, 0))
    return out


RAW = {"shopify": raw_shopify, "woocommerce": raw_woocommerce, "bigcommerce": raw_bigcommerce}
CASES = [("stalls", "shopify"), ("stalls", "woocommerce"), ("stalls", "bigcommerce"), ("api", "shopify"), ("api", "woocommerce")]


def test_both_tenants_build_and_marts_hold_their_grain(built):
    out = built["build"].stdout
    assert built["build"].returncode == 0, out[-6000:]
    assert "ERROR=0" in out
    grains = {m["mart"]: m["grain"].replace("|", ", ") for m in registry("gata_marts") if m["category"] in ("commerce", "payments")}
    for slug in ("stalls", "api"):
        for mart, grain in grains.items():
            n, distinct, tenants = rows(built, f"select count(*), count(distinct ({grain})), list(distinct tenant_slug) from {slug}_marts.{mart}")[0]
            assert n > 0 and n == distinct and tenants == [slug], (slug, mart)


@pytest.mark.parametrize(("slug", "platform"), CASES)
def test_every_order_reconciles_with_raw(built, slug, platform):
    want = RAW[platform](built, slug)
    got = mart_orders(built, slug, platform)
    assert want and got == want


@pytest.mark.parametrize(("slug", "platform"), CASES)
def test_net_revenue_metric_leaves_out_test_and_cancelled_orders(built, slug, platform):
    """The registry's semantic measures, evaluated over the mart, equal sums computed from raw."""
    counted = [o for o in RAW[platform](built, slug).values() if not o["is_test"] and not o["is_cancelled"]]
    measures = {r["name"]: r["expr"] for r in registry("gata_mart_semantics") if r["mart"] == "fct_orders" and r["kind"] == "measure"}
    got = rows(built, f"""select sum({measures['net_revenue']}), sum({measures['gross_revenue']}), sum({measures['orders']})
                          from {slug}_marts.fct_orders where source_platform = '{platform}'""")[0]
    assert got == (sum(o["net_revenue"] for o in counted), sum(o["total_price"] for o in counted), len(counted))
    metrics = {m["metric"]: m["measure"] for m in registry("gata_metrics")}
    assert (metrics["net_revenue"], metrics["revenue"]) == ("net_revenue", "gross_revenue")


def test_mock_data_has_the_hostile_cases(built):
    """The mock tenant exercises what the reconciliation must survive: guests (customer_id 0), refunds,
    cancelled and test orders, a refunded Stripe charge, a JPY charge and a charge without customer."""
    raw = {p: RAW[p](built, "stalls").values() for p in RAW}
    assert all(any(o["customer_id"] is None for o in raw[p]) for p in ("woocommerce", "bigcommerce"))
    assert all(any(o["refunds"] > 0 for o in raw[p]) for p in RAW)
    assert all(any(o["is_cancelled"] for o in raw[p]) for p in RAW)
    assert any(o["is_test"] for o in raw["shopify"])
    assert rows(built, """select count(*) filter (where currency = 'jpy'), count(*) filter (where customer is null),
                                 count(*) filter (where amount_refunded > 0) from raw_stalls_stripe.charges""")[0] > (0, 0, 0)


def test_fixture_orders_as_a_finance_team_reads_them(built):
    """Hand-checked numbers of the API-shaped files (tests/fixtures/commerce_api)."""
    woo = mart_orders(built, "api", "woocommerce")
    assert woo[501]["customer_id"] is None  # guest: customer_id 0 in the API
    assert (woo[502]["refunds"], woo[502]["net_revenue"]) == (Decimal("48.00"), Decimal("0.00"))  # refunded in full
    # two partial refunds of 7.50 in all, tax 7.50 of 45.00: 37.50 kept, of which 37.50/45 is not tax
    assert (woo[503]["refunds"], woo[503]["net_revenue"]) == (Decimal("7.50"), Decimal("31.25"))
    assert woo[504]["is_cancelled"] and not woo[505]["is_cancelled"]
    assert woo[501]["gross_sales"] == Decimal("33.00")  # line subtotals before the 3.00 discount
    shop = mart_orders(built, "api", "shopify")
    assert shop[880001]["is_test"] and shop[880003]["is_cancelled"]
    assert shop[880002]["customer_id"] is None
    # tax-inclusive shop: total_price already holds the 10.00 tax, which is not added again
    assert (shop[880002]["total_price"], shop[880002]["net_revenue"]) == (Decimal("60.00"), Decimal("50.00"))
    assert (shop[880004]["refunds"], shop[880004]["net_revenue"]) == (Decimal("30.00"), Decimal("64.81"))  # 70 × 92.59 / 100
    assert rows(built, "select taxes_included from api_marts.fct_orders where order_id = 880002") == [(True,)]


def test_dim_customers_revenue_and_names_from_orders(built):
    # WooCommerce customer 9 is not in the customers file: name and email from the latest order's billing;
    # the cancelled order 504 counts neither as an order nor as revenue
    got = rows(built, """select email, first_name, country, order_count, lifetime_revenue, lifetime_net_revenue
                         from api_marts.dim_customers where source_platform = 'woocommerce' and customer_id = 9""")
    assert got == [("zoe@example.com", "Zoe", "NL", 1, Decimal("36.00"), Decimal("30.00"))]
    # customer 7 is in the customers file: its own record wins over the order's billing address
    assert rows(built, """select email from api_marts.dim_customers
                          where source_platform = 'woocommerce' and customer_id = 7""") == [("ines.kraus@example.com",)]
    # Shopify customer 71 placed a test, a cancelled and a partly refunded order: only the last counts
    assert rows(built, """select email, order_count, lifetime_revenue, lifetime_net_revenue from api_marts.dim_customers
                          where source_platform = 'shopify' and customer_id = 71""") == [
        ("tess@example.com", 1, Decimal("100.00"), Decimal("64.81"))]
    # mock WooCommerce without its customers stream: every customer named from its orders
    assert rows(built, """select count(*), count(email) from stalls_marts.dim_customers
                          where source_platform = 'woocommerce'""")[0][1] > 0
    assert rows(built, """select count(*) from stalls_marts.dim_customers
                          where source_platform = 'woocommerce' and email is null""") == [(0,)]


def test_dim_customers_lifetime_totals_reconcile_with_raw(built):
    for platform, raw in RAW.items():
        counted = [o for o in raw(built, "stalls").values()
                   if o["customer_id"] is not None and not o["is_test"] and not o["is_cancelled"]]
        got = rows(built, f"""select sum(order_count), sum(lifetime_revenue), sum(lifetime_net_revenue)
                              from stalls_marts.dim_customers where source_platform = '{platform}'""")[0]
        assert got == (len(counted), sum(o["total_price"] for o in counted), sum(o["net_revenue"] for o in counted)), platform


def expected_charges(built, slug: str) -> dict[str, tuple]:
    out = {}
    for cid, amount, refunded, currency, paid, livemode, customer in rows(
            built, f"select id, amount, amount_refunded, currency, paid, livemode, customer from raw_{slug}_stripe.charges"):
        unit = 1 if currency in ZERO_DECIMAL else Decimal(1000) if currency in THREE_DECIMAL else Decimal(100)
        gross, back = money(Decimal(amount) / unit), money(Decimal(refunded) / unit)
        out[cid] = (currency.upper(), customer, bool(paid), not livemode, gross, back, gross - back if paid else Decimal("0.00"))
    return out


@pytest.mark.parametrize("slug", ["stalls", "api"])
def test_charges_reconcile_with_raw_minor_units(built, slug):
    got = {r[0]: r[1:] for r in rows(built, f"""select charge_id, currency, customer_id, is_paid, is_test, gross_amount,
                                                      refunded_amount, net_amount from {slug}_marts.fct_payments""")}
    assert got == expected_charges(built, slug)


def test_fixture_charges_in_major_units(built):
    got = dict(rows(built, "select charge_id, gross_amount from api_marts.fct_payments"))
    # JPY is zero-decimal: 5000 is ¥5000, not ¥50; KWD has three decimals; USD two
    assert got == {"ch_3QaUsd0001": Decimal("20.00"), "ch_3QaJpy0002": Decimal("5000.00"), "ch_3QaJpy0003": Decimal("12000.00"),
                   "ch_3QaEur0004": Decimal("9.99"), "ch_3QaKwd0005": Decimal("12.34")}
    assert rows(built, """select net_amount, customer_id, created_at from api_marts.fct_payments
                          where charge_id = 'ch_3QaJpy0002'""") == [(Decimal("3500.00"), None, dt.datetime(2026, 11, 1, 1, 0))]
    assert rows(built, "select net_amount, status from api_marts.fct_payments where charge_id = 'ch_3QaEur0004'") == [(Decimal("0.00"), "failed")]


def test_fixture_files_are_what_was_loaded(built):
    """The raw tables hold the fixture records as written (files: goes through the same dlt pipeline)."""
    orders = json.loads((FIXTURES / "woocommerce" / "orders.json").read_text())
    assert sorted(r[0] for r in rows(built, "select id from raw_api_woocommerce.orders")) == sorted(o["id"] for o in orders)
    assert rows(built, "select count(*) from raw_api_woocommerce.orders__refunds")[0][0] == sum(len(o["refunds"]) for o in orders)
