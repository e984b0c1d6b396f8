"""Freshness of each tenant's raw data (`dbt source freshness --select tenant:acme`) and the warehouse
path (load.py and dbt run from another folder open the same DuckDB file, the project's).

One project copy: load.py and onboarding are run from a folder outside the project (dbt with
--project-dir/--profiles-dir, no GATA_DUCKDB_PATH), then each raw table's dlt load id is set to a known
age and one `dbt source freshness` run reports every table; expected statuses are computed here from
the ages and the thresholds (tenants.yaml override for shopify, the documented defaults for facebook_ads)."""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import sys
import time

import pytest
from flow_helpers import ROOT, acme_manifest, env_for, execute, make_project, query, run

pytestmark = pytest.mark.xdist_group("product_freshness")

DEFAULT_WARN, DEFAULT_ERROR = 36, 72  # README "Freshness"
SHOPIFY_WARN, SHOPIFY_ERROR = 12, 48  # tenants.yaml below
TENANTS = acme_manifest(f"""\
      shopify:
        generation: {{start_date: "2026-11-01", days: 2, customers: 4, products: 3, orders_per_day: 2}}
        freshness: {{warn_after_hours: {SHOPIFY_WARN}, error_after_hours: {SHOPIFY_ERROR}}}
      facebook_ads:
        generation: {{start_date: "2026-11-01", days: 2, campaigns: 1, ad_sets_per_campaign: 1, ads_per_ad_set: 1}}
""")
# raw table -> hours since its (faked) last load; 0 = as loaded
AGES = {"raw_acme_shopify.orders": 0, "raw_acme_shopify.customers": 20, "raw_acme_shopify.products": 50,
        "raw_acme_facebook_ads.ads": 20, "raw_acme_facebook_ads.campaigns": 40,
        "raw_acme_facebook_ads.ad_sets": 80, "raw_acme_facebook_ads.insights": 0}
CHILD_TABLES = {"raw_acme_shopify.orders__line_items", "raw_acme_facebook_ads.insights__actions"}


def expected_status(table: str, hours: float) -> str:
    warn, error = (SHOPIFY_WARN, SHOPIFY_ERROR) if "_shopify." in table else (DEFAULT_WARN, DEFAULT_ERROR)
    return "error" if hours > error else "warn" if hours > warn else "pass"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("freshness")
    project = make_project(tmp / "gata", TENANTS)
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    env = env_for(project)
    dbt = [str(project / ".venv/bin/dbt")]
    where = ["--project-dir", str(project), "--profiles-dir", str(project)]
    load = run([sys.executable, str(project / "ingestion/load.py"), "--tenant", "acme"], elsewhere, env)
    onboard = run(dbt + ["run-operation", "onboard_tenant", "--args", "{tenant: acme}"] + where, elsewhere, env, check=False)
    db = project / "gata.duckdb"
    now = time.time()
    for table, hours in AGES.items():
        if hours:
            execute(db, f"update {table} set _dlt_load_id = '{now - hours * 3600:.6f}'")
    fresh = run(dbt + ["source", "freshness", "--select", "tenant:acme"] + where, elsewhere, env, check=False)
    results = json.loads((project / "target/sources.json").read_text())["results"]
    return {"project": project, "elsewhere": elsewhere, "load": load, "onboard": onboard, "fresh": fresh,
            "results": {r["unique_id"].split(".", 2)[2]: r for r in results}, "now": now, "db": db}


def test_load_and_dbt_from_another_folder_use_the_project_warehouse(world):
    assert not list(world["elsewhere"].iterdir()), "nothing may be created in the current folder"
    assert world["onboard"].returncode == 0, world["onboard"].stdout + world["onboard"].stderr
    assert "tenants.yaml is valid" in world["onboard"].stdout
    # the raw data load.py wrote is the data onboarding introspected: one warehouse
    counts = query(world["db"], "select count(*) from raw_acme_shopify.orders")
    assert counts == [(4,)]  # 2 days x 2 orders_per_day
    assert (world["project"] / "models/tenants/acme/_acme__sources.yml").exists()


def test_load_prints_rows_and_seconds_per_connector_and_a_total(world):
    out = world["load"].stdout
    assert "acme/shopify: 2026-11-01..2026-11-02 -> raw_acme_shopify: customers 4, orders 4" in out
    assert ("; " in out and " rows in " in out), out
    total = sum(int(n) for n in re.findall(r"; (\d+) rows in [\d.]+ s", out))
    assert f"load.py: 2 dataset(s) of 1 tenant(s) loaded, {total} rows in " in out


def test_sources_yml_carries_loaded_at_field_and_thresholds(world):
    import yaml

    doc = yaml.safe_load((world["project"] / "models/tenants/acme/_acme__sources.yml").read_text())
    by_name = {s["name"]: s for s in doc["sources"]}
    shop, fb = by_name["raw_acme_shopify"]["config"], by_name["raw_acme_facebook_ads"]["config"]
    assert shop["freshness"] == {"warn_after": {"count": 12, "period": "hour"}, "error_after": {"count": 48, "period": "hour"}}
    assert fb["freshness"] == {"warn_after": {"count": 36, "period": "hour"}, "error_after": {"count": 72, "period": "hour"}}
    assert "_dlt_load_id" in shop["loaded_at_field"]
    children = {f"{s['name']}.{t['name']}" for s in doc["sources"] for t in s["tables"]
                if (t.get("config") or {}).get("freshness", "unset") is None}
    assert children == CHILD_TABLES


def test_source_freshness_reports_pass_warn_and_error_per_table(world):
    results = world["results"]
    assert set(results) == set(AGES), "every root table of the tenant, and no child table"
    got = {t: r["status"] for t, r in results.items()}
    assert got == {t: expected_status(t, h) for t, h in AGES.items()}
    assert set(got.values()) == {"pass", "warn", "error"}
    assert world["fresh"].returncode == 1  # an error is a failing run
    out = world["fresh"].stdout
    assert re.search(r"ERROR STALE freshness of raw_acme_facebook_ads\.ad_sets\b", out), out
    assert re.search(r"WARN freshness of raw_acme_shopify\.customers\b", out), out
    assert re.search(r"PASS freshness of raw_acme_facebook_ads\.ads\b", out), out


def test_max_loaded_at_is_the_dlt_load_time_in_utc(world):
    r = world["results"]["raw_acme_facebook_ads.campaigns"]
    expected = dt.datetime.fromtimestamp(world["now"] - 40 * 3600, dt.UTC)
    got = dt.datetime.fromisoformat(r["max_loaded_at"].replace("Z", "+00:00"))
    if got.tzinfo is None:
        got = got.replace(tzinfo=dt.UTC)
    assert abs((got - expected).total_seconds()) < 1
    assert 40 * 3600 - 5 < r["max_loaded_at_time_ago_in_s"] < 40 * 3600 + 600


BAD = [
    ('{warn_after_hours: "12"}', 'sources.shopify.freshness.warn_after_hours: must be a whole number of hours >= 1 (got "12")'),
    ("{warn_after_hours: 0}", "sources.shopify.freshness.warn_after_hours: must be a whole number of hours >= 1 (got 0)"),
    ("{error_after_hours: 1.5}", "sources.shopify.freshness.error_after_hours: must be a whole number of hours >= 1 (got 1.5)"),
    ("{warn_after_hours: true}", "sources.shopify.freshness.warn_after_hours: must be a whole number of hours >= 1 (got true)"),
    ("{warn_hours: 3}", "sources.shopify.freshness.warn_hours: unknown key (allowed: error_after_hours, warn_after_hours)"),
    ("12", "sources.shopify.freshness: must be a mapping with keys error_after_hours, warn_after_hours (hours)"),
    ("{warn_after_hours: 48, error_after_hours: 48}",
     "sources.shopify.freshness: warn_after_hours (48) must be less than error_after_hours (48)"),
]


def with_freshness(value: str) -> str:
    return TENANTS.replace(f"{{warn_after_hours: {SHOPIFY_WARN}, error_after_hours: {SHOPIFY_ERROR}}}", value)


@pytest.mark.parametrize("value, message", BAD)
def test_bad_freshness_is_refused_naming_tenant_file_and_field(value, message):
    spec = importlib.util.spec_from_file_location("gata_manifest_of_checkout", ROOT / "gata_manifest.py")
    gata_manifest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gata_manifest)  # this checkout's validator, not an installed older copy
    assert gata_manifest.check(with_freshness(value), ROOT)[1] == [f"tenants.yaml: tenant 'acme': {message}"]


def test_load_py_refuses_bad_freshness_and_loads_nothing(world, tmp_path):
    value, message = BAD[0]
    bad = tmp_path / "tenants.yaml"
    bad.write_text(with_freshness(value))
    before = query(world["db"], "select count(*) from gata_meta.ingestion_runs")
    proc = run([sys.executable, str(world["project"] / "ingestion/load.py"), "--tenants-file", str(bad)],
               world["project"], env_for(world["project"]), check=False)
    assert proc.returncode == 2
    assert f"tenants.yaml: tenant 'acme': {message}" in proc.stderr
    assert "nothing was loaded" in proc.stderr
    assert query(world["db"], "select count(*) from gata_meta.ingestion_runs") == before
