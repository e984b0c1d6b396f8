"""ingestion/load.py: raw tables follow the registry, volumes follow tenants.yaml, loads are idempotent,
day-stable, deterministic and tenant-separated. Expectations come from the registry CSVs and the YAML,
never from the generator."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from conftest import ROOT

LOAD = ROOT / "ingestion" / "load.py"
REG = ROOT / "seeds" / "registry"

TINY = """
tenants:
  - slug: alpha
    business_name: Alpha
    status: active
    sources:
      shopify:
        generation: {start_date: "2026-10-01", days: 3, customers: 12, products: 5, orders_per_day: 4}
      facebook_ads:
        generation: {start_date: "2026-10-01", days: 3, campaigns: 2, ad_sets_per_campaign: 1, ads_per_ad_set: 2}
      google_analytics:
        generation: {start_date: "2026-10-01", days: 3, users: 10, sessions_per_day: 5}
  - slug: beta
    business_name: Beta
    status: active
    sources:
      shopify:
        generation: {start_date: "2026-10-01", days: 3, customers: 7, products: 3, orders_per_day: 2}
  - slug: gamma
    business_name: Gamma
    status: paused
    sources:
      shopify: {}
"""


def registry(name: str) -> list[dict]:
    with (REG / f"{name}.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


def run_load(db: Path, *args: str, tenants: Path | None = None, check: bool = True, env: dict | None = None):
    cmd = [sys.executable, str(LOAD), "--database", str(db), "--pipelines-dir", str(db.parent / "pipelines"),
           "--quiet", *args]
    if tenants:
        cmd += ["--tenants-file", str(tenants)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, **(env or {})))
    if check and proc.returncode != 0:
        raise AssertionError(f"load.py failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def raw_tables(con, schema: str) -> list[str]:
    return [t for (t,) in con.execute(
        "select table_name from information_schema.tables where table_schema = ? and table_name not like '\\_dlt%' "
        "escape '\\' order by 1", [schema]).fetchall()]


def columns(con, schema: str, table: str) -> list[str]:
    return [c for (c,) in con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
        "order by column_name", [schema, table]).fetchall()]


def content(con, schema: str, table: str) -> list[str]:
    """Rows without dlt's own columns; child rows carry their parent row (the link) and list index."""
    own = [f"c.{c}" for c in columns(con, schema, table) if not c.startswith("_dlt")]
    sql = f"select {', '.join(own)} from {schema}.{table} c"
    if "__" in table:
        parent = table.rsplit("__", 1)[0]
        own += ["c._dlt_list_idx"] + [f"p.{c}" for c in columns(con, schema, parent) if not c.startswith("_dlt")]
        sql = f"select {', '.join(own)} from {schema}.{table} c join {schema}.{parent} p on c._dlt_parent_id = p._dlt_id"
    return sorted(repr(r) for r in con.execute(sql).fetchall())


def snapshot(db: Path) -> dict[tuple[str, str], list[str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        schemas = [s for (s,) in con.execute(
            "select schema_name from information_schema.schemata where schema_name like 'raw\\_%' escape '\\' "
            "and schema_name not like '%\\_staging' escape '\\'").fetchall()]
        return {(s, t): content(con, s, t) for s in schemas for t in raw_tables(con, s)}
    finally:
        con.close()


def digest(rows: list[str]) -> str:
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tenants") / "tenants.yaml"
    path.write_text(TINY)
    return path


# --------------------------------------------------------------------------------------- demo tenant
def generation(slug: str, connector: str) -> dict:
    tenant = next(t for t in yaml.safe_load((ROOT / "tenants.yaml").read_text())["tenants"] if t["slug"] == slug)
    values = {r["parameter"]: r["default"] for r in registry("gata_generation") if r["connector"] == connector}
    values.update(tenant["sources"][connector].get("generation") or {})
    return {k: (v if k == "start_date" else int(v)) for k, v in values.items()}


def test_demo_tenant_raw_tables_follow_registry_and_tenants_yaml(tmp_path):
    db = tmp_path / "demo.duckdb"
    run_load(db, "--tenant", "acme")
    con = duckdb.connect(str(db), read_only=True)
    # the connectors acme uses (the registry has more than one tenant enables)
    enabled = set(next(t for t in yaml.safe_load((ROOT / "tenants.yaml").read_text())["tenants"]
                       if t["slug"] == "acme")["sources"])
    objects = {(o["connector"], o["object"]): o for o in registry("gata_objects") if o["connector"] in enabled}

    # Every raw column the registry reads exists where dlt put it.
    for f in registry("gata_fields"):
        if f["connector"] not in enabled:
            continue
        obj = objects[(f["connector"], f["object"])]
        schema = f"raw_acme_{f['connector']}"
        if f["source"] == "column":
            want = {(obj["raw_table"], f["expression"])}
        elif f["source"] == "columns":
            want = {(obj["raw_table"], c) for c in f["expression"].split("|")}
        elif f["source"] == "parent":
            want = {(objects[(f["connector"], obj["parent_object"])]["raw_table"], f["expression"])}
        elif f["source"].startswith("child_"):
            want = {(f["child_table"], c) for c in (f["expression"], f["child_key"]) if c}
        else:
            continue
        for table, column in want:
            assert column in columns(con, schema, table), (schema, table, column)
    for o in objects.values():
        cols = columns(con, f"raw_acme_{o['connector']}", o["raw_table"])
        assert set(filter(None, o["merge_key"].split("|"))) <= set(cols), o
        if o["parent_object"]:
            assert {"_dlt_parent_id", "_dlt_list_idx"} <= set(cols), o

    # Volumes from tenants.yaml (registry defaults where a value is not given).
    shop, fb, ga = generation("acme", "shopify"), generation("acme", "facebook_ads"), generation("acme", "google_analytics")
    count = lambda sql: con.execute(sql).fetchone()[0]
    ads = fb["campaigns"] * fb["ad_sets_per_campaign"] * fb["ads_per_ad_set"]
    assert count("select count(*) from raw_acme_shopify.orders") == shop["days"] * shop["orders_per_day"]
    assert count("select count(*) from raw_acme_shopify.customers") == shop["customers"]
    assert count("select count(*) from raw_acme_shopify.products") == shop["products"]
    assert count("select count(*) from raw_acme_facebook_ads.campaigns") == fb["campaigns"]
    assert count("select count(*) from raw_acme_facebook_ads.ad_sets") == fb["campaigns"] * fb["ad_sets_per_campaign"]
    assert count("select count(*) from raw_acme_facebook_ads.ads") == ads
    assert count("select count(*) from raw_acme_facebook_ads.insights") == fb["days"] * ads
    assert count("select count(*) from raw_acme_google_analytics.events where event_name = 'session_start'") \
        == ga["days"] * ga["sessions_per_day"]
    start = dt.date.fromisoformat(str(shop["start_date"]))
    last = start + dt.timedelta(days=shop["days"] - 1)
    assert count("select min(created_at at time zone 'UTC')::date::varchar || max(created_at at time zone 'UTC')"
                 "::date::varchar from raw_acme_shopify.orders") == f"{start}{last}"

    # Merge keys are unique; children all hang off a parent.
    for o in objects.values():
        if o["merge_key"]:
            key = ", ".join(o["merge_key"].split("|"))
            t = f"raw_acme_{o['connector']}.{o['raw_table']}"
            assert count(f"select count(*) from {t}") == count(f"select count(*) from (select distinct {key} from {t})")
    assert count("select count(*) from raw_acme_shopify.orders__line_items l anti join raw_acme_shopify.orders o "
                 "on l._dlt_parent_id = o._dlt_id") == 0

    # Payloads are consistent like the real APIs: money strings add up, ids point at existing rows.
    assert count("""select count(*) from raw_acme_shopify.orders o join (
                      select _dlt_parent_id, sum(price::decimal(18,2) * quantity) s
                      from raw_acme_shopify.orders__line_items group by 1) l on l._dlt_parent_id = o._dlt_id
                    where o.total_line_items_price::decimal(18,2) <> l.s
                       or o.subtotal_price::decimal(18,2) <> l.s - o.total_discounts::decimal(18,2)
                       or o.total_price::decimal(18,2) <> o.subtotal_price::decimal(18,2)
                          + o.total_shipping_price_set__shop_money__amount::decimal(18,2)
                          + case when o.taxes_included then 0 else o.total_tax::decimal(18,2) end
                       or o.current_total_price::decimal(18,2) > o.total_price::decimal(18,2)
                 """) == 0
    assert count("select count(*) from raw_acme_shopify.orders o anti join raw_acme_shopify.customers c "
                 "on o.customer__id = c.id") == 0
    assert count("select count(*) from raw_acme_facebook_ads.insights i anti join raw_acme_facebook_ads.ads a "
                 "on i.ad_id = a.id and i.adset_id = a.adset_id and i.campaign_id = a.campaign_id") == 0
    assert count("select count(*) from raw_acme_facebook_ads.insights__actions where action_type = 'purchase'") \
        == fb["days"] * ads
    assert count("""select count(*) from raw_acme_google_analytics.events e
                    anti join raw_acme_google_analytics.events__event_params p
                      on p._dlt_parent_id = e._dlt_id and p.key = 'value' and p.value__double_value > 0
                    where e.event_name = 'purchase'""") == 0
    assert count("select count(*) from raw_acme_google_analytics.events where strptime(event_date, '%Y%m%d')::date "
                 "<> make_timestamp(event_timestamp)::date") == 0
    # Entities evolve: some customers were updated during the loaded days.
    utc_day = "(updated_at at time zone 'UTC')::date"
    assert count(f"select count(*) from raw_acme_shopify.customers where {utc_day} > '{start}'") > 0
    assert count(f"select count(*) from raw_acme_shopify.customers where updated_at < created_at "
                 f"or {utc_day} > '{last}'") == 0
    con.close()


# --------------------------------------------------------------------------------------- idempotence
@pytest.fixture(scope="module")
def tiny_loaded(tmp_path_factory, tiny):
    """The tiny tenants loaded once (with one hash seed), shared by the tests below."""
    db = tmp_path_factory.mktemp("tiny") / "a.duckdb"
    run_load(db, tenants=tiny, env={"PYTHONHASHSEED": "1"})
    return db, snapshot(db)


def test_rerun_is_a_noop_and_tenants_are_separate(tmp_path, tiny, tiny_loaded):
    src, first = tiny_loaded
    db = tmp_path / "a.duckdb"
    shutil.copy(src, db)
    shutil.copytree(src.parent / "pipelines", db.parent / "pipelines")
    con = duckdb.connect(str(db), read_only=True)
    loads1 = set(con.execute("select _dlt_load_id from raw_alpha_shopify.orders").fetchall())
    con.close()

    # Only active tenants, one dataset per tenant and connector.
    assert {s for s, _ in first} == {"raw_alpha_shopify", "raw_alpha_facebook_ads", "raw_alpha_google_analytics",
                                     "raw_beta_shopify"}
    assert len(first[("raw_alpha_shopify", "orders")]) == 3 * 4
    assert len(first[("raw_beta_shopify", "orders")]) == 3 * 2
    assert len(first[("raw_beta_shopify", "customers")]) == 7
    assert not set(first[("raw_alpha_shopify", "customers")]) & set(first[("raw_beta_shopify", "customers")])

    run_load(db, tenants=tiny)
    second = snapshot(db)
    assert {k: digest(v) for k, v in second.items()} == {k: digest(v) for k, v in first.items()}
    con = duckdb.connect(str(db), read_only=True)
    loads2 = set(con.execute("select _dlt_load_id from raw_alpha_shopify.orders").fetchall())
    con.close()
    assert len(loads2) == 1 and loads2 != loads1


def test_same_data_in_another_process_and_hash_seed(tmp_path, tiny, tiny_loaded):
    db = tmp_path / "x.duckdb"
    run_load(db, "--tenant", "alpha", tenants=tiny, env={"PYTHONHASHSEED": "2"})
    mine = snapshot(db)
    theirs = {k: v for k, v in tiny_loaded[1].items() if k[0].startswith("raw_alpha_")}
    assert len(mine) >= 9 and {k: digest(v) for k, v in mine.items()} == {k: digest(v) for k, v in theirs.items()}


def test_new_day_adds_only_that_day_and_ranges_do_not_matter(tmp_path, tiny, tiny_loaded):
    db = tmp_path / "x.duckdb"
    run_load(db, "--tenant", "alpha", "--days", "2", tenants=tiny)
    two = snapshot(db)
    run_load(db, "--tenant", "alpha", "--start-date", "2026-10-03", "--days", "1", tenants=tiny)
    three = snapshot(db)
    for (schema, table), per_day in {("raw_alpha_shopify", "orders"): 4,
                                     ("raw_alpha_facebook_ads", "insights"): 2 * 1 * 2}.items():
        assert len(three[(schema, table)]) == len(two[(schema, table)]) + per_day
        assert set(two[(schema, table)]) <= set(three[(schema, table)])
    for table in ("customers", "products"):
        assert len(three[("raw_alpha_shopify", table)]) == len(two[("raw_alpha_shopify", table)])
    sessions = lambda snap: sum("'session_start'" in r for r in snap[("raw_alpha_google_analytics", "events")])
    assert sessions(three) == sessions(two) + 5

    # Days 1-2 then day 3 leave the same raw data as days 1-3 in one run.
    whole = {k: v for k, v in tiny_loaded[1].items() if k[0].startswith("raw_alpha_")}
    assert {k: digest(v) for k, v in three.items()} == {k: digest(v) for k, v in whole.items()}


def test_scale_multiplies_volumes_but_not_days(tmp_path, tiny):
    db = tmp_path / "scaled.duckdb"
    run_load(db, "--tenant", "beta", "--scale", "2", tenants=tiny)
    snap = snapshot(db)
    assert len(snap[("raw_beta_shopify", "orders")]) == 3 * (2 * 2)
    assert len(snap[("raw_beta_shopify", "customers")]) == 7 * 2
    assert len(snap[("raw_beta_shopify", "products")]) == 3 * 2


def test_registry_columns_exist_even_when_a_load_has_only_nulls_in_them(tmp_path):
    """GA4 `value__double_value` only carries purchase values; a day without purchases must still
    create it, or the registry's child_max over it breaks staging."""
    tenants = tmp_path / "tenants.yaml"
    tenants.write_text("tenants:\n  - slug: solo2\n    business_name: Solo\n    status: active\n    sources:\n      google_analytics:\n        generation: "
                       "{start_date: '2026-10-01', days: 1, users: 1, sessions_per_day: 1}\n")
    db = tmp_path / "x.duckdb"
    run_load(db, tenants=tenants)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from raw_solo2_google_analytics.events where event_name = 'purchase'"
                       ).fetchone()[0] == 0, "precondition: this tenant's only day has no purchase"
    assert "value__double_value" in columns(con, "raw_solo2_google_analytics", "events__event_params")
    con.close()


# --------------------------------------------------------------------------------------- errors
def test_locked_database_is_a_clear_error(tmp_path, tiny):
    db = tmp_path / "locked.duckdb"
    holder = duckdb.connect(str(db))
    try:
        proc = run_load(db, "--tenant", "beta", tenants=tiny, check=False)
    finally:
        holder.close()
    assert proc.returncode != 0
    assert str(db) in proc.stderr and "locked" in proc.stderr


@pytest.mark.parametrize("edit, needle", [
    (lambda d: d, "tenants.yaml: tenant 'nope': not found (tenants in the file: alpha, beta, gamma)"),
    (lambda d: d["tenants"][1]["sources"].update(hubspot={}), "tenant 'beta': sources.hubspot: unknown connector 'hubspot'"),
    (lambda d: d["tenants"][1]["sources"]["shopify"]["generation"].update(colour=3),
     "tenant 'beta': sources.shopify.generation.colour: unknown parameter 'colour' for connector 'shopify'"),
    (lambda d: d["tenants"][1]["sources"]["shopify"]["generation"].update(customers=0),
     "tenant 'beta': sources.shopify.generation.customers: must be >= 1 (got 0)"),
    (lambda d: d["tenants"].append(dict(d["tenants"][1])), "tenant 'beta': slug: duplicate slug (tenants[1] and tenants[3])"),
    (lambda d: d["tenants"][1].update(slug="Beta"), "tenant 'Beta': slug: 'Beta' is not a valid slug"),
])  # the whole catalogue of manifest problems: tests/trust/test_manifest_validation.py
def test_bad_input_names_the_file_and_changes_nothing(tmp_path, edit, needle):
    doc = yaml.safe_load(TINY)
    edit(doc)
    tenants = tmp_path / "tenants.yaml"
    tenants.write_text(yaml.safe_dump(doc))
    db = tmp_path / "x.duckdb"
    args = ["--tenant", "nope"] if "nope" in needle else ["--tenant", "beta"]
    proc = run_load(db, *args, tenants=tenants, check=False)
    assert proc.returncode == 2, proc.stderr
    assert needle in proc.stderr and str(tenants) in proc.stderr
    assert not db.exists()


def test_spec_must_cover_every_registry_column(tmp_path):
    """A registry column the generator spec does not produce is refused, naming table and column."""
    sys.path.insert(0, str(ROOT / "ingestion"))
    import mockgen

    reg = tmp_path / "registry"
    shutil.copytree(REG, reg)
    with (reg / "gata_fields.csv").open("a", newline="") as fh:
        csv.writer(fh).writerow(["shopify", "orders", "note", "varchar", "column", "note_attributes__name"] + [""] * 5)
    spec = mockgen.load_spec()
    mockgen.check_spec("shopify", spec["shopify"], REG)  # the real registry is covered
    with pytest.raises(mockgen.GenError, match=r"'orders'.*note_attributes__name"):
        mockgen.check_spec("shopify", spec["shopify"], reg)


# --------------------------------------------------------------------------------------- column types
# What dlt made of each mapped raw column before every mapped column was type-hinted (issue 10 item 7):
# the hints must not change any of them. Every other mapped column is VARCHAR.
NOT_TEXT = {
    "TIMESTAMP WITH TIME ZONE": {"customers.created_at", "customers.updated_at", "orders.created_at", "orders.updated_at",
                                 "products.created_at", "products.updated_at", "ad_sets.created_time",
                                 "ad_sets.updated_time", "ads.created_time", "ads.updated_time",
                                 "campaigns.created_time", "campaigns.updated_time", "orders.cancelled_at"},
    "BOOLEAN": {"orders.test", "orders.taxes_included"},
    "BIGINT": {"customers.id", "orders__line_items.id", "orders__line_items.product_id", "orders__line_items.quantity",
               "orders__line_items.variant_id", "orders.customer__id", "orders.id", "products.id",
               "events.event_timestamp", "events__event_params.value__int_value"},
    "DOUBLE": {"events__event_params.value__double_value"},
}


def test_mapped_raw_columns_keep_the_types_dlt_detects(tiny_loaded):
    sys.path.insert(0, str(ROOT / "ingestion"))
    import mockgen

    want = {col: dtype for dtype, cols in NOT_TEXT.items() for col in cols}
    con = duckdb.connect(str(tiny_loaded[0]), read_only=True)
    checked = 0
    for connector in ("shopify", "facebook_ads", "google_analytics"):
        got = {f"{t}.{c}": d for t, c, d in con.execute(
            "select table_name, column_name, data_type from information_schema.columns where table_schema = ?",
            [f"raw_alpha_{connector}"]).fetchall()}
        for table, cols in mockgen.required_columns(connector).items():
            for col in cols:
                assert got[f"{table}.{col}"] == want.get(f"{table}.{col}", "VARCHAR"), (connector, table, col)
                checked += 1
    con.close()
    assert checked == 86  # every column gata_fields / gata_objects read in the three connectors


def test_all_null_mapped_columns_are_created_with_their_types(tmp_path):
    """A first load of guest orders only, with custom line items only: dlt sees no customer__id and
    no product_id value, and must still create both columns (typed), or src_* reads NULL forever."""
    # tests/fixtures/shopify_api_guests/orders.jsonl: two guest orders, each with one custom line item
    tenants = tmp_path / "tenants.yaml"
    tenants.write_text("tenants:\n  - slug: guests\n    business_name: Guests\n    status: active\n    sources:\n"
                       "      shopify:\n        files: tests/fixtures/shopify_api_guests\n"
                       "        objects: [orders, order_line_items]\n")
    db = tmp_path / "x.duckdb"
    run_load(db, tenants=tenants)
    con = duckdb.connect(str(db), read_only=True)
    types = lambda t: dict(con.execute("select column_name, data_type from information_schema.columns where "
                                       "table_schema = 'raw_guests_shopify' and table_name = ?", [t]).fetchall())
    assert types("orders")["customer__id"] == "BIGINT" and types("orders")["email"] == "VARCHAR"
    assert (types("orders__line_items")["product_id"], types("orders__line_items")["variant_id"]) == ("BIGINT", "BIGINT")
    assert con.execute("select count(*), count(customer__id) from raw_guests_shopify.orders").fetchone() == (2, 0)
    con.close()


# --------------------------------------------------------------------------------------- newer wins
TIMELINE = """
tenants:
  - slug: tl
    business_name: Timeline
    status: active
    sources:
      shopify:
        generation: {start_date: "2026-10-01", days: 14, customers: 60, products: 30, orders_per_day: 1}
      facebook_ads:
        generation: {start_date: "2026-10-01", days: 14, campaigns: 8, ad_sets_per_campaign: 2, ads_per_ad_set: 2}
"""
CURSORS = {"customers": ("shopify", "updated_at"), "products": ("shopify", "updated_at"),
           "orders": ("shopify", "updated_at"), "campaigns": ("facebook_ads", "updated_time"),
           "ad_sets": ("facebook_ads", "updated_time"), "ads": ("facebook_ads", "updated_time")}


@pytest.fixture(scope="module")
def reloaded(tmp_path_factory):
    """Days 1-14, then days 3-4 again. Stale = stored versions updated after day 4 (UTC), counted in SQL."""
    work = tmp_path_factory.mktemp("timeline")
    tenants = work / "tenants.yaml"
    tenants.write_text(TIMELINE)
    db = work / "t.duckdb"
    run_load(db, tenants=tenants)
    before = snapshot(db)
    con = duckdb.connect(str(db), read_only=True)
    # an entity re-sent as of day 4 is older than the stored one iff it changed after day 4 (daily
    # orders are re-sent unchanged: never stale)
    stale = {t: 0 if t == "orders" else con.execute(
        f"select count(*) from raw_tl_{c}.{t} where {col} >= timestamptz '2026-10-05 00:00:00+00'").fetchone()[0]
        for t, (c, col) in CURSORS.items()}
    con.close()
    out = run_load(db, "--start-date", "2026-10-03", "--days", "2", tenants=tenants).stdout
    return before, snapshot(db), stale, out


@pytest.mark.parametrize("table", sorted(CURSORS))
def test_reloading_old_days_never_moves_a_record_back_in_time(reloaded, table):
    before, after, stale, out = reloaded
    connector = CURSORS[table][0]
    key = (f"raw_tl_{connector}", table)
    assert digest(after[key]) == digest(before[key]), f"{table}: raw changed after re-loading days 3-4"
    notice = f"tl/{connector}: {table}: skipped {stale[table]} stale record(s) older than the stored version"
    if table == "orders":
        assert f": {table}: skipped" not in out
    else:
        assert stale[table] > 0, f"precondition: some {table} changed after day 4"
        assert notice in out, out
    if table == "orders":   # the reloaded days' line items are still there, once
        assert digest(after[(key[0], "orders__line_items")]) == digest(before[(key[0], "orders__line_items")])


def test_newer_wins_parses_offsets_and_keeps_records_without_a_time():
    sys.path.insert(0, str(ROOT / "ingestion"))
    import newer_wins

    # the same instant written three ways, and one microsecond later
    same = ["2026-10-01T10:00:00-05:00", "2026-10-01T15:00:00Z", "2026-10-01T15:00:00+0000"]
    assert {newer_wins.moment_us(v) for v in same} == {1790866800 * 1_000_000}
    rows = [{"id": 1, "u": same[0]}, {"id": 2, "u": "2026-10-01T15:00:00.000001+00:00"}, {"id": 3, "u": None},
            {"id": 4, "u": "2026-10-01T09:59:59-05:00"}, {"id": 5, "u": same[2]}]
    stored = {("1",): 1790866800 * 1_000_000, ("2",): 1790866800 * 1_000_000, ("3",): 1790866800 * 1_000_000,
              ("4",): 1790866800 * 1_000_000}
    kept, n = newer_wins.drop_stale(rows, newer_wins.incoming_moments(rows, "u", "here"), ["id"], stored)
    assert [r["id"] for r in kept] == [1, 2, 3, 5] and n == 1
