"""One place for names: the dbt macros (macros/platform/registry/names.sql) and their Python twin
(gata_manifest.py, used by ingestion/load.py and the validator) give the same names.

names.sql is rendered with plain Jinja (no dbt start-up): `return()` and `modules.re` are stood in for
as dbt provides them, and `gata.<macro>` resolves to the file's own macros. Expected names are
literals, written from docs/ARCHITECTURE.md ("Names"), not computed by either side.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import gata_manifest  # noqa: E402


class _Return(Exception):
    def __init__(self, value):
        self.value = value


def _raise_return(value):
    raise _Return(value)


@pytest.fixture(scope="module")
def names():
    """The macros of names.sql as Python callables."""
    env = jinja2.Environment(extensions=["jinja2.ext.do"])
    gata = SimpleNamespace()
    env.globals.update({"return": _raise_return, "modules": SimpleNamespace(re=re), "gata": gata})
    module = env.from_string((ROOT / "macros/platform/registry/names.sql").read_text()).module

    def call(macro):
        def run(*args):
            try:
                macro(*args)
            except _Return as r:
                return r.value
            raise AssertionError(f"{macro.name} returned nothing")
        return run

    for name in dir(module):
        if not name.startswith("_"):
            setattr(gata, name, call(getattr(module, name)))
    return gata


SLUGS = ["acme", "globex", "a1", "x_y", "b" * 63,
         # refused: a final newline (re.match with `$` would accept it), too short, too long, `__`,
         # trailing `_`, upper case, leading digit, not a string
         "acme\n", "a", "b" * 64, "ac__me", "acme_", "Acme", "1acme", "", None, 7]


@pytest.mark.parametrize("slug", SLUGS, ids=repr)
def test_slug_rule_agrees(names, slug):
    want = slug in {"acme", "globex", "a1", "x_y", "b" * 63}
    assert names.is_valid_slug(slug) is want
    assert gata_manifest.is_valid_slug(slug) is want


@pytest.mark.parametrize("slug,connector", [("acme", "shopify"), ("globex", "facebook_ads"), ("x_y", "google_analytics")])
def test_schema_names_agree(names, slug, connector):
    assert names.raw_schema_name(slug, connector) == gata_manifest.raw_schema_name(slug, connector) == f"raw_{slug}_{connector}"
    assert names.staging_schema_name(slug) == gata_manifest.staging_schema_name(slug) == f"{slug}_staging"
    assert names.marts_schema_name(slug) == gata_manifest.marts_schema_name(slug) == f"{slug}_marts"


def test_model_and_key_names(names):
    assert names.src_model_name("acme", "shopify", "orders") == "src_acme__shopify__orders"
    assert names.stg_model_name("acme", "shopify", "orders") == "stg_acme__shopify__orders"
    assert names.mart_model_name("acme", "fct_orders") == "acme__fct_orders"
    assert names.record_source_name("acme", "shopify", "orders") == "acme.shopify.orders"
    assert names.tenant_tag("acme") == "tenant:acme"
    assert [names.sources_yml_name("acme"), names.staging_yml_name("acme"), names.marts_yml_name("acme")] == [
        "_acme__sources.yml", "_acme__staging.yml", "_acme__marts.yml"]
    assert names.object_test_name("acme", "shopify", "orders", "rows_without_key") == "acme__shopify__orders__rows_without_key"
    assert names.hub_model_name("order_line") == "hub_order_line"
    assert names.link_model_name("order", "customer") == "link_order__customer"
    assert names.sat_model_name("facebook_ads", "ad_insights") == "sat_facebook_ads__ad_insights"
    assert names.hash_key_name("ad_set") == "ad_set_hk"
    assert names.link_key_name("order", "customer") == "order__customer_lk"
    assert names.vault_archive_schema_name(names.vault_schema_name()) == "vault_archive"
    assert names.vault_archive_table_name("hub_order", dt.datetime(2026, 11, 30, 10, 45, 0)) == "hub_order__20261130T104500Z"


def test_no_inline_names_in_macros():
    """Model and key names are built only in names.sql: no `'hub_' ~`, `~ '_hk'`, ... elsewhere."""
    inline = re.compile(r"""'(?:raw|src|stg|hub|link|sat)_' ~|~ '_(?:hk|lk|staging|marts)'|'__(?:sources|staging|marts)\.yml'""")
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
             for p in sorted((ROOT / "macros").rglob("*.sql")) if p.name != "names.sql"
             for n, line in enumerate(p.read_text().splitlines(), 1) if inline.search(line)]
    assert found == []


def test_every_name_macro_documented_with_its_arguments():
    docs = {m["name"]: m for p in (ROOT / "macros").rglob("*.yml")
            for m in (yaml.safe_load(p.read_text()) or {}).get("macros", [])}
    defined = re.findall(r"\{%-?\s*macro\s+(\w+)\((.*?)\)\s*-?%\}", (ROOT / "macros/platform/registry/names.sql").read_text())
    assert len(defined) >= 20
    for name, params in defined:
        assert name in docs and docs[name].get("description"), f"names.sql: {name} not documented in macros/**/*.yml"
        wanted = [p.split("=")[0].strip() for p in params.split(",") if p.strip()]
        assert [a["name"] for a in docs[name].get("arguments", [])] == wanted, name
