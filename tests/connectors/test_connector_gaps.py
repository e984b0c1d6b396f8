"""Connector gaps (issue 6): what real loads do that a full mock does not.

- A nested table dlt never created (a WooCommerce shop without a refund yet: no `orders__refunds`; a
  Facebook load without `action_values`: no `insights__action_values`) does not block onboarding: a
  warning names tenant, connector, object and table, the table is read as empty (refunds 0, no action
  values), and when a later load creates it, its rows reach the vault and the marts at the next build,
  without onboarding again. (A missing top-level table stays an error: tests/onboarding/test_onboarding.py,
  case missing_raw_table.)
- LinkedIn ad analytics have no id: the loader merges them on a row key made from the registry's merge
  key (pivotValues and dateRange.start), so loading the same days again adds no raw row, and a changed
  metric replaces the old value.

One module-scoped project: tenant `gaps` loads API-shaped records written here (WooCommerce, Facebook
Ads, LinkedIn Ads), tenant `lmock` LinkedIn mock data. Load, onboard `gaps`, build; write the second
version of the records (a refund, action values, one changed metric); load again and run again (no
onboarding). Every expected value is computed here from the records (Decimal), never from the engines."""
from __future__ import annotations

import json
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "product"))
from flow_helpers import VENV, env_for, make_project, run  # noqa: E402

CENT = Decimal("0.01")
TENANTS = """tenants:
  - slug: gaps
    business_name: Gaps Co
    status: active
    sources:
      woocommerce:
        files: fixtures/woocommerce
        objects: [orders, order_line_items]
      facebook_ads:
        files: fixtures/facebook_ads
        objects: [campaigns, insights, insight_actions, insight_action_values]
      linkedin_ads:
        files: fixtures/linkedin_ads
  - slug: lmock
    business_name: LinkedIn Mock
    status: active
    sources:
      linkedin_ads:
        generation: {start_date: "2026-11-01", days: 2, campaigns: 2, creatives_per_campaign: 2}
"""


def woo_order(oid: int, total: str, tax: str, modified: str, refunds: list[dict]) -> dict:
    return {"id": oid, "number": str(oid), "status": "completed", "currency": "EUR", "prices_include_tax": False,
            "customer_id": 40 + oid % 10, "date_created_gmt": "2026-11-01T09:00:00", "date_modified_gmt": modified,
            "discount_total": "0.00", "shipping_total": "0.00", "total": total, "total_tax": tax,
            "billing": {"first_name": "A", "last_name": "B", "email": f"c{oid}@example.com", "country": "DE"},
            "line_items": [{"id": oid * 10, "name": "Cup", "product_id": 7, "sku": "C-7", "quantity": 1,
                            "price": float(Decimal(total) - Decimal(tax))}],
            "refunds": refunds}


def insight(ad: str, day: str, purchases: int, values: list[dict] | None) -> dict:
    rec = {"date_start": day, "date_stop": day, "account_currency": "USD", "campaign_id": "120001",
           "adset_id": "130001", "ad_id": ad, "impressions": "1000", "clicks": "20", "spend": "12.50",
           "actions": [{"action_type": "link_click", "value": "20"}, {"action_type": "purchase", "value": str(purchases)}]}
    if values is not None:
        rec["action_values"] = values
    return rec


def analytics_row(campaign: int, creative: int, day: int, impressions: int) -> dict:
    return {"dateRange": {"start": {"year": 2026, "month": 11, "day": day}, "end": {"year": 2026, "month": 11, "day": day}},
            "pivotValues": [f"urn:li:sponsoredCampaign:{campaign}", f"urn:li:sponsoredCreative:{creative}"],
            "impressions": impressions, "clicks": 9, "costInLocalCurrency": "4.20", "externalWebsiteConversions": 1,
            "conversionValueInLocalCurrency": "30.00"}


def records(version: int) -> dict[str, dict[str, list[dict]]]:
    """The API records of the first load (1) and of the second (2): order 602 got a refund, one insight
    got action values, one analytics row's impressions changed; everything else is the same."""
    second = version == 2
    return {
        "woocommerce": {"orders": [
            woo_order(601, "50.00", "10.00", "2026-11-01T09:05:00", []),
            woo_order(602, "30.00", "5.00", "2026-11-03T07:00:00" if second else "2026-11-01T09:05:00",
                      [{"id": 901, "reason": "Damaged", "total": "-12.00"}] if second else [])]},
        "facebook_ads": {
            "campaigns": [{"id": "120001", "name": "Autumn", "objective": "OUTCOME_SALES", "status": "ACTIVE",
                           "created_time": "2026-10-01T00:00:00+0000", "updated_time": "2026-10-01T00:00:00+0000"}],
            "insights": [insight("140001", "2026-11-01", 2, [{"action_type": "purchase", "value": "80.50"}] if second else None),
                         insight("140002", "2026-11-01", 1, None)]},
        "linkedin_ads": {
            "campaigns": [{"id": 610000001, "name": "B2B", "status": "ACTIVE", "objectiveType": "WEBSITE_CONVERSION",
                           "dailyBudget": {"amount": "50", "currencyCode": "USD"}}],
            "creatives": [{"id": f"urn:li:sponsoredCreative:{c}", "campaign": "urn:li:sponsoredCampaign:610000001",
                           "intendedStatus": "ACTIVE"} for c in (910000001, 910000002)],
            "ad_analytics": [analytics_row(610000001, c, d, 1500 if second and (c, d) == (910000001, 2) else 1000)
                             for c in (910000001, 910000002) for d in (1, 2)]},
    }


def write_records(project: Path, version: int) -> None:
    for connector, objects in records(version).items():
        folder = project / "fixtures" / connector
        folder.mkdir(parents=True, exist_ok=True)
        for obj, recs in objects.items():
            (folder / f"{obj}.json").write_text(json.dumps(recs, indent=1))


def snapshot(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        q = lambda sql: con.execute(sql).fetchall()
        return {
            "orders": {r[0]: r[1:] for r in q("select order_id, total_price, total_tax, refunds, net_revenue "
                                               "from gaps_marts.fct_orders")},
            "ads": {(str(r[0]), r[1]): r[2:] for r in q("select date_day, ad_platform, conversions, conversion_value, "
                                                         "impressions from gaps_marts.fct_ad_performance")},
            "action_rows": q("select count(*) from vault.sat_facebook_ads__insight_action_values "
                             "where tenant_slug = 'gaps'")[0][0],
            "raw_li": {slug: q(f"select count(*) from raw_{slug}_linkedin_ads.ad_analytics")[0][0]
                       for slug in ("gaps", "lmock")},
            "raw_li_impressions": sorted(r[0] for r in q("select impressions from raw_gaps_linkedin_ads.ad_analytics")),
            "tables": {r[0] for r in q("select table_schema || '.' || table_name from information_schema.tables "
                                       "where table_schema like 'raw_gaps_%'")},
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("gaps") / "project", TENANTS)
    env = env_for(project)
    py, dbt = str(VENV / "bin" / "python"), str(VENV / "bin" / "dbt")
    db = project / "gata.duckdb"
    out: dict = {"project": project}
    started = time.monotonic()
    write_records(project, 1)
    run([py, "ingestion/load.py", "--quiet"], project, env)
    out["onboard"] = run([dbt, "run-operation", "onboard_tenant", "--args", "{tenant: gaps}"], project, env).stdout
    out["files"] = {p.name: p.read_bytes() for p in sorted((project / "models").rglob("*")) if p.is_file()}
    out["build1"] = run([dbt, "build", "--select", "tenant:gaps"], project, env).stdout
    out["first"] = snapshot(db)
    # the second load: a refund, action values and a changed metric arrive; no onboarding in between
    write_records(project, 2)
    run([py, "ingestion/load.py", "--quiet"], project, env)
    # `run`: the first build ran the data tests; this one only has to carry the new rows through
    out["build2"] = run([dbt, "run", "--select", "tenant:gaps"], project, env).stdout
    out["second"] = snapshot(db)
    out["files_after"] = {p.name: p.read_bytes() for p in sorted((project / "models").rglob("*")) if p.is_file()}
    print(f"connector gaps fixture: {time.monotonic() - started:.1f} s")
    return out


def money(x: str | Decimal) -> Decimal:
    return Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP)


def expected_orders(version: int) -> dict[int, tuple]:
    """(total, tax, refunds, net revenue) per order, a finance team's reading of the raw records."""
    out = {}
    for o in records(version)["woocommerce"]["orders"]:
        total, tax = money(o["total"]), money(o["total_tax"])
        refunds = abs(sum((Decimal(r["total"]) for r in o["refunds"]), Decimal(0)))
        out[o["id"]] = (total, tax, money(refunds), money((total - refunds) * (total - tax) / total))
    return out


def expected_ads(version: int) -> dict[tuple, tuple]:
    """(conversions, conversion value) per day: purchase actions and purchase action values."""
    conv, value = Decimal(0), Decimal(0)
    for i in records(version)["facebook_ads"]["insights"]:
        conv += sum(Decimal(a["value"]) for a in i["actions"] if a["action_type"] == "purchase")
        value += sum((Decimal(a["value"]) for a in i.get("action_values", []) if a["action_type"] == "purchase"), Decimal(0))
    return {("2026-11-01", "facebook"): (conv, money(value))}


def test_onboarding_warns_about_nested_tables_not_loaded_yet(world):
    out = world["onboard"]
    for connector, obj, table in (("woocommerce", "orders", "orders__refunds"),
                                  ("facebook_ads", "insights", "insights__action_values"),
                                  ("facebook_ads", "insight_action_values", "insights__action_values")):
        assert (f"tenant 'gaps', connector '{connector}', object '{obj}': raw table raw_gaps_{connector}.{table} "
                "is not loaded yet") in out, out[-3000:]
        assert f"src_gaps__{connector}__{obj} reads it as empty" in out
    # and the tables really were missing: dlt creates a nested table only with its first row
    assert not {"raw_gaps_woocommerce.orders__refunds", "raw_gaps_facebook_ads.insights__action_values"} & world["first"]["tables"]
    assert "raw_gaps_woocommerce.orders__line_items" in world["first"]["tables"]


def test_sources_yml_lists_the_missing_table_without_columns(world):
    text = world["files"]["_gaps__sources.yml"].decode()
    block = text.split("      - name: orders__refunds\n", 1)[1].split("      - name: ", 1)[0]
    assert "not loaded yet" in block and "freshness: null" in block and "columns:" not in block


def test_first_build_reads_missing_tables_as_empty(world):
    assert "ERROR=0" in world["build1"].replace(" ", ""), world["build1"][-3000:]
    first = world["first"]
    assert {k: v[:4] for k, v in first["orders"].items()} == expected_orders(1)
    assert all(v[2] == 0 for v in first["orders"].values())  # no refund loaded yet: 0, not NULL
    assert {k: (Decimal(v[0]), v[1]) for k, v in first["ads"].items() if k[1] == "facebook"} == expected_ads(1)
    assert first["action_rows"] == 0


def test_rows_of_a_table_created_later_reach_the_marts_without_onboarding(world):
    assert "ERROR=0" in world["build2"].replace(" ", ""), world["build2"][-3000:]
    assert world["files_after"] == world["files"]  # nothing was onboarded again
    second = world["second"]
    assert {"raw_gaps_woocommerce.orders__refunds", "raw_gaps_facebook_ads.insights__action_values"} <= second["tables"]
    assert {k: v[:4] for k, v in second["orders"].items()} == expected_orders(2)
    assert second["orders"][602][2] == Decimal("12.00")
    assert {k: (Decimal(v[0]), v[1]) for k, v in second["ads"].items() if k[1] == "facebook"} == expected_ads(2)
    assert expected_ads(2)[("2026-11-01", "facebook")][1] == Decimal("80.50")
    assert second["action_rows"] == 1  # the one action value, in the vault


def test_linkedin_reload_merges_instead_of_appending(world):
    first, second = world["first"], world["second"]
    want = len(records(1)["linkedin_ads"]["ad_analytics"])
    assert first["raw_li"]["gaps"] == want == second["raw_li"]["gaps"]
    # the mock: the same days loaded twice, the count of the first load
    assert second["raw_li"]["lmock"] == first["raw_li"]["lmock"] == 2 * 2 * 2  # days x campaigns x creatives
    # the changed metric replaced the old value (raw and mart)
    assert first["raw_li_impressions"] == [1000] * 4 and second["raw_li_impressions"] == [1000, 1000, 1000, 1500]
    li = {k[0]: v[2] for k, v in second["ads"].items() if k[1] == "linkedin"}
    assert li == {"2026-11-01": 2000, "2026-11-02": 2500}
    assert {k[0]: v[2] for k, v in first["ads"].items() if k[1] == "linkedin"} == {"2026-11-01": 2000, "2026-11-02": 2000}
