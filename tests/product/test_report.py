"""The report (reports/render_report.py): one HTML page per tenant with inline SVG charts of daily net
revenue against ad spend, and ROAS.

No dbt here: the marts are small hand-made tables in a temporary DuckDB file, and every expected
number is summed in Python from the rows written below. The end-to-end check on real marts (and
against `mf query`) is in test_semantic_layer.py.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "reports" / "render_report.py"

# (slug, day, total_price) and (slug, day, spend): acme and globex share days, so a report that read
# the other tenant's rows would show other sums; acme has a day with spend and no order (11-03) and
# a day with orders and no spend (11-04); initech has orders only.
ORDERS = [("acme", "2026-11-01 09:15:00", "120.50"), ("acme", "2026-11-01 23:59:59", "79.50"),
          ("acme", "2026-11-02 00:00:00", "310.00"), ("acme", "2026-11-04 12:00:00", "42.42"),
          ("globex", "2026-11-01 10:00:00", "9999.99"), ("globex", "2026-11-02 10:00:00", "5000.00"),
          ("initech", "2026-11-05 08:00:00", "64.00")]
# a test order and a cancelled order of acme: flagged in fct_orders, never revenue (gata_mart_semantics.csv)
FLAGGED = [("acme", "2026-11-01 12:00:00", "1000.00", True, False), ("acme", "2026-11-02 12:00:00", "2000.00", False, True)]
SPEND = [("acme", "2026-11-01", "campaign_a", "50.00"), ("acme", "2026-11-01", "campaign_b", "25.00"),
         ("acme", "2026-11-02", "campaign_a", "100.00"), ("acme", "2026-11-03", "campaign_a", "30.00"),
         ("globex", "2026-11-01", "campaign_a", "777.77")]


def load_module():
    spec = importlib.util.spec_from_file_location("render_report", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("report") / "warehouse.duckdb"
    con = duckdb.connect(str(db))
    for slug in ("acme", "globex", "initech"):
        con.execute(f"create schema {slug}_marts")
        con.execute(f"create table {slug}_marts.fct_orders (tenant_slug varchar, order_id bigint, ordered_at timestamp, "
                    "total_price decimal(18,2), net_revenue decimal(18,2), is_test boolean, is_cancelled boolean)")
        for i, (s, at, price, *flags) in enumerate(ORDERS + FLAGGED):
            if s == slug:  # no tax nor refunds here: net revenue = total_price
                con.execute(f"insert into {slug}_marts.fct_orders values (?, ?, ?, ?, ?, ?, ?)",
                            [slug, i, at, price, price, *(flags or [False, False])])
    for slug in ("acme", "globex"):  # initech has no ads connector: no ads marts
        con.execute(f"create table {slug}_marts.fct_ad_performance (tenant_slug varchar, date_day date, ad_platform varchar, "
                    "campaign_id varchar, spend decimal(38,2))")
        for s, day, campaign, spend in SPEND:
            if s == slug:
                con.execute(f"insert into {slug}_marts.fct_ad_performance values (?, ?, 'facebook', ?, ?)",
                            [slug, day, campaign, spend])
    con.close()
    return db


@pytest.fixture(scope="module")
def pages(warehouse, tmp_path_factory) -> dict[str, str]:
    mod = load_module()
    out = tmp_path_factory.mktemp("pages")
    for slug in ("acme", "initech"):
        assert mod.main(["--tenant", slug, "--database", str(warehouse), "--out", str(out / f"{slug}.html")]) == 0
    return {slug: (out / f"{slug}.html").read_text() for slug in ("acme", "initech")}


def expected(slug: str) -> tuple[dict, dict]:
    revenue, spend = {}, {}
    for s, at, price in ORDERS:
        if s == slug:
            day = at[:10]
            revenue[day] = revenue.get(day, Decimal(0)) + Decimal(price)
    for s, day, _, amount in SPEND:
        if s == slug:
            spend[day] = spend.get(day, Decimal(0)) + Decimal(amount)
    return revenue, spend


def points(page: str, series: str) -> dict[str, str]:
    got = re.findall(rf'<circle class="pt" data-series="{series}" data-day="([0-9-]+)" data-value="([0-9.]+)"', page)
    assert len(got) == len({d for d, _ in got}), f"{series}: two points on one day"
    return dict(got)


def total(page: str, metric: str) -> str:
    return re.search(rf'data-metric="{metric}" data-value="([0-9.]*)"', page).group(1)


def test_numbers_equal_sums_of_the_mart_rows(pages):
    page = pages["acme"]
    revenue, spend = expected("acme")
    days = sorted(set(revenue) | set(spend))
    assert days == ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"]
    assert total(page, "net_revenue") == f"{sum(revenue.values()):.2f}" == "552.42"
    assert total(page, "ad_spend") == f"{sum(spend.values()):.2f}" == "205.00"
    assert total(page, "roas") == f"{Decimal('552.42') / Decimal('205.00'):.4f}"
    # one point per day and series; a day without orders is 0 revenue, without spend 0 spend
    assert points(page, "net_revenue") == {d: f"{revenue.get(d, Decimal(0)):.2f}" for d in days}
    assert points(page, "ad_spend") == {d: f"{spend.get(d, Decimal(0)):.2f}" for d in days}
    # ROAS only where there was spend (11-04 had none: no point, a dash in the table)
    assert points(page, "roas") == {d: f"{revenue.get(d, Decimal(0)) / spend[d]:.4f}" for d in days if d in spend}
    assert re.search(r'<tr data-day="2026-11-04"><td>2026-11-04</td><td>42.42</td><td>0.00</td><td>—</td></tr>', page)
    # globex's rows on the same days never reach acme's page
    assert "9999.99" not in page and "777.77" not in page and "9,999.99" not in page


def test_page_is_self_contained_svg_html(pages):
    page = pages["acme"]
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert page.count("<svg ") == 2 and page.count("</svg>") == 2
    assert not re.search(r"<script|<link|src=|href=|https?://(?!www\.w3\.org/2000/svg)", page), "page loads something"
    # each series' line passes through its own points, in day order
    for series in ("net_revenue", "ad_spend"):
        circles = re.findall(rf'data-series="{series}" data-day="[0-9-]+" data-value="[0-9.]+" '
                             r'cx="([0-9.]+)" cy="([0-9.]+)"', page)
        line = re.search(r'<polyline fill="none" stroke="([^"]+)" stroke-width="2" points="([^"]+)"/>\n'
                         rf'<circle class="pt" data-series="{series}"', page)
        assert line and line.group(2).split() == [f"{x},{y}" for x, y in circles], series
        xs = [float(x) for x, _ in circles]
        assert xs == sorted(xs) and len(xs) == 4


def test_tenant_without_ads_gets_revenue_only(pages):
    page = pages["initech"]
    assert points(page, "net_revenue") == {"2026-11-05": "64.00"}
    assert points(page, "ad_spend") == {} and points(page, "roas") == {}
    assert total(page, "net_revenue") == "64.00" and total(page, "ad_spend") == "" and total(page, "roas") == ""
    assert "No ad spend: tenant initech has no mart for it, so no ROAS either." in page
    assert page.count("<svg ") == 1


def test_same_warehouse_same_bytes(warehouse, pages, tmp_path):
    mod = load_module()
    again = tmp_path / "acme.html"
    assert mod.main(["--tenant", "acme", "--database", str(warehouse), "--out", str(again)]) == 0
    assert hashlib.sha256(again.read_bytes()).hexdigest() == hashlib.sha256(pages["acme"].encode()).hexdigest()


@pytest.mark.parametrize("slug, message", [
    ("acme;drop table x", "report: invalid tenant slug 'acme;drop table x'"),
    ("acme\n", "report: invalid tenant slug 'acme\\n'"),
    ("Acme", "report: invalid tenant slug 'Acme'"),
    ("acme__x", "report: invalid tenant slug 'acme__x'"),
    ("nobody", "report: tenant 'nobody': schema nobody_marts has no marts in "),
])
def test_bad_tenant_is_refused_and_nothing_written(warehouse, tmp_path, capsys, slug, message):
    mod = load_module()
    out = tmp_path / "page.html"
    assert mod.main(["--tenant", slug, "--database", str(warehouse), "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_missing_warehouse_is_refused_and_not_created(tmp_path):
    db = tmp_path / "none.duckdb"
    proc = subprocess.run([sys.executable, str(SCRIPT), "--tenant", "acme", "--database", str(db),
                           "--out", str(tmp_path / "page.html")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert f"report: tenant 'acme': no warehouse at {db}" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not db.exists() and not (tmp_path / "page.html").exists()


def test_day_bounds_follow_the_time_dimension(warehouse):
    """23:59:59 belongs to its own day, 00:00:00 to the next (cast to date, as metric_time__day)."""
    mod = load_module()
    data = mod.collect(warehouse, "acme")
    rows = {r["day"]: r for r in data["rows"]}
    assert rows[dt.date(2026, 11, 1)]["net_revenue"] == Decimal("200.00")
    assert rows[dt.date(2026, 11, 2)]["net_revenue"] == Decimal("310.00")
