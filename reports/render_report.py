#!/usr/bin/env python3
"""A tenant's daily net revenue against ad spend, and ROAS, as one self-contained HTML page.

    .venv/bin/python reports/render_report.py --tenant acme        # -> target/reports/acme.html
    .venv/bin/python reports/render_report.py --tenant acme --out acme.html --database other.duckdb

Reads the tenant's marts (`<slug>_marts`, built by `dbt build --select tenant:<slug>`) read-only.
The metrics are the semantic layer's own definitions (seeds/registry/gata_metrics.csv and
gata_mart_semantics.csv: the measure's expression, aggregation and time dimension), so the page
shows what `mf query --metrics <slug>_net_revenue,<slug>_ad_spend,<slug>_roas --group-by
metric_time__day` returns. The charts are inline SVG written here: no dependency beyond duckdb.
The same warehouse gives the same bytes.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import os
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import gata_manifest  # noqa: E402  (the one slug rule)

REGISTRY = ROOT / "seeds" / "registry"
REVENUE, SPEND, ROAS = "net_revenue", "ad_spend", "roas"
# SQL of each aggregation a registry measure may use (gata_mart_semantics.csv, type of a measure)
AGGREGATES = {"sum": "sum({})", "count": "count({})", "count_distinct": "count(distinct {})",
              "min": "min({})", "max": "max({})", "average": "avg({})"}


class ReportError(Exception):
    """A problem the user can fix; printed without a traceback (exit 2)."""


def read_csv(name: str) -> list[dict]:
    with (REGISTRY / f"{name}.csv").open(newline="") as f:
        return list(csv.DictReader(f))


def metric_parts(metric: str) -> dict:
    """A registry metric as {'simple': {mart, expr, agg, time}} or {'ratio': (numerator, denominator)}."""
    metrics = {m["metric"]: m for m in read_csv("gata_metrics")}
    m = metrics[metric]
    if m["type"] == "ratio":
        return {"ratio": (m["numerator"], m["denominator"])}
    semantics = read_csv("gata_mart_semantics")
    measure = next(r for r in semantics if r["kind"] == "measure" and r["name"] == m["measure"])
    time = next(r for r in semantics if r["mart"] == measure["mart"] and r["kind"] == "dimension" and r["type"] == "time")
    return {"simple": {"mart": measure["mart"], "expr": measure["expr"], "agg": measure["type"], "time": time["expr"]}}


def daily_values(con, slug: str, metric: str, marts: set[str]) -> dict[dt.date, Decimal] | None:
    """{day: value} of a simple metric (None when the tenant lacks its mart)."""
    p = metric_parts(metric)["simple"]
    if p["mart"] not in marts:
        return None
    # the slug is validated (full match) and the mart and expressions come from the registry
    rows = con.execute(
        f"select cast({p['time']} as date) as day, {AGGREGATES[p['agg']].format(p['expr'])} as value "
        f'from "{slug}_marts"."{p["mart"]}" group by 1 having day is not null order by 1').fetchall()
    return {day: Decimal(value or 0) for day, value in rows}


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    return None if numerator is None or not denominator else numerator / denominator


def collect(database: Path, slug: str) -> dict:
    """Everything the page shows, from the warehouse."""
    import duckdb

    if not gata_manifest.is_valid_slug(slug):
        raise ReportError(f"report: invalid tenant slug {slug!r} ({gata_manifest.SLUG_RULE})")
    if not database.is_file():
        raise ReportError(f"report: tenant '{slug}': no warehouse at {database} (load and build first, or pass --database)")
    try:
        con = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as exc:
        raise ReportError(f"report: tenant '{slug}': cannot open {database}: {exc}") from exc
    try:
        marts = {r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_catalog = current_database() "
            "and table_schema = ?", [f"{slug}_marts"]).fetchall()}
        if not marts:
            raise ReportError(f"report: tenant '{slug}': schema {slug}_marts has no marts in {database} "
                              f"(onboard and build it: dbt build --select tenant:{slug})")
        # ROAS is a ratio of two metrics (gata_metrics.csv): computed per day from their values, as MetricFlow does
        numerator, denominator = metric_parts(ROAS)["ratio"]
        series = {REVENUE: daily_values(con, slug, REVENUE, marts), SPEND: daily_values(con, slug, SPEND, marts),
                  numerator: daily_values(con, slug, numerator, marts),
                  denominator: daily_values(con, slug, denominator, marts)}
    finally:
        con.close()
    available = {k: v for k, v in series.items() if v is not None}
    days = sorted({d for values in available.values() for d in values})
    if not available:
        raise ReportError(f"report: tenant '{slug}': neither orders nor ad delivery in {slug}_marts")
    rows = []
    for day in days:
        row = {"day": day}
        for name, values in series.items():
            row[name] = None if values is None else values.get(day, Decimal(0))
        row[ROAS] = ratio(row[numerator], row[denominator])
        rows.append(row)
    totals = {name: (None if values is None else sum(values.values(), Decimal(0))) for name, values in series.items()}
    totals[ROAS] = ratio(totals[numerator], totals[denominator])
    return {"slug": slug, "rows": rows, "totals": totals, "has": {k: series[k] is not None for k in series}}


# ---------------------------------------------------------------- rendering

def money(v: Decimal | None) -> str:
    return "—" if v is None else f"{v:,.2f}"


def plain(v: Decimal | None, places: int = 2) -> str:
    """A value as the data attributes carry it: fixed point, no grouping."""
    return "" if v is None else f"{v:.{places}f}"


def nice_max(v: float) -> float:
    """The smallest 1/2/2.5/5 × 10^k at or above v (axis top)."""
    if v <= 0:
        return 1.0
    k = 10 ** (len(str(int(v))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if step * k >= v:
            return step * k
    return 10 * k


def svg_chart(chart_id: str, title: str, days: list[dt.date], series: list[tuple[str, str, str, list]],
              fmt) -> str:
    """A line chart: one <circle> per day and series (data-series, data-day, data-value); None = no point."""
    width, height, left, right, top, bottom = 760, 260, 70, 20, 30, 40
    values = [float(v) for _, _, _, vs in series for v in vs if v is not None]
    top_value = nice_max(max(values) if values else 0)
    n = len(days)

    def x(i: int) -> float:
        return left + (width - left - right) * (i / (n - 1) if n > 1 else 0.5)

    def y(v: float) -> float:
        return top + (height - top - bottom) * (1 - v / top_value)

    out = [(f'<svg id="{chart_id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" aria-label="{html.escape(title)}">'),
           f'<text x="{left}" y="18" class="title">{html.escape(title)}</text>']
    for t in range(5):
        v = top_value * t / 4
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="grid"/>'
                   f'<text x="{left - 6}" y="{y(v) + 4:.1f}" class="tick" text-anchor="end">{fmt(Decimal(str(v)))}</text>')
    for i, day in enumerate(days):
        if n <= 16 or i % ((n + 15) // 16) == 0:
            out.append(f'<text x="{x(i):.1f}" y="{height - bottom + 16}" class="tick" text-anchor="middle">{day:%m-%d}</text>')
    for name, label, color, vs in series:
        points = [(x(i), y(float(v))) for i, v in enumerate(vs) if v is not None]
        if len(points) > 1:
            out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="'
                       + " ".join(f"{px:.1f},{py:.1f}" for px, py in points) + '"/>')
        for i, v in enumerate(vs):
            if v is None:
                continue
            out.append(f'<circle class="pt" data-series="{name}" data-day="{days[i].isoformat()}" '
                       f'data-value="{plain(v, 4 if name == ROAS else 2)}" cx="{x(i):.1f}" cy="{y(float(v)):.1f}" r="3" '
                       f'fill="{color}"><title>{days[i].isoformat()}: {html.escape(label)} {fmt(v)}</title></circle>')
    legend_x = left
    for _, label, color, _ in series:
        out.append(f'<rect x="{legend_x}" y="{height - 14}" width="10" height="10" fill="{color}"/>'
                   f'<text x="{legend_x + 14}" y="{height - 5}" class="tick">{html.escape(label)}</text>')
        legend_x += 20 + 8 * len(label)
    out.append("</svg>")
    return "\n".join(out)


def render(data: dict) -> str:
    slug, rows, totals, has = data["slug"], data["rows"], data["totals"], data["has"]
    metrics = {m["metric"]: m for m in read_csv("gata_metrics")}
    days = [r["day"] for r in rows]
    money_series = [(name, metrics[name]["label"], color, [r[name] for r in rows])
                    for name, color in ((REVENUE, "#1b7837"), (SPEND, "#c51b7d")) if has[name]]
    roas_fmt = lambda v: f"{v:.2f}"
    charts = [svg_chart("money", f"{slug}: daily {' vs '.join(s[1].lower() for s in money_series)}", days, money_series, money)]
    if has[REVENUE] and has[SPEND]:
        charts.append(svg_chart("roas", f"{slug}: daily {metrics[ROAS]['label'].lower()} (ROAS)", days,
                                [(ROAS, "ROAS", "#2166ac", [r[ROAS] for r in rows])], roas_fmt))
    missing = [metrics[n]["label"].lower() for n in (REVENUE, SPEND) if not has[n]]
    note = (f"<p class=\"note\">No {' and no '.join(missing)}: tenant {slug} has no mart for it, so no ROAS either.</p>"
            if missing else "")
    head = "".join(f"<th>{html.escape(metrics[n]['label'])}</th>" for n in (REVENUE, SPEND, ROAS))
    body = "\n".join(
        f'<tr data-day="{r["day"].isoformat()}"><td>{r["day"].isoformat()}</td><td>{money(r[REVENUE])}</td>'
        f'<td>{money(r[SPEND])}</td><td>{"—" if r[ROAS] is None else roas_fmt(r[ROAS])}</td></tr>' for r in rows)
    total_cells = "".join(
        f'<td class="total" data-metric="{n}" data-value="{plain(totals[n], 4 if n == ROAS else 2)}">'
        f'{("—" if totals[n] is None else roas_fmt(totals[n])) if n == ROAS else money(totals[n])}</td>'
        for n in (REVENUE, SPEND, ROAS))
    definitions = "\n".join(f"<li><b>{html.escape(metrics[n]['label'])}</b> (<code>{slug}_{n}</code>): "
                            f"{html.escape(metrics[n]['description'])}</li>" for n in (REVENUE, SPEND, ROAS))
    span = f"{days[0].isoformat()} to {days[-1].isoformat()}, {len(days)} day(s)" if days else "no days"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{slug}: net revenue, ad spend and ROAS</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #222; }}
table {{ border-collapse: collapse; margin: 1rem 0; }}
td, th {{ padding: 0.2rem 0.8rem; text-align: right; border-bottom: 1px solid #ddd; }}
svg {{ display: block; margin: 1rem 0; }}
svg .title {{ font-size: 14px; font-weight: 600; }}
svg .tick {{ font-size: 11px; fill: #555; }}
svg .grid {{ stroke: #e5e5e5; }}
.note {{ color: #8a4b00; }}
</style>
</head>
<body>
<h1>{slug}: net revenue, ad spend and ROAS</h1>
<p>Daily, from the marts in schema <code>{slug}_marts</code> ({span}). Totals:</p>
<table id="totals"><tr>{head}</tr><tr>{total_cells}</tr></table>
{note}
{chr(10).join(charts)}
<table id="daily"><tr><th>Day</th>{head}</tr>
{body}
</table>
<ul>
{definitions}
</ul>
</body>
</html>
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tenant", required=True, help="tenant slug")
    ap.add_argument("--database", type=Path, default=Path(os.environ.get("GATA_DUCKDB_PATH") or ROOT / "gata.duckdb"))
    ap.add_argument("--out", type=Path, help="output file (default: target/reports/<slug>.html)")
    args = ap.parse_args(argv)
    try:
        page = render(collect(args.database, args.tenant))
    except ReportError as exc:
        print(exc, file=sys.stderr)
        return 2
    out = args.out or ROOT / "target" / "reports" / f"{args.tenant}.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    print(f"report: tenant '{args.tenant}': wrote {out} ({len(page.encode())} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
