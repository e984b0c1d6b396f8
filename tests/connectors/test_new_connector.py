"""A new connector needs no code (issue 6): in a copy of the project, a connector is added as registry rows
and a generator block only (here Pinterest Ads, shaped like its ad analytics report: SPEND_IN_MICRO_DOLLAR,
IMPRESSION_1, CLICKTHROUGH_1 per DATE and AD_ID), a tenant is loaded, onboarded and built, and its marts
reconcile with sums computed here from the raw table."""
from __future__ import annotations

import csv
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "product"))
from flow_helpers import VENV, env_for, make_project, query, run

SLUG = "pin"
CONNECTOR = "pinterest_ads"

# registry file -> rows (dicts by header; a column the file has and the row lacks is empty)
ROWS = {
    "gata_connectors": [
        {"connector": CONNECTOR, "category": "ads", "ad_platform": "pinterest", "display_name": "Pinterest Ads",
         "description": "Pinterest Ads API v5: campaigns and the daily ad analytics report"}],
    "gata_objects": [
        {"connector": CONNECTOR, "object": "campaigns", "raw_table": "campaigns", "entity": "campaign",
         "merge_key": "id", "description": "Campaigns"},
        {"connector": CONNECTOR, "object": "ad_analytics", "raw_table": "ad_analytics", "entity": "ad_insight",
         "merge_key": "date|ad_id", "description": "Daily ad analytics report, one row per ad and day"}],
    "gata_relationships": [
        {"connector": CONNECTOR, "object": "ad_analytics", "references": "campaign",
         "description": "A day of an ad's delivery belongs to a campaign"}],
    "gata_generation": [
        {"connector": CONNECTOR, "parameter": p, "data_type": t, "minimum": m, "default": d, "description": p}
        for p, t, m, d in [("campaigns", "integer", "1", "3"), ("days", "integer", "1", "3"),
                           ("start_date", "date", "", "2026-11-01")]],
    "gata_fields": [
        {"connector": CONNECTOR, "object": o, "column": c, "data_type": t, "source": s, "expression": e,
         "format": f, "description": c}
        for o, c, t, s, e, f in [
            ("campaigns", "ad_platform", "varchar", "constant", "pinterest", ""),
            ("campaigns", "campaign_id", "varchar", "column", "id", ""),
            ("campaigns", "campaign_name", "varchar", "column", "name", ""),
            ("campaigns", "objective", "varchar", "column", "objective_type", ""),
            ("campaigns", "status", "varchar", "column", "status", ""),
            ("ad_analytics", "ad_platform", "varchar", "constant", "pinterest", ""),
            ("ad_analytics", "ad_id", "varchar", "column", "ad_id", ""),
            ("ad_analytics", "date_day", "date", "column", "date", "%Y-%m-%d"),
            ("ad_analytics", "campaign_id", "varchar", "column", "campaign_id", ""),
            ("ad_analytics", "spend", "decimal(18,2)", "column", "spend_in_micro_dollar", "micros"),
            ("ad_analytics", "impressions", "bigint", "column", "impression_1", ""),
            ("ad_analytics", "clicks", "bigint", "column", "clickthrough_1", "")]],
}

GENERATOR_BLOCK = """
pinterest_ads:
  utc_offset: "+00:00"
  campaigns:
    entities: campaigns
    fields:
      id: {seq: 626700000001, format: "{}"}
      name: {seq: 1, format: "Pin campaign {}"}
      status: {choice: [ACTIVE, PAUSED]}
      objective_type: {choice: [AWARENESS, CONSIDERATION, CONVERSIONS]}
  ad_analytics:
    daily: {per_entity: campaigns}
    fields:
      date: {time: created, strftime: "%Y-%m-%d"}
      campaign_id: {ref: campaigns, field: id, pick: unit}
      ad_id: {ref: campaigns, field: id, pick: unit, format: "9{}"}
      spend_in_micro_dollar: {int: [100, 90000], format: "{}0000", cast: int}
      impression_1: {int: [100, 5000]}
      clickthrough_1: {int: [1, 100]}
"""


def add_rows(registry: Path, name: str, rows: list[dict]) -> None:
    path = registry / f"{name}.csv"
    with path.open(newline="") as fh:
        header = next(csv.reader(fh))
    with path.open("a", newline="") as fh:
        csv.DictWriter(fh, header, lineterminator="\n").writerows({k: r.get(k, "") for k in header} for r in rows)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("newconn") / "p", "tenants:\n  - slug: pin\n    business_name: Pin\n"
                           "    status: active\n    sources:\n      pinterest_ads:\n        enabled: true\n")
    for name, rows in ROWS.items():
        add_rows(project / "seeds/registry", name, rows)
    with (project / "ingestion/generator_spec.yml").open("a") as fh:
        fh.write(GENERATOR_BLOCK)
    env = env_for(project)
    py, dbt = str(VENV / "bin/python"), str(VENV / "bin/dbt")
    run([py, "ingestion/load.py", "--quiet"], project, env)
    run([dbt, "run-operation", "onboard_tenant", "--args", "{tenant: pin}"], project, env)
    build = run([dbt, "build", "--select", "tenant:pin"], project, env)
    return project, project / "gata.duckdb", build.stdout


def test_onboarding_wrote_the_connectors_shells(built):
    project, _, _ = built
    names = sorted(p.name for p in (project / "models/tenants/pin").glob("*.sql"))
    assert "stg_pin__pinterest_ads__ad_analytics.sql" in names and "pin__fct_ad_performance.sql" in names
    assert (project / "models/vault/satellites/sat_pinterest_ads__ad_analytics.sql").exists()
    assert (project / "models/vault/links/link_ad_insight__campaign.sql").exists()


def test_spend_impressions_and_clicks_reconcile_with_the_raw_report(built):
    _, db, _ = built
    raw = query(db, "select date, campaign_id, spend_in_micro_dollar, impression_1, clickthrough_1 "
                    "from raw_pin_pinterest_ads.ad_analytics")
    assert len(raw) == 3 * 3  # 3 campaigns x 3 days
    want = {(d, c): (Decimal(s) / 1_000_000, int(i), int(k)) for d, c, s, i, k in raw}
    got = {(str(d), c): (s, i, k) for d, c, s, i, k in query(
        db, "select date_day, campaign_id, spend, impressions, clicks from pin_marts.fct_ad_performance "
            "where ad_platform = 'pinterest'")}
    assert got == want


def test_campaigns_reach_dim_campaigns_with_lifetime_spend(built):
    _, db, _ = built
    raw = {i: n for i, n in query(db, "select id, name from raw_pin_pinterest_ads.campaigns")}
    spend = {c: Decimal(0) for c in raw}
    for c, s in query(db, "select campaign_id, spend_in_micro_dollar from raw_pin_pinterest_ads.ad_analytics"):
        spend[c] += Decimal(s) / 1_000_000
    got = {c: (n, s) for c, n, s in query(db, "select campaign_id, campaign_name, lifetime_spend from pin_marts.dim_campaigns")}
    assert got == {c: (raw[c], spend[c]) for c in raw}
