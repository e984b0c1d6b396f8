"""README's "The analyst's daily flow", executed as written: the backticked `.venv/bin/...` commands
of that section, in order, in a project copy (its `.venv` links to the test venv; no GATA_DUCKDB_PATH).
The first three are the onboarding (load, onboard, build), the rest are "each day". tenants.yaml (step
1, "edit tenants.yaml") gives acme a small shop whose configured window ends three days before today,
so the daily load has days to bring. Expected counts come from tenants.yaml and the calendar, and
from the raw tables, never from the loader."""
from __future__ import annotations

import datetime as dt
import re
import shlex

import pytest
from flow_helpers import ROOT, acme_manifest, env_for, make_project, query, run

pytestmark = pytest.mark.xdist_group("product_daily_flow")

PER_DAY, DAYS = 2, 3
TODAY = dt.datetime.now(dt.UTC).date()
START = TODAY - dt.timedelta(days=DAYS + 2)  # configured window: START .. START+2; then 3 days to catch up
TENANTS = acme_manifest(f"""\
      shopify:
        generation: {{start_date: "{START}", days: {DAYS}, customers: 5, products: 3, orders_per_day: {PER_DAY}}}
""")


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


@pytest.fixture(scope="module")
def flow(tmp_path_factory):
    commands = readme_commands()
    project = make_project(tmp_path_factory.mktemp("daily") / "gata", TENANTS)
    env, db, outputs, states = env_for(project), project / "gata.duckdb", [], []
    for n, command in enumerate(commands):
        outputs.append(run(shlex.split(command), project, env).stdout)
        if n in (2, len(commands) - 1):  # after the first build, after the day's build
            states.append(snapshot(db))
    return {"commands": commands, "outputs": outputs, "first": states[0], "daily": states[1], "db": db}


def test_readme_lists_the_onboarding_and_the_daily_commands(flow):
    assert flow["commands"] == [
        ".venv/bin/python ingestion/load.py --tenant acme",
        ".venv/bin/dbt run-operation onboard_tenant --args '{tenant: acme}'",
        ".venv/bin/dbt build --select tenant:acme",
        ".venv/bin/python ingestion/load.py --tenant acme --since-last-load",
        ".venv/bin/dbt build --select tenant:acme",
    ]


def test_first_build_holds_the_configured_window(flow):
    first = flow["first"]
    assert first["raw_orders"] == first["fct_orders"] == DAYS * PER_DAY
    assert first["last_order_day"] == START + dt.timedelta(days=DAYS - 1)


def test_the_daily_commands_bring_the_new_days_into_the_marts(flow):
    first, daily = flow["first"], flow["daily"]
    new_days = (TODAY - (START + dt.timedelta(days=DAYS - 1))).days
    assert new_days == 3
    assert daily["raw_orders"] - first["raw_orders"] == new_days * PER_DAY
    assert daily["fct_orders"] - first["fct_orders"] == daily["raw_orders"] - first["raw_orders"]
    assert daily["last_order_day"] == TODAY
    assert daily["mart_revenue"] == daily["raw_revenue"] and daily["mart_revenue"] > first["mart_revenue"]
    runs = query(flow["db"], "select first_day, last_day from gata_meta.ingestion_runs order by finished_at")
    assert runs == [(START, START + dt.timedelta(days=DAYS - 1)), (START + dt.timedelta(days=DAYS), TODAY)]


def test_progress_output(flow):
    load, onboard, _, daily_load, _ = flow["outputs"]
    assert re.search(r"acme/shopify: .* -> raw_acme_shopify: customers 5, orders 6 \(orders__line_items \d+\), "
                     r"products 3; \d+ rows in [\d.]+ s", load)
    assert re.search(r"load\.py: 1 dataset\(s\) of 1 tenant\(s\) loaded, \d+ rows in [\d.]+ s", load)
    assert f"acme/shopify: {START + dt.timedelta(days=DAYS)}..{TODAY} -> raw_acme_shopify" in daily_load
    assert "onboard_tenant acme: next: dbt build --select tenant:acme" in onboard


def test_a_second_daily_load_the_same_day_loads_nothing(flow):
    before = query(flow["db"], "select count(*) from raw_acme_shopify.orders")
    again = run(shlex.split(flow["commands"][3]), flow["db"].parent, env_for(flow["db"].parent))
    assert f"acme/shopify: up to date (last loaded day {TODAY}, --until {TODAY})" in again.stdout
    assert "load.py: 0 dataset(s) of 0 tenant(s) loaded, 0 rows" in again.stdout
    assert query(flow["db"], "select count(*) from raw_acme_shopify.orders") == before
