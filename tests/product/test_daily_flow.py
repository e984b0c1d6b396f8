"""README's "The analyst's daily flow", executed as written, then freshness and the warehouse path on
the same project (one copy, one warehouse: each dbt start costs seconds).

The flow: the backticked `.venv/bin/...` commands of that README section, in order, in a project copy
(its `.venv` links to the test venv; no GATA_DUCKDB_PATH). The first three are the onboarding (load,
onboard, build), the rest are "each day". tenants.yaml (step 1, "edit tenants.yaml") gives acme a small
shop and web analytics whose configured window ends three days before today, so the daily load has days to
bring. Expected counts come from tenants.yaml and the calendar, and from the raw tables.

Then each raw table's dlt load id is set to a known age and `dbt source freshness --select tenant:acme`
runs from a folder outside the project (--project-dir/--profiles-dir): it reads the tables load.py
wrote, so both use the project's warehouse. Expected statuses are computed here from the ages and the
thresholds (the tenants.yaml override for shopify, the README's defaults for google_analytics)."""
from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import sys
import time

import pytest

from flow_helpers import ROOT, acme_manifest, env_for, execute, make_project, query, run

pytestmark = pytest.mark.xdist_group("product_daily_flow")

PER_DAY, DAYS = 2, 3
DEFAULT_WARN, DEFAULT_ERROR = 36, 72  # README "Freshness"
SHOPIFY_WARN, SHOPIFY_ERROR = 12, 48  # tenants.yaml below
# The flow and its checks take minutes and load.py's default --until is "today, UTC": a run that crosses
# midnight would load one day more than computed. Within this margin of midnight the fixture waits for it.
MIDNIGHT_MARGIN_S = 900


def calendar() -> tuple[dt.date, dt.date]:
    """(today, configured start): today UTC, after waiting out midnight if it is near."""
    now = dt.datetime.now(dt.UTC)
    to_midnight = (dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), dt.UTC) - now).total_seconds()
    if to_midnight < MIDNIGHT_MARGIN_S:
        time.sleep(to_midnight + 1)
    today = dt.datetime.now(dt.UTC).date()
    return today, today - dt.timedelta(days=DAYS + 2)  # window START .. START+2; then 3 days to catch up


def tenants_yaml(start: dt.date) -> str:
    return acme_manifest(f"""\
      shopify:
        generation: {{start_date: "{start}", days: {DAYS}, customers: 5, products: 3, orders_per_day: {PER_DAY}}}
        freshness: {{warn_after_hours: {SHOPIFY_WARN}, error_after_hours: {SHOPIFY_ERROR}}}
      google_analytics:
        generation: {{start_date: "{start}", days: {DAYS}, users: 2, sessions_per_day: 1}}
""")


# raw table -> hours since its (faked) last load; 0 = as loaded
AGES = {"raw_acme_shopify.orders": 0, "raw_acme_shopify.customers": 20, "raw_acme_shopify.products": 50,
        "raw_acme_google_analytics.events": 40}
CHILD_TABLES = {"raw_acme_shopify.orders__line_items", "raw_acme_google_analytics.events__event_params"}


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## The analyst's daily flow", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"`(\.venv/bin/[^`]+)`", section)


def snapshot(db):
    return {"raw_orders": query(db, "select count(*) from raw_acme_shopify.orders")[0][0],
            "fct_orders": query(db, "select count(*) from acme_marts.fct_orders")[0][0],
            "last_order_day": query(db, "select max(cast(ordered_at as date)) from acme_marts.fct_orders")[0][0],
            "raw_revenue": query(db, "select sum(cast(total_price as decimal(18, 2))) from raw_acme_shopify.orders")[0][0],
            "mart_revenue": query(db, "select sum(total_price) from acme_marts.fct_orders")[0][0]}


def expected_status(table: str, hours: float) -> str:
    warn, error = (SHOPIFY_WARN, SHOPIFY_ERROR) if "_shopify." in table else (DEFAULT_WARN, DEFAULT_ERROR)
    return "error" if hours > error else "warn" if hours > warn else "pass"


@pytest.fixture(scope="module")
def flow(tmp_path_factory):
    commands = readme_commands()
    tmp = tmp_path_factory.mktemp("daily")
    today, start = calendar()
    project, elsewhere = make_project(tmp / "gata", tenants_yaml(start)), tmp / "elsewhere"
    elsewhere.mkdir()
    env, db, outputs, states = env_for(project), project / "gata.duckdb", [], []
    for n, command in enumerate(commands):
        outputs.append(run(shlex.split(command), project, env).stdout)
        if n in (2, len(commands) - 1):  # after the first build, after the day's build
            states.append(snapshot(db))
    now = time.time()
    for table, hours in AGES.items():
        if hours:
            execute(db, f"update {table} set _dlt_load_id = '{now - hours * 3600:.6f}'")
    fresh = run([str(project / ".venv/bin/dbt"), "source", "freshness", "--select", "tenant:acme",
                 "--project-dir", str(project), "--profiles-dir", str(project)], elsewhere, env, check=False)
    results = json.loads((project / "target/sources.json").read_text())["results"]
    return {"today": today, "start": start, "commands": commands, "outputs": outputs, "first": states[0], "daily": states[1], "db": db,
            "project": project, "elsewhere": elsewhere, "env": env, "fresh": fresh, "now": now,
            "results": {r["unique_id"].split(".", 2)[2]: r for r in results}}


def test_readme_lists_the_onboarding_and_the_daily_commands(flow):
    assert flow["commands"] == [
        ".venv/bin/python ingestion/load.py --tenant acme",
        ".venv/bin/dbt run-operation onboard_tenant --args '{tenant: acme}'",
        ".venv/bin/dbt build --select tenant:acme",
        ".venv/bin/python ingestion/load.py --tenant acme --since-last-load",
        ".venv/bin/dbt build --select tenant:acme",
    ]


def test_first_build_holds_the_configured_window(flow):
    first, START = flow["first"], flow["start"]
    assert first["raw_orders"] == first["fct_orders"] == DAYS * PER_DAY
    assert first["last_order_day"] == START + dt.timedelta(days=DAYS - 1)


def test_the_daily_commands_bring_the_new_days_into_the_marts(flow):
    first, daily, TODAY, START = flow["first"], flow["daily"], flow["today"], flow["start"]
    new_days = (TODAY - (START + dt.timedelta(days=DAYS - 1))).days
    assert new_days == 3
    assert daily["raw_orders"] - first["raw_orders"] == new_days * PER_DAY
    assert daily["fct_orders"] - first["fct_orders"] == daily["raw_orders"] - first["raw_orders"]
    assert daily["last_order_day"] == TODAY
    assert daily["mart_revenue"] == daily["raw_revenue"] and daily["mart_revenue"] > first["mart_revenue"]
    runs = query(flow["db"], "select connector, first_day, last_day from gata_meta.ingestion_runs "
                             "where connector = 'shopify' order by finished_at")
    assert runs == [("shopify", START, START + dt.timedelta(days=DAYS - 1)),
                    ("shopify", START + dt.timedelta(days=DAYS), TODAY)]


def test_progress_output(flow):
    load, onboard, _, daily_load, _ = flow["outputs"]
    TODAY, START = flow["today"], flow["start"]
    assert re.search(r"acme/shopify: .* -> raw_acme_shopify: customers 5, orders 6 \(orders__line_items \d+\) "
                     r"\(orders__refunds \d+\), products 3; \d+ rows in [\d.]+ s", load)
    total = sum(int(n) for n in re.findall(r"; (\d+) rows in [\d.]+ s", load))
    assert re.search(rf"load\.py: 2 dataset\(s\) of 1 tenant\(s\) loaded, {total} rows in [\d.]+ s", load)
    assert f"acme/shopify: {START + dt.timedelta(days=DAYS)}..{TODAY} -> raw_acme_shopify" in daily_load
    assert "onboard_tenant acme: next: dbt build --select tenant:acme" in onboard


def test_sources_yml_carries_loaded_at_field_and_thresholds(flow):
    import yaml

    doc = yaml.safe_load((flow["project"] / "models/tenants/acme/_acme__sources.yml").read_text())
    by_name = {s["name"]: s for s in doc["sources"]}
    shop, ga = by_name["raw_acme_shopify"]["config"], by_name["raw_acme_google_analytics"]["config"]
    assert shop["freshness"] == {"warn_after": {"count": 12, "period": "hour"}, "error_after": {"count": 48, "period": "hour"}}
    assert ga["freshness"] == {"warn_after": {"count": 36, "period": "hour"}, "error_after": {"count": 72, "period": "hour"}}
    assert "_dlt_load_id" in shop["loaded_at_field"]
    children = {f"{s['name']}.{t['name']}" for s in doc["sources"] for t in s["tables"]
                if (t.get("config") or {}).get("freshness", "unset") is None}
    assert children == CHILD_TABLES


def test_source_freshness_reports_pass_warn_and_error_per_table(flow):
    results = flow["results"]
    assert set(results) == set(AGES), "every root table of the tenant, and no child table"
    got = {t: r["status"] for t, r in results.items()}
    assert got == {t: expected_status(t, h) for t, h in AGES.items()}
    assert set(got.values()) == {"pass", "warn", "error"}
    assert flow["fresh"].returncode == 1  # an error is a failing run
    out = flow["fresh"].stdout
    assert re.search(r"ERROR STALE freshness of raw_acme_shopify\.products\b", out), out
    assert re.search(r"WARN freshness of raw_acme_google_analytics\.events\b", out), out
    assert re.search(r"PASS freshness of raw_acme_shopify\.orders\b", out), out


def test_max_loaded_at_is_the_dlt_load_time_in_utc(flow):
    r = flow["results"]["raw_acme_google_analytics.events"]
    expected = dt.datetime.fromtimestamp(flow["now"] - 40 * 3600, dt.UTC)
    got = dt.datetime.fromisoformat(r["max_loaded_at"])
    got = got if got.tzinfo else got.replace(tzinfo=dt.UTC)
    assert abs((got - expected).total_seconds()) < 1
    assert 40 * 3600 - 5 < r["max_loaded_at_time_ago_in_s"] < 40 * 3600 + 600


def test_a_second_daily_load_from_another_folder_loads_nothing(flow):
    """load.py started elsewhere opens the project's warehouse (its load log says acme is up to date)."""
    TODAY, before = flow["today"], query(flow["db"], "select count(*) from raw_acme_shopify.orders")
    again = run([sys.executable, str(flow["project"] / "ingestion/load.py"), *shlex.split(flow["commands"][3])[2:]],
                flow["elsewhere"], flow["env"])
    assert f"acme/shopify: up to date (last loaded day {TODAY}, --until {TODAY})" in again.stdout
    assert "load.py: 0 dataset(s) of 0 tenant(s) loaded, 0 rows" in again.stdout
    assert query(flow["db"], "select count(*) from raw_acme_shopify.orders") == before
    assert not list(flow["elsewhere"].iterdir()), "nothing may be created in the current folder"
