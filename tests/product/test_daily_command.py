"""ingestion/daily.py, the daily command for every tenant, and the on-run-end hook it reads
(macros/platform/tenant_builds.sql). Two small shops, acme and globex, in one project copy:

1. load both, onboard both, `daily.py`: both never built, one dbt build of both; the hook records both;
2. `daily.py` again: nothing new, no dbt at all (run_results.json untouched, no new build row);
3. a day for acme only, then `daily.py`: only acme is built (globex's models are not run) and its rows
   reach its marts;
4. a partial run (`dbt run` of one acme model) records no build, and an identical re-onboarding
   (no file written) asks for none.
Expected rows come from tenants.yaml's volumes and the raw tables, never from the log being tested."""
from __future__ import annotations

import json
import sys

import pytest

from flow_helpers import VENV, env_for, make_project, query, run

pytestmark = pytest.mark.xdist_group("product_daily_command")

START, DAYS, PER_DAY, UNTIL = "2026-01-05", 2, 2, "2026-01-06"
NEXT_DAY = "2026-01-07"


def shop(slug: str) -> str:
    return (f"  - slug: {slug}\n    business_name: {slug.title()}\n    status: active\n    sources:\n"
            f"      shopify:\n        generation: {{start_date: \"{START}\", days: {DAYS}, customers: 3, products: 2, "
            f"orders_per_day: {PER_DAY}}}\n")


@pytest.fixture(scope="module")
def daily(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("daily_cmd") / "gata", "tenants:\n" + shop("acme") + shop("globex"))
    env, db = env_for(project), project / "gata.duckdb"
    py, dbt = str(VENV / "bin/python"), str(VENV / "bin/dbt")
    results = project / "target/run_results.json"

    def daily_py():
        return run([py, "ingestion/daily.py", "--until", UNTIL], project, env).stdout

    def builds():
        return query(db, "select tenant, invocation_id from gata_meta.tenant_builds order by started_at, tenant")

    def ran():
        return sorted(r["unique_id"] for r in json.loads(results.read_text())["results"])

    out = {"project": project, "db": db}
    run([py, "ingestion/load.py"], project, env)
    run([dbt, "run-operation", "onboard_tenants"], project, env)
    out["first"], out["builds_first"], out["ran_first"] = daily_py(), builds(), ran()
    stamp = results.stat().st_mtime_ns
    out["noop"], out["builds_noop"], out["noop_untouched"] = daily_py(), builds(), results.stat().st_mtime_ns == stamp
    out["orders_before"] = query(db, "select count(*) from acme_marts.fct_orders")[0][0]
    out["globex_before"] = query(db, "select count(*) from globex_marts.fct_orders")[0][0]
    raw_before = query(db, "select count(*) from raw_acme_shopify.orders")[0][0]
    run([py, "ingestion/load.py", "--tenant", "acme", "--since-last-load", "--until", NEXT_DAY], project, env)
    out["raw_new_orders"] = query(db, "select count(*) from raw_acme_shopify.orders")[0][0] - raw_before
    out["acme_day"], out["builds_acme"], out["ran_acme"] = daily_py(), builds(), ran()
    out["orders_after"] = query(db, "select count(*) from acme_marts.fct_orders")[0][0]
    out["globex_after"] = query(db, "select count(*) from globex_marts.fct_orders")[0][0]
    run([dbt, "run", "--select", "stg_acme__shopify__orders"], project, env)
    out["builds_partial"] = builds()
    out["reonboard"] = run([dbt, "run-operation", "onboard_tenant", "--args", "{tenant: acme}"], project, env).stdout
    out["after_reonboard"] = daily_py()
    out["builds_last"] = builds()
    # a day for globex only, built in its scope project
    globex_raw = query(db, "select count(*) from raw_globex_shopify.orders")[0][0]
    run([py, "ingestion/load.py", "--tenant", "globex", "--since-last-load", "--until", NEXT_DAY], project, env)
    out["globex_new_orders"] = query(db, "select count(*) from raw_globex_shopify.orders")[0][0] - globex_raw
    out["scoped"] = run([py, "ingestion/daily.py", "--until", NEXT_DAY, "--scopes"], project, env).stdout
    out["builds_scoped"] = builds()
    out["globex_scoped"] = query(db, "select count(*) from globex_marts.fct_orders")[0][0]
    return out


def test_first_daily_builds_every_tenant_never_built(daily):
    assert "daily: acme: never built completely" in daily["first"]
    assert "daily: globex: never built completely" in daily["first"]
    assert "daily: building 2 of 2 tenant(s): $ dbt build --select tenant:acme tenant:globex" in daily["first"]
    tenants, invocations = zip(*daily["builds_first"], strict=True)
    assert tenants == ("acme", "globex") and len(set(invocations)) == 1
    assert any(".acme__fct_orders" in u for u in daily["ran_first"]) and any(".globex__fct_orders" in u for u in daily["ran_first"])


def test_a_day_without_data_runs_no_dbt(daily):
    assert "daily: nothing new for 2 tenant(s) since their last complete build; no dbt build" in daily["noop"]
    assert "building" not in daily["noop"]
    assert daily["noop_untouched"], "dbt ran: run_results.json changed"
    assert daily["builds_noop"] == daily["builds_first"]


def test_new_data_for_one_tenant_builds_that_tenant_only(daily):
    assert daily["raw_new_orders"] == PER_DAY
    rows = query(daily["db"], "select sum(rows_loaded) from gata_meta.ingestion_runs where tenant = 'acme' "
                              f"and last_day = '{NEXT_DAY}'")[0][0]
    assert f"daily: acme: new data: {rows} rows" in daily["acme_day"]
    assert "globex" not in daily["acme_day"].split("load.py:")[-1]
    assert "daily: building 1 of 2 tenant(s): $ dbt build --select tenant:acme\n" in daily["acme_day"]
    assert not [u for u in daily["ran_acme"] if "globex" in u]
    assert any(".acme__fct_orders" in u for u in daily["ran_acme"])
    assert daily["orders_after"] - daily["orders_before"] == daily["raw_new_orders"]
    assert daily["globex_after"] == daily["globex_before"]
    assert [t for t, _ in daily["builds_acme"]] == ["acme", "globex", "acme"]


def test_a_partial_run_records_no_build(daily):
    assert daily["builds_partial"] == daily["builds_acme"]


def test_an_identical_reonboarding_asks_for_no_build(daily):
    assert "onboard_tenant acme" in daily["reonboard"]
    assert "daily: nothing new for 2 tenant(s)" in daily["after_reonboard"]
    assert daily["builds_last"] == daily["builds_acme"]


def test_daily_help_runs(daily):
    proc = run([sys.executable, str(daily["project"] / "ingestion/daily.py"), "--help"], daily["project"], env_for(daily["project"]))
    assert "--dry-run" in proc.stdout


def test_scopes_build_each_changed_tenant_in_its_own_scope_project(daily):
    out = daily["scoped"]
    assert "daily: globex: new data:" in out and "daily: acme:" not in out
    assert "daily: building 1 of 2 tenant(s), each in its scope project" in out
    assert "daily: 1/1 globex: $ dbt build --project-dir scopes/globex" in out
    assert daily["globex_new_orders"] > 0
    assert daily["globex_scoped"] == daily["globex_after"] + daily["globex_new_orders"]
    new_rows = daily["builds_scoped"][len(daily["builds_last"]):]
    assert [t for t, _ in new_rows] == ["globex"]
