"""The semantic layer: onboarding phase 5 writes `_<slug>__semantic.yml` (MetricFlow semantic models
over the tenant's marts and its metrics), `dbt parse` validates it, and real `mf query` calls return
what the raw data says.

One module fixture does the expensive work once, on a copy of the project and its own DuckDB file:
load acme (shop, ads, analytics) and globex (a shop only, orders on the same days), onboard acme,
try two onboardings of globex that must be refused (a bad registry, a name another tenant's file
already uses), onboard globex, build the marts the metrics read, run one `mf query` over both
tenants' metrics. Expected values come straight from the raw tables dlt loaded (or, for sessions,
from the mart with SQL written here), never from the code under test.
"""
from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "tests" / "onboarding"))
from onboarding_helpers import copy_project, tree_hashes  # noqa: E402

ACME_METRICS = {"revenue", "net_revenue", "orders", "average_order_value", "ad_spend", "impressions", "clicks",
                "cpc", "ctr", "roas", "sessions", "converting_sessions", "conversion_rate"}
GLOBEX_METRICS = {"revenue", "net_revenue", "orders", "average_order_value"}  # a shop only: no ads, no analytics
QUERIED = ["acme_revenue", "acme_net_revenue", "acme_orders", "acme_average_order_value", "acme_ad_spend",
           "acme_impressions", "acme_clicks", "acme_cpc", "acme_ctr", "acme_roas", "acme_sessions",
           "acme_conversion_rate", "globex_revenue"]

# a properties file another tenant could hold: its metric is named like globex's revenue metric
PLANTED = """version: 2
semantic_models:
  - name: zzz_days
    model: ref('time_spine_daily')
    defaults: {agg_time_dimension: date_day}
    entities: [{name: zzz_day, type: primary, expr: date_day}]
    dimensions: [{name: date_day, type: time, type_params: {time_granularity: day}}]
    measures: [{name: zzz_day_count, agg: sum, expr: "1"}]
metrics:
  - name: globex_revenue
    label: planted
    type: simple
    type_params: {measure: zzz_day_count}
"""
BAD_METRICS = ("gross__margin,Gross margin,simple,gross_revenue,,,two underscores\n"
               "refund_rate,Refund rate,ratio,,refunds,orders,no refunds metric\n")
BAD_SEMANTICS = "fct_orders,measure,evil,sum,total_price; drop table x,a second statement\n"


class Project:
    def __init__(self, root: Path, db: Path):
        self.root, self.db = root, db
        self.env = dict(os.environ, GATA_DUCKDB_PATH=str(db), DBT_SEND_ANONYMOUS_USAGE_STATS="false",
                        DO_NOT_TRACK="1", RUNTIME__DLTHUB_TELEMETRY="false")
        self.seconds: dict[str, float] = {}

    def run(self, name: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        started = time.monotonic()
        proc = subprocess.run(list(args), cwd=self.root, env=self.env, capture_output=True, text=True)
        self.seconds[name] = time.monotonic() - started
        if check and proc.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}")
        return proc

    def onboard(self, slug: str, name: str, check: bool = True) -> subprocess.CompletedProcess:
        return self.run(name, str(BIN / "dbt"), "run-operation", "onboard_tenant", "--args", f"{{tenant: {slug}}}", check=check)

    def sql(self, query: str) -> list[tuple]:
        with duckdb.connect(str(self.db), read_only=True) as con:
            return con.execute(query).fetchall()


@pytest.fixture(scope="module")
def sl(tmp_path_factory) -> Project:
    base = tmp_path_factory.mktemp("semantic")
    p = Project(copy_project(base / "gata"), base / "warehouse.duckdb")
    manifest = yaml.safe_load((p.root / "tenants.yaml").read_text())
    tenants = {t["slug"]: t for t in manifest["tenants"]}
    tenants["globex"]["sources"] = {"shopify": tenants["globex"]["sources"]["shopify"]}
    for t in (tenants["acme"], tenants["globex"]):
        for s in t["sources"].values():
            s["generation"]["days"] = 7  # a week is enough for daily sums, and loads faster
    manifest["tenants"] = [tenants["acme"], tenants["globex"]]
    (p.root / "tenants.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False))
    p.run("load", str(BIN / "python"), "ingestion/load.py", "--database", str(p.db), "--quiet",
          "--tenant", "acme", "--tenant", "globex")
    p.onboard("acme", "onboard acme")

    # refused 1: a registry the semantic layer cannot use
    registry = p.root / "seeds" / "registry"
    good = {n: (registry / n).read_text() for n in ("gata_metrics.csv", "gata_mart_semantics.csv")}
    (registry / "gata_metrics.csv").write_text(good["gata_metrics.csv"] + BAD_METRICS)
    (registry / "gata_mart_semantics.csv").write_text(good["gata_mart_semantics.csv"] + BAD_SEMANTICS)
    before = tree_hashes(p.root)
    p.bad_registry = p.onboard("globex", "refused: bad registry", check=False)
    p.bad_registry_tree_kept = tree_hashes(p.root) == before
    for name, text in good.items():
        (registry / name).write_text(text)

    # refused 2: another tenant's file already uses a name globex's file would define
    planted = p.root / "models" / "tenants" / "zzz" / "_zzz__semantic.yml"
    planted.parent.mkdir(parents=True)
    planted.write_text(PLANTED)
    before = tree_hashes(p.root)
    p.clash = p.onboard("globex", "refused: name clash", check=False)
    p.clash_tree_kept = tree_hashes(p.root) == before
    shutil.rmtree(planted.parent)

    p.onboard("globex", "onboard globex")
    # the marts the queried metrics read (dbt also writes target/semantic_manifest.json)
    p.run("dbt run", str(BIN / "dbt"), "run", "--select", "+acme__fct_orders", "+acme__fct_ad_performance",
          "+acme__fct_sessions", "+globex__fct_orders", "time_spine_daily")
    out = base / "mf.csv"
    p.mf = p.run("mf query", str(BIN / "mf"), "query", "--metrics", ",".join(QUERIED), "--group-by", "metric_time__day",
                 "--order", "metric_time__day", "--csv", str(out), "--quiet")
    with out.open(newline="") as f:
        p.rows = {dt.date.fromisoformat(r["metric_time__day"][:10]): r for r in csv.DictReader(f)}
    print("semantic layer fixture, seconds:", {k: round(v, 1) for k, v in p.seconds.items()})
    return p


def by_day(p: Project, query: str) -> dict[dt.date, Decimal]:
    return {day: Decimal(str(v)) for day, v in p.sql(query)}


def mf_values(p: Project, metric: str) -> dict[dt.date, Decimal]:
    return {day: Decimal(r[metric]) for day, r in p.rows.items() if r[metric] not in ("", None)}


def close(got: dict, want: dict) -> bool:
    return got.keys() == want.keys() and all(abs(got[k] - want[k]) <= Decimal("1e-9") * max(1, abs(want[k])) for k in want)


def raw_orders(slug: str) -> str:
    """The shop's raw orders that count as revenue: test and cancelled orders are left out."""
    return f"(select * from raw_{slug}_shopify.orders where not coalesce(test, false) and cancelled_at is null) as counted"


def raw_net_revenue_by_day(p: Project, slug: str) -> dict[dt.date, Decimal]:
    """Net revenue from raw Shopify orders: refunds = total_price - current_total_price carry their share
    of the tax, so the shop keeps (total - refunds) * (total - tax) / total, in cents rounded half up."""
    out: dict[dt.date, Decimal] = {}
    for day, total, tax, current in p.sql(f"select cast(timezone('UTC', created_at) as date), total_price, total_tax, "
                                          f"current_total_price from {raw_orders(slug)}"):
        total, tax, refunds = Decimal(total), Decimal(tax), Decimal(total) - Decimal(current)
        kept = ((total - refunds) * (total - tax) / total).quantize(Decimal("0.01"), ROUND_HALF_UP) if total else -tax - refunds
        out[day] = out.get(day, Decimal(0)) + kept
    return out


def test_onboarding_writes_one_semantic_file_per_tenant_with_its_metrics(sl):
    manifest = json.loads((sl.root / "target" / "semantic_manifest.json").read_text())
    metrics = {m["name"] for m in manifest["metrics"]}
    assert metrics == {f"acme_{m}" for m in ACME_METRICS} | {f"globex_{m}" for m in GLOBEX_METRICS}
    models = {m["name"]: m["node_relation"]["schema_name"] + "." + m["node_relation"]["alias"]
              for m in manifest["semantic_models"]}
    assert models == {
        "acme_dim_campaigns": "acme_marts.dim_campaigns", "acme_dim_customers": "acme_marts.dim_customers",
        "acme_dim_users": "acme_marts.dim_users",
        "acme_fct_ad_performance": "acme_marts.fct_ad_performance", "acme_fct_events": "acme_marts.fct_events",
        "acme_fct_orders": "acme_marts.fct_orders", "acme_fct_sessions": "acme_marts.fct_sessions",
        "globex_dim_customers": "globex_marts.dim_customers", "globex_fct_orders": "globex_marts.fct_orders"}
    assert [t["node_relation"]["alias"] for t in manifest["project_configuration"]["time_spines"]] == ["time_spine_daily"]
    # the demo tenant acme's file is the committed one, byte for byte (same connectors, same registry)
    assert (sl.root / "models/tenants/acme/_acme__semantic.yml").read_bytes() == \
        (ROOT / "models/tenants/acme/_acme__semantic.yml").read_bytes()


def test_every_metric_reads_only_its_own_tenants_marts(sl):
    """Through dbt's own lineage (manifest.json), not our naming: a metric of tenant T depends, via
    metrics and semantic models, only on models of T in schema T_marts; no entity joins two tenants."""
    manifest = json.loads((sl.root / "target" / "manifest.json").read_text())
    nodes = {**manifest["nodes"], **manifest["metrics"], **manifest["semantic_models"]}
    checked = 0
    for uid, metric in manifest["metrics"].items():
        slug = Path(metric["original_file_path"]).parent.name
        assert metric["original_file_path"] == f"models/tenants/{slug}/_{slug}__semantic.yml"
        todo, models = list(metric["depends_on"]["nodes"]), set()
        while todo:
            node = nodes[todo.pop()]
            if node["resource_type"] == "model":
                models.add((node["schema"], node["name"]))
            else:
                todo.extend(node["depends_on"]["nodes"])
        own = all(schema == f"{slug}_marts" and name.startswith(f"{slug}__") for schema, name in models)
        assert models and own, (uid, models)
        checked += 1
    assert checked == len(ACME_METRICS) + len(GLOBEX_METRICS)
    owners: dict[str, set] = {}
    for sm in manifest["semantic_models"].values():
        for e in sm["entities"]:
            owners.setdefault(e["name"], set()).add(Path(sm["original_file_path"]).parent.name)
    assert owners and all(len(tenants) == 1 for tenants in owners.values()), owners


def test_mf_revenue_and_orders_equal_raw_orders_per_day(sl):
    for slug in ("acme", "globex"):
        day = "cast(timezone('UTC', created_at) as date)"
        want = by_day(sl, f"select {day}, sum(cast(total_price as decimal(18,2))) from {raw_orders(slug)} group by 1")
        assert len(want) == 7
        assert mf_values(sl, f"{slug}_revenue") == want, slug
    want_orders = by_day(sl, f"select cast(timezone('UTC', created_at) as date), count(*) from {raw_orders('acme')} group by 1")
    assert mf_values(sl, "acme_orders") == want_orders
    net = raw_net_revenue_by_day(sl, "acme")
    assert mf_values(sl, "acme_net_revenue") == net and net != mf_values(sl, "acme_revenue")  # tax and refunds out
    aov = {d: mf_values(sl, "acme_revenue")[d] / want_orders[d] for d in want_orders}
    assert close(mf_values(sl, "acme_average_order_value"), aov)


def test_one_tenants_metric_never_includes_another_tenants_rows(sl):
    acme, globex = mf_values(sl, "acme_revenue"), mf_values(sl, "globex_revenue")
    both = set(acme) & set(globex)
    assert both, "the two shops must sell on the same days, or a mixed sum could not show"
    total = by_day(sl, "select cast(timezone('UTC', created_at) as date), sum(cast(total_price as decimal(18,2))) from ("
                       f"select created_at, total_price from {raw_orders('acme')} union all "
                       f"select created_at, total_price from {raw_orders('globex')})as o group by 1")
    for d in both:
        assert acme[d] + globex[d] == total[d] and acme[d] != total[d] and globex[d] != total[d]


def test_mf_ad_metrics_and_roas_equal_raw_insights_per_day(sl):
    raw = "raw_acme_facebook_ads.insights"
    spend = by_day(sl, f"select cast(date_start as date), sum(cast(spend as decimal(18,2))) from {raw} group by 1")
    clicks = by_day(sl, f"select cast(date_start as date), sum(cast(clicks as bigint)) from {raw} group by 1")
    impressions = by_day(sl, f"select cast(date_start as date), sum(cast(impressions as bigint)) from {raw} group by 1")
    assert len(spend) == 7
    assert mf_values(sl, "acme_ad_spend") == spend
    assert mf_values(sl, "acme_clicks") == clicks and mf_values(sl, "acme_impressions") == impressions
    assert close(mf_values(sl, "acme_cpc"), {d: spend[d] / clicks[d] for d in spend})
    assert close(mf_values(sl, "acme_ctr"), {d: clicks[d] / impressions[d] for d in clicks})
    revenue = by_day(sl, "select cast(timezone('UTC', created_at) as date), sum(cast(total_price as decimal(18,2))) "
                         f"from {raw_orders('acme')} group by 1")
    assert close(mf_values(sl, "acme_roas"), {d: revenue[d] / spend[d] for d in spend})


def test_mf_sessions_and_conversion_rate_equal_the_sessions_mart(sl):
    rows = sl.sql("select cast(started_at as date), count(*), count(*) filter (where purchases > 0) "
                  "from acme_marts.fct_sessions group by 1")
    assert rows and mf_values(sl, "acme_sessions") == {d: Decimal(n) for d, n, _ in rows}
    assert close(mf_values(sl, "acme_conversion_rate"), {d: Decimal(c) / Decimal(n) for d, n, c in rows})


def test_report_page_shows_what_mf_returns(sl, tmp_path):
    spec = importlib.util.spec_from_file_location("render_report", ROOT / "reports" / "render_report.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    data = mod.collect(sl.db, "acme")
    assert [r["day"] for r in data["rows"]] == sorted(sl.rows)
    for r in data["rows"]:
        assert r["net_revenue"] == mf_values(sl, "acme_net_revenue")[r["day"]]
        assert r["ad_spend"] == mf_values(sl, "acme_ad_spend")[r["day"]]
        assert abs(r["roas"] - mf_values(sl, "acme_roas")[r["day"]]) < Decimal("1e-9")


def test_bad_semantic_registry_is_refused_and_nothing_changes(sl):
    out = sl.bad_registry.stdout + sl.bad_registry.stderr
    assert sl.bad_registry.returncode != 0 and "nothing was written" in out
    assert ("seeds/registry/gata_metrics.csv: gross__margin: metric name 'gross__margin' is not a MetricFlow name "
            "([a-z][a-z0-9]*(_[a-z0-9]+)*, at most 180 characters)") in out
    assert ("seeds/registry/gata_metrics.csv: refund_rate: a ratio metric names no measure, and a numerator and a "
            "denominator metric defined on earlier rows (numerator 'refunds', denominator 'orders')") in out
    assert ("seeds/registry/gata_mart_semantics.csv: fct_orders.evil: expr 'total_price; drop table x' is not a plain "
            "SQL expression over the mart's columns") in out
    assert sl.bad_registry_tree_kept


def test_name_another_tenant_uses_is_refused_and_nothing_changes(sl):
    out = sl.clash.stdout + sl.clash.stderr
    assert sl.clash.returncode != 0 and "nothing was written" in out
    assert ("tenant 'globex': models/tenants/globex/_globex__semantic.yml: metric 'globex_revenue' has the name of a "
            "metric in models/tenants/zzz/_zzz__semantic.yml (MetricFlow names are <slug>_<registry name> and must be "
            "unique in the project: choose another slug)") in out
    assert sl.clash_tree_kept


def test_mf_query_time(sl):
    """Measured, not a benchmark: one `mf query` of 13 metrics over two tenants (start-up included)."""
    print(f"mf query: {sl.seconds['mf query']:.1f} s")
    assert sl.seconds["mf query"] < 120
