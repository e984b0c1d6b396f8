"""End to end: tenants.yaml → dlt ingestion → onboard_tenant → dbt build → marts.

Runs on a private copy of the project (so generated files never touch the real tree) and a
temporary DuckDB file. Expected values are computed straight from the raw tables that dlt
loaded, never from the models under test.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
IGNORE = shutil.ignore_patterns(".venv", "target", "dbt_packages", "logs", "*.duckdb*", ".dlt_pipelines",
                                "__pycache__", ".pytest_cache", ".git", "integration_tests")


class Project:
    def __init__(self, root: Path, db: Path):
        self.root, self.db = root, db
        self.env = dict(os.environ, GATA_DUCKDB_PATH=str(db), DBT_SEND_ANONYMOUS_USAGE_STATS="false",
                        DO_NOT_TRACK="1", RUNTIME__DLTHUB_TELEMETRY="false")
        self.manifest = yaml.safe_load((root / "tenants.yaml").read_text())
        self.tenants = [t["slug"] for t in self.manifest["tenants"] if t.get("status", "active") == "active"]

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run(list(args), cwd=self.root, env=self.env, capture_output=True, text=True)
        if check and proc.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-6000:]}\n{proc.stderr[-6000:]}")
        return proc

    def dbt(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return self.run(str(BIN / "dbt"), *args, check=check)

    def ingest(self, *args: str) -> subprocess.CompletedProcess:
        return self.run(str(BIN / "python"), "ingestion/load.py", "--database", str(self.db), *args)

    def sql(self, query: str):
        with duckdb.connect(str(self.db), read_only=True) as con:
            return con.execute(query).fetchall()

    def scalar(self, query: str):
        return self.sql(query)[0][0]

    def sources(self, slug: str) -> dict:
        t = next(t for t in self.manifest["tenants"] if t["slug"] == slug)
        return {c: s for c, s in t["sources"].items() if s.get("enabled", True)}

    def table_counts(self, schemas_like: str) -> dict[str, int]:
        tables = self.sql(
            "select table_schema, table_name from information_schema.tables "
            f"where table_schema like '{schemas_like}' and table_type = 'BASE TABLE' order by all")
        return {f"{s}.{t}": self.scalar(f'select count(*) from "{s}"."{t}"') for s, t in tables}


def tree_digest(root: Path) -> dict[str, str]:
    out = {}
    for sub in ("models", "seeds", "macros", "scopes"):
        for p in sorted((root / sub).rglob("*")):
            if p.is_file() and not {"target", "logs"} & set(p.relative_to(root).parts):  # a scope's own dbt output
                out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    base = tmp_path_factory.mktemp("e2e")
    root = base / "gata"
    shutil.copytree(ROOT, root, ignore=IGNORE)
    # dbt unit tests of the engines on the demo tenant acme's shells: they live with the tests (a real
    # project may have no acme) and join the copy's models so that `dbt build` runs them
    shutil.copytree(Path(__file__).parent / "dbt_unit_tests", root / "models" / "_unit_tests")
    p = Project(root, base / "warehouse.duckdb")
    p.ingest()  # every tenant, one process
    p.onboard_log = p.dbt("run-operation", "onboard_tenants").stdout  # every active tenant, one dbt invocation
    p.first_build = p.dbt("build").stdout
    return p


def test_demo_tenants_have_non_empty_marts(project):
    for slug in project.tenants:
        counts = project.table_counts(f"{slug}_marts")
        assert counts, f"{slug}: no marts"
        assert all(n > 0 for n in counts.values()), (slug, counts)


def test_orders_and_revenue_reconcile_with_raw(project):
    checked = 0
    for slug in project.tenants:
        if "shopify" not in project.sources(slug):
            continue
        raw = f"raw_{slug}_shopify"
        want_n, want_rev = project.sql(
            f"select count(distinct id), sum(cast(total_price as decimal(18,2))) from {raw}.orders")[0]
        got_n, got_rev = project.sql(
            f"select count(*), sum(total_price) from {slug}_marts.fct_orders")[0]
        assert (got_n, got_rev) == (want_n, want_rev), slug
        want_lines = project.scalar(f"select count(*) from {raw}.orders__line_items")
        assert project.scalar(f"select sum(line_count) from {slug}_marts.fct_orders") == want_lines, slug
        checked += 1
    assert checked >= 2


def test_ad_spend_reconciles_with_raw(project):
    checked = 0
    for slug in project.tenants:
        if "facebook_ads" not in project.sources(slug):
            continue
        raw = f"raw_{slug}_facebook_ads"
        want = project.sql(
            f"select sum(cast(spend as decimal(18,2))), sum(cast(impressions as bigint)), "
            f"sum(cast(clicks as bigint)) from {raw}.insights")[0]
        got = project.sql(f"select sum(spend), sum(impressions), sum(clicks) from {slug}_marts.fct_ad_performance")[0]
        assert got == want, slug
        want_conv = project.scalar(
            f"select coalesce(sum(cast(value as bigint)), 0) from {raw}.insights__actions where action_type = 'purchase'")
        assert project.scalar(f"select sum(conversions) from {slug}_marts.fct_ad_performance") == want_conv
        checked += 1
    assert checked >= 1


def test_sessions_reconcile_with_raw_events(project):
    checked = 0
    for slug in project.tenants:
        if "google_analytics" not in project.sources(slug):
            continue
        raw = f"raw_{slug}_google_analytics"
        want = project.scalar(
            f"select count(distinct (e.user_pseudo_id, p.value__int_value)) from {raw}.events e "
            f"join {raw}.events__event_params p on p._dlt_parent_id = e._dlt_id and p.key = 'ga_session_id'")
        assert project.scalar(f"select count(*) from {slug}_marts.fct_sessions") == want, slug
        assert project.scalar(f"select count(*) from {slug}_marts.fct_events") == project.scalar(
            f"select count(*) from {raw}.events"), slug
        checked += 1
    assert checked >= 1


def test_no_tenant_sees_another_tenants_rows(project):
    for slug in project.tenants:
        for table in project.table_counts(f"{slug}_marts"):
            tenants = {r[0] for r in project.sql(f"select distinct tenant_slug from {table}")}
            assert tenants == {slug}, (table, tenants)
    # every vault row carries a known tenant, and each tenant's keys are its own
    for table in project.table_counts("vault"):
        tenants = {r[0] for r in project.sql(f"select distinct tenant_slug from {table}")}
        assert tenants <= set(project.tenants), (table, tenants)


def test_same_business_key_in_two_tenants_gets_two_hash_keys(project):
    # Hash keys include the tenant and the platform: md5 of 'TENANT||PLATFORM||ID' computed here,
    # independently of the engine.
    rows = project.sql("select tenant_slug, source_platform, customer_id, customer_hk from vault.hub_customer")
    assert rows
    for slug, platform, cid, hk in rows:
        assert hk == hashlib.md5(f"{slug.upper()}||{platform.upper()}||{cid}".encode()).digest(), (slug, platform, cid)
    assert len({r[3] for r in rows}) == len({r[:3] for r in rows}) == len(rows)
    # the same customer id under two tenants (the demo generators share id ranges) gets two hash keys
    assert any(len({r[0] for r in rows if r[1:3] == key}) > 1 for key in {r[1:3] for r in rows})


def test_tenant_selector_matches_tag_selector(project):
    def ls(sel):
        proc = project.dbt("ls", "--resource-type", "model", "--output", "name", "--quiet", "--select", sel)
        return set(proc.stdout.split())
    acme = ls("tenant:acme")
    assert acme == ls("tag:tenant:acme")
    assert "acme__fct_orders" in acme and "hub_order" in acme
    assert not any(n.startswith(("globex__", "stg_globex", "src_globex")) for n in acme)


def test_build_runs_the_data_tests_and_unit_tests(project):
    out = project.first_build
    shops = [s for s in project.tenants if "shopify" in project.sources(s)]  # (wayne sells nothing)
    assert len(shops) >= 3
    assert "PASS gata_tenant_scoped_key_hub_customer_customer_hk " in out
    assert "PASS gata_tenant_scoped_key_sat_shopify__orders_order_hk__load_datetime " in out
    for slug in shops:  # the generated report of rows kept out of the vault ran, quietly
        assert f"PASS {slug}__shopify__orders__rows_kept_out_of_vault " in out, slug
    unit = project.dbt("ls", "--resource-type", "unit_test", "--output", "name", "--quiet").stdout.split()
    assert len(unit) >= 4
    for name in unit:
        assert re.search(rf"PASS \w+::{name} ", out), name
    # a tenant's selection brings the tests of its own models and of the shared vault, not another's
    acme = set(project.dbt("ls", "--resource-type", "test", "--output", "name", "--quiet",
                           "--select", "tenant:acme").stdout.split())
    assert {"gata_tenant_scoped_key_hub_customer_customer_hk",
            "gata_tenant_scoped_key_link_order__customer_order__customer_lk", "acme__shopify__orders__rows_kept_out_of_vault"} <= acme
    assert not any(n.startswith(tuple(f"{s}__" for s in project.tenants if s != "acme")) for n in acme)


def test_data_tests_fail_when_their_property_breaks(project, tmp_path):
    """On a copy of the built warehouse: a duplicate hub key, a duplicate satellite row, a hub row
    without key and a link row without tenant each make exactly their test fail, saying why."""
    broken = tmp_path / "broken.duckdb"
    shutil.copy(project.db, broken)
    with duckdb.connect(str(broken)) as con:
        con.execute("insert into vault.hub_customer select * from vault.hub_customer where tenant_slug = 'acme' limit 1")
        con.execute("insert into vault.sat_shopify__orders select * from vault.sat_shopify__orders limit 1")
        con.execute("insert into vault.hub_order select * replace (null as order_hk) from vault.hub_order limit 1")
        con.execute("insert into vault.link_order__customer select * replace (md5('not a key') as order__customer_lk, "
                    "null as tenant_slug) from vault.link_order__customer limit 1")
    target = tmp_path / "target"
    proc = subprocess.run([str(BIN / "dbt"), "test", "--select", "hub_customer", "sat_shopify__orders", "hub_order",
                           "link_order__customer", "--exclude", "test_type:unit",
                           "--target-path", str(target)],
                          cwd=project.root, env=dict(project.env, GATA_DUCKDB_PATH=str(broken)), capture_output=True, text=True)
    assert proc.returncode != 0, proc.stdout[-3000:]
    # data tests only (the on-run-start hook has a result of its own)
    results = {r["unique_id"].split(".")[2]: r["status"] for r in json.loads((target / "run_results.json").read_text())["results"]
               if r["unique_id"].startswith("test.")}
    failed = {name for name, status in results.items() if status != "pass"}
    # a duplicate hub key, a duplicate satellite row, a NULL hub key, a link row without tenant
    assert failed == {"gata_tenant_scoped_key_hub_customer_customer_hk",
                      "gata_tenant_scoped_key_sat_shopify__orders_order_hk__load_datetime",
                      "gata_tenant_scoped_key_hub_order_order_hk",
                      "gata_tenant_scoped_key_link_order__customer_order__customer_lk"}, results


@pytest.mark.parametrize("row, constraint", [
    # another tenant's row (a new order id, so that only tenant isolation is broken, not the grain)
    ("select * replace ((select max(order_id) + 1 from acme_marts.fct_orders) as order_id) from globex_marts.fct_orders limit 1",
     "CHECK constraint"),
    ("select * from acme_marts.fct_orders limit 1", "primary key"),  # the grain twice
    (("select * replace (null as tenant_slug, (select max(order_id) + 1 from acme_marts.fct_orders) as order_id) "
     "from acme_marts.fct_orders limit 1"), "NOT NULL constraint"),
])
def test_marts_refuse_a_row_that_breaks_their_grain_or_tenant_isolation(project, tmp_path, row, constraint):
    """The marts' grain and tenant isolation are table constraints (phase 5's yml): DuckDB refuses a
    breaking row whoever writes it, so a mart build that would produce one fails and the old table stays."""
    broken = tmp_path / "broken.duckdb"
    shutil.copy(project.db, broken)
    with duckdb.connect(str(broken)) as con:
        n = con.execute("select count(*) from acme_marts.fct_orders").fetchone()[0]
        with pytest.raises(duckdb.ConstraintException, match=constraint):
            con.execute(f"insert into acme_marts.fct_orders {row}")
        assert con.execute("select count(*) from acme_marts.fct_orders").fetchone()[0] == n


def test_onboard_tenants_onboards_every_tenant_in_file_order_and_writes_the_committed_shells(project):
    assert [ln.split("onboard_tenants: tenant ")[1].split(":")[1].split()[0]
            for ln in project.onboard_log.splitlines() if "onboard_tenants: tenant " in ln] == project.tenants
    # the copy started from the committed shells: one invocation over every tenant rewrote them unchanged
    ours = {k: v for k, v in tree_digest(project.root).items() if "_unit_tests" not in k}
    assert ours == tree_digest(ROOT)


@pytest.mark.slow  # six onboardings; the committed-bytes test covers onboard_tenants: test --all
def test_onboarding_twice_writes_identical_bytes(project):
    """The fixture onboarded with onboard_tenants; onboard_tenant, tenant by tenant, writes the same bytes."""
    before = tree_digest(project.root)
    for slug in project.tenants:
        project.dbt("run-operation", "onboard_tenant", "--args", f"{{tenant: {slug}}}")
    assert tree_digest(project.root) == before


def vault_digest(project: Project) -> dict[str, str]:
    """md5 over the sorted rows of every vault table (content, not only counts)."""
    tables = [r[0] for r in project.sql("select table_name from information_schema.tables where table_schema = 'vault' "
                                        "and table_type = 'BASE TABLE' order by 1")]
    return {t: project.scalar(f"select md5(coalesce(string_agg(x::varchar, '|' order by x::varchar), '')) from vault.{t} as x")
            for t in tables}


def test_reingesting_the_same_data_and_a_build_killed_midway_change_no_row(project):
    """Every tenant's data loaded again (the same days), then a build SIGKILLed while the shared vault is
    being written, then a build to the end: every vault table holds exactly the rows it held before (content
    digest), every mart its row count, and the build passes. (One scenario: each build of the six demo
    tenants costs a minute.)"""
    before, marts_before = vault_digest(project), project.table_counts("%_marts")
    for slug in project.tenants:
        project.ingest("--tenant", slug)
    proc = subprocess.Popen([str(BIN / "dbt"), "build"], cwd=project.root, env=project.env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if "OK created sql incremental model vault." in line:
            proc.kill()
            break
    proc.wait()
    assert proc.returncode == -9, "".join(seen)[-3000:]
    project.dbt("build")
    assert vault_digest(project) == before
    assert project.table_counts("%_marts") == marts_before


def test_a_new_day_adds_exactly_the_new_rows(project):
    slug = "acme"
    raw = f"raw_{slug}_shopify"
    # customers: every payload field the registry maps (sat_shopify__customers' hashdiff columns)
    gen = project.sources(slug)["shopify"]["generation"]
    new_day = dt.date.fromisoformat(str(gen["start_date"])) + dt.timedelta(days=int(gen["days"]))
    orders_before = {r[0] for r in project.sql(f"select id from {raw}.orders")}
    cust_before = set(project.sql(f"select id, md5(concat_ws('|', email, first_name, last_name, state, default_address__country_code, created_at, updated_at)) from {raw}.customers"))
    vault_before = project.table_counts("vault")
    other_marts_before = project.table_counts("globex_marts")

    project.ingest("--tenant", slug, "--start-date", new_day.isoformat(), "--days", "1")
    project.dbt("build", "--select", f"tenant:{slug}")

    orders_after = {r[0] for r in project.sql(f"select id from {raw}.orders")}
    new_orders = orders_after - orders_before
    assert new_orders, "a new day must bring new orders"
    vault_after = project.table_counts("vault")
    assert vault_after["vault.hub_order"] - vault_before["vault.hub_order"] == len(new_orders)
    cust_after = set(project.sql(f"select id, md5(concat_ws('|', email, first_name, last_name, state, default_address__country_code, created_at, updated_at)) from {raw}.customers"))
    changed_customers = len(cust_after - cust_before)
    assert (vault_after["vault.sat_shopify__customers"] - vault_before["vault.sat_shopify__customers"]
            == changed_customers)
    assert project.scalar(f"select count(*) from {slug}_marts.fct_orders") == len(orders_after)
    # the other tenants were not touched
    assert project.table_counts("globex_marts") == other_marts_before
    assert project.scalar("select count(*) from vault.hub_order where tenant_slug = 'globex'") == project.scalar(
        "select count(distinct id) from raw_globex_shopify.orders")


def test_a_tenant_scope_builds_its_new_day_alone(project):
    """`dbt build --project-dir scopes/acme` (issue 8: a tenant's commands cost what they would cost alone) holds
    acme's models and the vault models acme feeds, loads acme's new day into the shared vault exactly as
    `--select tenant:acme` does, touches no other tenant's rows and records a complete build of acme alone."""
    slug, scope = "acme", "scopes/acme"
    ls_main = set(project.dbt("ls", "--select", f"tenant:{slug}", "--resource-type", "model", "--output", "name",
                              "--quiet").stdout.split())
    ls_scope = set(project.dbt("ls", "--project-dir", scope, "--resource-type", "model", "--output", "name",
                               "--quiet").stdout.split())
    assert ls_scope == ls_main | {"time_spine_daily"}  # the semantic layer's time spine: shared, untagged
    assert not any(n.startswith(("stg_globex", "globex__")) for n in ls_scope)

    raw = f"raw_{slug}_shopify"
    gen = project.sources(slug)["shopify"]["generation"]
    new_day = dt.date.fromisoformat(str(gen["start_date"])) + dt.timedelta(days=int(gen["days"]) + 1)
    orders_before = {r[0] for r in project.sql(f"select id from {raw}.orders")}
    vault_tables = [t.split(".")[1] for t in project.table_counts("vault")]
    vault_before = {t: project.scalar(f"select count(*) from vault.{t} where tenant_slug <> '{slug}'")
                    for t in vault_tables}
    others_before = {t: project.table_counts(f"{t}_marts") for t in project.tenants if t != slug}
    hub_before = project.scalar("select count(*) from vault.hub_order")

    project.ingest("--tenant", slug, "--start-date", new_day.isoformat(), "--days", "1")
    out = project.dbt("build", "--project-dir", scope).stdout
    assert "ERROR=0" in out and "SKIP=0" in out, out[-3000:]

    new_orders = {r[0] for r in project.sql(f"select id from {raw}.orders")} - orders_before
    assert new_orders, "a new day must bring new orders"
    assert project.scalar("select count(*) from vault.hub_order") - hub_before == len(new_orders)
    assert project.scalar(f"select count(*) from {slug}_marts.fct_orders") == len(orders_before | new_orders)
    assert {t: project.scalar(f"select count(*) from vault.{t} where tenant_slug <> '{slug}'")
            for t in vault_before} == vault_before
    assert {t: project.table_counts(f"{t}_marts") for t in others_before} == others_before
    last = project.sql("select tenant from gata_meta.tenant_builds where invocation_id = "
                       "(select invocation_id from gata_meta.tenant_builds order by finished_at desc limit 1)")
    assert last == [(slug,)]


def test_a_tenant_scope_refuses_a_scope_that_is_not_a_slug(project):
    proc = project.dbt("ls", "--project-dir", "scopes/acme", "--vars", "{gata_scope: 'Acme!'}", check=False)
    assert proc.returncode != 0
    assert "var gata_scope must be a tenant slug or a list of slugs, got \"Acme!\"" in proc.stdout + proc.stderr


def test_a_tenant_scope_left_behind_by_an_edit_of_dbt_project_yml_is_refused(project):
    """A scope copies the main dbt_project.yml's settings: after an edit there, a scope build stops before any
    model until onboarding writes the scope again."""
    main = project.root / "dbt_project.yml"
    text = main.read_text()
    try:
        main.write_text(text.replace("null_key_optional: \"-2\"", "null_key_optional: \"-3\""))
        proc = project.dbt("build", "--project-dir", "scopes/acme", "--select", "acme__fct_orders", check=False)
        assert proc.returncode != 0
        assert ("scopes/acme/dbt_project.yml is out of date with the main project's dbt_project.yml; nothing was run"
                in proc.stdout), proc.stdout[-3000:]
        assert "START sql" not in proc.stdout
    finally:
        main.write_text(text)
    assert project.dbt("build", "--project-dir", "scopes/acme", "--select", "acme__fct_orders").returncode == 0


def test_a_tenant_scope_checks_only_its_own_vault_rows(project, tmp_path):
    """In acme's scope every staging model is acme's: the shared vault's tests there still check acme's rows
    only, so another tenant's corrupt row does not fail acme's scope, and acme's own does. (The module's dbt
    unit tests ref acme's models, so only acme's scope parses in this copy.)"""
    failing = "gata_tenant_scoped_key_hub_customer_customer_hk"

    def scope_test_with_a_duplicate_of(slug):
        broken = tmp_path / f"{slug}.duckdb"
        shutil.copy(project.db, broken)
        with duckdb.connect(str(broken)) as con:
            con.execute(f"insert into vault.hub_customer select * from vault.hub_customer where tenant_slug = '{slug}' limit 1")
        return subprocess.run([str(BIN / "dbt"), "test", "--project-dir", "scopes/acme", "--select", "hub_customer"],
                              cwd=project.root, env=dict(project.env, GATA_DUCKDB_PATH=str(broken)),
                              capture_output=True, text=True)

    other, own = scope_test_with_a_duplicate_of("globex"), scope_test_with_a_duplicate_of("acme")
    assert other.returncode == 0 and re.search(rf"PASS {failing} ", other.stdout), other.stdout[-3000:]
    assert own.returncode != 0 and re.search(rf"FAIL 1 {failing} ", own.stdout), own.stdout[-3000:]
