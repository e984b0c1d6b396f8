"""Docs from the registry and mart contracts (issue 9): one onboarded, built and documented copy of the
project (tenant acme, every connector, a few days of mock data) and many cheap checks on its outputs.

Expected values come from the registry CSVs and models/docs.md read here with `csv` and a regex,
never from the macros under test; the build's column types from DuckDB's information_schema.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))
sys.path.insert(0, str(TESTS / "onboarding"))
from conftest import BIN, ROOT, run_dbt  # noqa: E402  (tests/conftest.py)
from onboarding_helpers import copy_project, tree_hashes  # noqa: E402

SLUG = "acme"


def registry(project: Path, name: str) -> list[dict]:
    with (project / "seeds" / "registry" / f"{name}.csv").open(newline="") as f:
        return list(csv.DictReader(f))


def write_registry(project: Path, name: str, rows: list[dict]) -> None:
    with (project / "seeds" / "registry" / f"{name}.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def docs_blocks() -> dict[str, str]:
    """{name: text} of models/docs.md, as dbt strips it."""
    text = (ROOT / "models" / "docs.md").read_text()
    return {m[0]: m[1].strip() for m in re.findall(r"{% docs (\w+) %}(.*?){% enddocs %}", text, re.DOTALL)}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("docs_contracts")
    project, db = copy_project(base / "gata"), base / "warehouse.duckdb"
    manifest = yaml.safe_load((ROOT / "tenants.yaml").read_text())
    (project / "tenants.yaml").write_text(yaml.safe_dump(
        {"tenants": [t for t in manifest["tenants"] if t["slug"] == SLUG]}, sort_keys=False))
    load = [str(BIN / "python"), "ingestion/load.py", "--tenant", SLUG, "--days", "3", "--scale", "0.2",
            "--database", str(db), "--quiet"]
    proc = subprocess.run(load, cwd=project, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    run_dbt(["run-operation", "onboard_tenant", "--args", f"{{tenant: {SLUG}}}"], db, cwd=project)
    # `run`, not `build`: the contracts are enforced when a mart is created; the data tests live elsewhere
    # (it writes target/manifest.json; the catalog `dbt docs generate` would add is information_schema, read below)
    run_dbt(["run", "--select", f"tag:tenant:{SLUG}", "time_spine_daily"], db, cwd=project)
    with duckdb.connect(str(db), read_only=True) as con:
        columns = con.execute(
            "select table_schema, table_name, column_name, data_type from information_schema.columns "
            "order by table_schema, table_name, ordinal_position").fetchall()
    catalog: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for schema, table, column, data_type in columns:
        catalog.setdefault((schema, table), []).append((column, data_type))
    return {"project": project, "db": db, "catalog": catalog,
            "manifest": json.loads((project / "target" / "manifest.json").read_text())}


# acme sets no tenants.yaml `marts:` options: a column named after one is one column per default value
OPTION_DEFAULTS = {"funnel_steps": ["session_start", "page_view", "add_to_cart", "purchase"]}


def contract(project: Path) -> dict[str, list[tuple[str, str, str]]]:
    out: dict[str, list] = {}
    for r in registry(project, "gata_mart_columns"):
        placeholder = re.search(r"[{](\w+)[}]", r["column"])
        for value in OPTION_DEFAULTS[placeholder.group(1)] if placeholder else [None]:
            name, description = r["column"], r["description"]
            if value is not None:
                name, description = name.replace(placeholder.group(0), value), description.replace(placeholder.group(0), value)
            out.setdefault(r["mart"], []).append((name, r["data_type"], description))
    return out


def norm_type(t: str) -> str:
    return re.sub(r"\s+", "", t).upper()


def models(manifest: dict) -> list[dict]:
    return [n for n in manifest["nodes"].values() if n["resource_type"] == "model"]


# ------------------------------------------------------------------------------------------ contracts
def slug_marts(project: Path) -> set[str]:
    """The marts of the categories SLUG has a connector of (tenants.yaml of the copy), and the marts of
    category `all` that every tenant gets (fct_marketing_daily)."""
    sources = yaml.safe_load((project / "tenants.yaml").read_text())["tenants"][0]["sources"]
    categories = {c["category"] for c in registry(project, "gata_connectors") if c["connector"] in sources} | {"all"}
    return {m["mart"] for m in registry(project, "gata_marts") if m["category"] in categories}


def test_every_mart_has_a_contract_row_per_output_column_in_order(built):
    want = contract(built["project"])
    assert set(want) == {m["mart"] for m in registry(built["project"], "gata_marts")}
    got = {table: [(c, norm_type(t)) for c, t in cols] for (schema, table), cols in built["catalog"].items()
           if schema == f"{SLUG}_marts"}
    built_marts = slug_marts(built["project"])
    assert set(got) == built_marts and len(built_marts) >= 6  # commerce, ads and analytics marts
    for mart in built_marts:
        assert got[mart] == [(c, norm_type(t)) for c, t, _ in want[mart]], mart


def test_marts_yml_declares_the_enforced_contract_from_the_csv(built):
    doc = yaml.safe_load((built["project"] / f"models/tenants/{SLUG}/_{SLUG}__marts.yml").read_text())
    want = contract(built["project"])
    for m in doc["models"]:
        mart = m["name"].split("__", 1)[1]
        assert m["config"] == {"contract": {"enforced": True}}, m["name"]
        assert [(c["name"], c["data_type"], c["description"]) for c in m["columns"]] == want[mart], m["name"]
    nodes = {n["name"]: n for n in models(built["manifest"])}
    assert {m["name"].split("__", 1)[1] for m in doc["models"]} == slug_marts(built["project"])
    for mart in slug_marts(built["project"]):
        node = nodes[f"{SLUG}__{mart}"]
        assert node["config"]["contract"]["enforced"] is True
        assert node["contract"]["enforced"] is True
    # dbt created each mart from the contract: a typed empty table, then the rows
    run_sql = (built["project"] / f"target/run/gata/models/tenants/{SLUG}/{SLUG}__fct_orders.sql").read_text()
    assert re.search(r"create\s+table\s+\S+\s*\(\s*tenant_slug varchar not null,\s*source_platform varchar,\s*order_id bigint,", run_sql), run_sql[:600]
    # with the grain as primary key and tenant isolation as a check (constraints, no test nodes)
    assert re.search(r"primary key \(source_platform, order_id\)", run_sql, re.IGNORECASE), run_sql[:1500]
    assert re.search(r"check \(tenant_slug = '" + SLUG + r"'\)", run_sql, re.IGNORECASE), run_sql[:1500]


# ------------------------------------------------------------------------------------------------ docs
def test_docs_share_of_models_and_columns_is_at_least_95_percent(built):
    nodes = models(built["manifest"])
    described = [n for n in nodes if n["description"].strip()]
    columns = [c for n in nodes for c in n["columns"].values()]
    described_columns = [c for c in columns if c["description"].strip()]
    sources = list(built["manifest"]["sources"].values())
    source_columns = [c for s in sources for c in s["columns"].values()]
    model_share = len(described) / len(nodes)
    column_share = len(described_columns) / len(columns)
    source_share = sum(1 for c in source_columns if c["description"].strip()) / len(source_columns)
    print(f"\ndocs share: models {len(described)}/{len(nodes)} = {model_share:.1%}; declared model columns "
          f"{len(described_columns)}/{len(columns)} = {column_share:.1%}; source columns {source_share:.1%}")
    assert len(nodes) >= 40 and len(columns) >= 300  # acme's shells, the vault, the marts
    assert model_share >= 0.95, [n["name"] for n in nodes if not n["description"].strip()]
    assert column_share >= 0.95, [(n["name"], k) for n in nodes for k, c in n["columns"].items() if not c["description"].strip()]
    assert source_share >= 0.95
    assert all(s["description"].strip() for s in sources)


def test_declared_columns_exist_in_the_built_relations(built):
    """dbt docs shows the columns declared in yml: every one must exist in the relation (no phantoms)."""
    phantom, checked = [], 0
    for node in models(built["manifest"]) + list(built["manifest"]["sources"].values()):
        relation = (node["schema"], node.get("alias") or node["identifier"])
        assert relation in built["catalog"], f"{node['unique_id']} was not built"
        have = {c.lower() for c, _ in built["catalog"][relation]}
        phantom += [(node["name"], c) for c in node["columns"] if c.lower() not in have]
        checked += len(node["columns"])
    assert checked >= 300 and not phantom, phantom


def test_descriptions_come_from_the_registry(built):
    project = built["project"]
    nodes = {n["name"]: n for n in models(built["manifest"])}
    fields = {(f["connector"], f["object"], f["column"]): f["description"] for f in registry(project, "gata_fields")}
    objects = {(o["connector"], o["object"]): o["description"] for o in registry(project, "gata_objects")}
    entities = {e["entity"]: e["description"] for e in registry(project, "gata_entities")}
    rel = next(r for r in registry(project, "gata_relationships") if (r["object"], r["references"]) == ("orders", "customer"))
    marts = {m["mart"]: m["description"] for m in registry(project, "gata_marts")}
    src, stg = nodes[f"src_{SLUG}__shopify__orders"], nodes[f"stg_{SLUG}__shopify__orders"]
    assert objects[("shopify", "orders")] in src["description"] and objects[("shopify", "orders")] in stg["description"]
    for node in (src, stg):
        assert node["columns"]["total_price"]["description"] == fields[("shopify", "orders", "total_price")]
    assert entities["order"] in nodes["hub_order"]["description"]
    # a hub's business key is shared by every platform: described by the category contract
    category = {(c["category"], c["entity"], c["column"]): c["description"] for c in registry(project, "gata_category_columns")}
    assert nodes["hub_order"]["columns"]["order_id"]["description"] == category[("commerce", "order", "order_id")]
    assert rel["description"] in nodes["link_order__customer"]["description"]
    sat = nodes["sat_shopify__orders"]
    assert objects[("shopify", "orders")] in sat["description"]
    assert sat["columns"]["currency"]["description"] == fields[("shopify", "orders", "currency")]
    assert nodes[f"{SLUG}__fct_orders"]["description"] == marts["fct_orders"]
    source = built["manifest"]["sources"][f"source.gata.raw_{SLUG}_shopify.orders"]
    assert objects[("shopify", "orders")] in source["description"]
    assert source["columns"]["total_price"]["description"] == fields[("shopify", "orders", "total_price")]
    assert source["columns"]["customer__id"]["description"] == fields[("shopify", "orders", "customer_id")]


def test_shared_meanings_come_from_docs_blocks(built):
    blocks = docs_blocks()
    nodes = {n["name"]: n for n in models(built["manifest"])}
    want = {("hub_order", "tenant_slug"): "gata_tenant_slug", ("hub_order", "order_hk"): "gata_hash_key",
            ("link_order__customer", "order__customer_lk"): "gata_link_key",
            ("sat_shopify__orders", "hashdiff"): "gata_hashdiff", ("sat_shopify__orders", "load_datetime"): "gata_load_datetime",
            ("sat_shopify__orders", "effective_from"): "gata_effective_from",
            ("sat_shopify__orders", "record_source"): "gata_record_source",
            (f"src_{SLUG}__shopify__orders", "dlt_load_id"): "gata_dlt_load_id"}
    for (model, column), block in want.items():
        assert nodes[model]["columns"][column]["description"] == blocks[block], (model, column)
    yml = (built["project"] / "models/vault/_vault__models.yml").read_text()
    assert "description: \"{{ doc('gata_tenant_slug') }}\"" in yml


def test_generated_properties_hold_no_jinja_but_doc_references(built):
    """dbt renders descriptions: the only Jinja onboarding writes into a properties file is a doc()
    reference to models/docs.md (registry text holding Jinja is refused: tests/trust/test_onboarding_faults.py)."""
    blocks, refs = docs_blocks(), 0
    for path in (built["project"] / "models").rglob("_*.yml"):
        for line in path.read_text().splitlines():
            if re.search(r"{[{%#]", line):
                m = re.fullmatch(r" *description: \"{{ doc\('(gata_[a-z_]+)'\) }}\"", line)
                assert m and m[1] in blocks, (path.name, line)
                refs += 1
    assert refs > 100


# ------------------------------------------------------------------------ registry checks, one run
def test_broken_mart_registry_is_refused_naming_the_mart(built, tmp_path):
    """A mart without a macro or without contract columns, and contract rows that cannot be a contract:
    onboarding stops before writing anything, one message per problem, each naming the mart.
    (A copy of the built project with its target/: dbt parses only what changed.)"""
    project, db = tmp_path / "gata", built["db"]
    shutil.copytree(built["project"], project)
    marts = registry(project, "gata_marts")
    marts.append({"mart": "fct_refunds", "category": "commerce", "grain": "refund_id", "description": "Refunds"})
    write_registry(project, "gata_marts", marts)
    rows = registry(project, "gata_mart_columns")
    rows = [r for r in rows if r["mart"] != "fct_sessions"]  # a mart with a macro but no contract
    rows.append({"mart": "fct_orders", "column": "units", "data_type": "bigint) as x; drop table y; --", "description": ""})
    rows.append({"mart": "fct_returns", "column": "return_id", "data_type": "bigint", "description": ""})
    write_registry(project, "gata_mart_columns", rows)
    before = tree_hashes(project)
    proc = run_dbt(["run-operation", "onboard_tenant", "--args", f"{{tenant: {SLUG}}}"], db, cwd=project, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    for message in [
        "seeds/registry/gata_marts.csv: mart 'fct_refunds': no mart macro gata.mart_fct_refunds",
        "seeds/registry/gata_mart_columns.csv: mart 'fct_refunds': no contract columns",
        "seeds/registry/gata_mart_columns.csv: mart 'fct_sessions': no contract columns",
        "seeds/registry/gata_mart_columns.csv: mart 'fct_orders': column 'units' is not a lower-case identifier or is listed twice",
        "seeds/registry/gata_mart_columns.csv: mart 'fct_orders': column 'units': data_type 'bigint) as x; drop table y; --' is not a plain type name",
        "seeds/registry/gata_mart_columns.csv: mart 'fct_returns': not in gata_marts.csv",
    ]:
        assert message in out, (message, out[-3000:])
    assert "nothing was written" in out
    assert tree_hashes(project) == before


def test_broken_category_contract_is_refused_naming_connector_object_and_column(built, tmp_path):
    """The category contract (gata_category_columns.csv) is checked when onboarding reads the registry:
    an object lacking a required column, a column typed otherwise than the contract, and contract rows
    that cannot be a contract each stop onboarding with one message, and nothing is written."""
    project, db = tmp_path / "gata", built["db"]
    shutil.copytree(built["project"], project)
    fields = [f for f in registry(project, "gata_fields")
              if (f["connector"], f["object"], f["column"]) != ("shopify", "orders", "currency")]
    for f in fields:
        if (f["connector"], f["object"], f["column"]) == ("facebook_ads", "insights", "spend"):
            f["data_type"] = "bigint"
    write_registry(project, "gata_fields", fields)
    contract = registry(project, "gata_category_columns")
    contract.append({**contract[0], "entity": "refund", "column": "refund_id"})
    contract.append({**contract[0], "column": "spend_usd", "required": "yes"})
    write_registry(project, "gata_category_columns", contract)
    before = tree_hashes(project)
    proc = run_dbt(["run-operation", "onboard_tenant", "--args", f"{{tenant: {SLUG}}}"], db, cwd=project, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    first = contract[0]
    for message in [
        ("seeds/registry/gata_fields.csv: connector 'shopify', object 'orders' (entity order, category commerce): "
         "column 'currency' is required by gata_category_columns.csv but missing"),
        ("seeds/registry/gata_fields.csv: connector 'facebook_ads', object 'insights' (entity ad_insight, category ads): "
         "column 'spend' is bigint; gata_category_columns.csv says decimal(18,2)"),
        f"seeds/registry/gata_category_columns.csv: {first['category']}.refund: unknown entity 'refund' (gata_entities.csv)",
        f"seeds/registry/gata_category_columns.csv: {first['category']}.{first['entity']}.spend_usd: required is 'yes' (true or false)",
    ]:
        assert message in out, (message, out[-3000:])
    assert "nothing was written" in out
    assert tree_hashes(project) == before
