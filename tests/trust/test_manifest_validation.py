"""Hostile and malformed tenants.yaml: one validator (gata_manifest.py), one set of messages, for
ingestion/load.py and onboarding; nothing is loaded, written or changed.

Every expected message is written out by hand below (the registry's object and parameter lists are
read from the CSVs with `csv`). load.py runs in-process for the whole corpus (its exit code and
stderr, no exception = no traceback) plus once as a real process; onboarding (dbt, ~4 s per call)
runs for a representative subset and must report the very same list.
"""
from __future__ import annotations

import copy
import csv
import hashlib
import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from conftest import BIN, ROOT, run_dbt

sys.path.insert(0, str(ROOT))  # this tree's gata_manifest.py, not an installed copy
sys.path.insert(0, str(ROOT / "tests" / "onboarding"))
import gata_manifest
from onboarding_helpers import build_raw, copy_project, onboard, query, tree_hashes, warehouse_state

REG = ROOT / "seeds" / "registry"


def _csv(name: str) -> list[dict]:
    with (REG / f"{name}.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


SHOPIFY_OBJECTS = ", ".join(sorted(r["object"] for r in _csv("gata_objects") if r["connector"] == "shopify"))
SHOPIFY_PARAMS = ", ".join(sorted(r["parameter"] for r in _csv("gata_generation") if r["connector"] == "shopify"))
CONNECTORS = ", ".join(sorted(r["connector"] for r in _csv("gata_connectors")))
SLUG_RULE = "must match ^[a-z][a-z0-9_]{1,62}$, contain no '__' and not end with '_'"
TENANT_KEYS = "business_name, slug, sources, status"
ALLOWED_TENANT_KEYS = "business_name, marts, slug, sources, status"  # marts: optional (mart options)
SOURCE_KEYS = "enabled, files, freshness, generation, objects, tables"

BASE = {"tenants": [
    {"slug": "acme", "business_name": "Acme", "status": "active", "sources": {
        "shopify": {"enabled": True, "objects": ["orders", "order_line_items", "customers", "products"],
                    "generation": {"start_date": "2026-11-01", "days": 3, "customers": 5, "products": 3,
                                   "orders_per_day": 2}},
        "google_analytics": {"objects": ["events"]}}},
    {"slug": "globex", "business_name": "Globex", "status": "paused", "sources": {"facebook_ads": {}}},
]}
A = "tenants.yaml: tenant 'acme': "
SHOP = A + "sources.shopify"


def _acme(d):
    return d["tenants"][0]


def _shop(d):
    return d["tenants"][0]["sources"]["shopify"]


def _gen(d):
    return d["tenants"][0]["sources"]["shopify"]["generation"]


def _set(getter, **kw):
    return lambda d: getter(d).update(kw)


def _add_tenant(**kw):
    return lambda d: d["tenants"].append({"business_name": "X", "status": "active", "sources": {"shopify": {}}, **kw})


# id -> (an edit of BASE, or the raw text of the file; the exact list of messages)
CASES = {
    # --- slugs
    "slug_trailing_newline": (_set(_acme, slug="evil\n"),
                              [f'tenants.yaml: tenant "evil\\n": slug: "evil\\n" is not a valid slug ({SLUG_RULE})']),
    "slug_upper_case": (_set(_acme, slug="Acme"), [f"tenants.yaml: tenant 'Acme': slug: 'Acme' is not a valid slug ({SLUG_RULE})"]),
    "slug_double_underscore": (_set(_acme, slug="a__b"), [f"tenants.yaml: tenant 'a__b': slug: 'a__b' is not a valid slug ({SLUG_RULE})"]),
    "slug_trailing_underscore": (_set(_acme, slug="a_"), [f"tenants.yaml: tenant 'a_': slug: 'a_' is not a valid slug ({SLUG_RULE})"]),
    "slug_64_chars": (_set(_acme, slug="a" * 64), [f"tenants.yaml: tenant '{'a' * 64}': slug: '{'a' * 64}' is not a valid slug ({SLUG_RULE})"]),
    "slug_one_char": (_set(_acme, slug="a"), [f"tenants.yaml: tenant 'a': slug: 'a' is not a valid slug ({SLUG_RULE})"]),
    "slug_sql_quote": (_set(_acme, slug="a'; drop schema vault; --"),
                       [f"tenants.yaml: tenant 'a'; drop schema vault; --': slug: 'a'; drop schema vault; --' is not a valid slug ({SLUG_RULE})"]),
    "slug_tmp_prefix": (_set(_acme, slug="tmp_shop"),
                        [("tenants.yaml: tenant 'tmp_shop': slug: must not start with 'tmp_' (reserved: a write in flight "
                          "is named tmp_<file>, and .dbtignore hides such files from dbt)")]),
    "slug_not_a_string": (_set(_acme, slug=42), ["tenants.yaml: tenants[0]: slug: must be a string (got 42)"]),
    "slug_missing": (lambda d: _acme(d).pop("slug"), ["tenants.yaml: tenants[0]: slug: required field is missing"]),
    "slug_null": (_set(_acme, slug=None), ["tenants.yaml: tenants[0]: slug: required field is missing"]),
    "duplicate_slug": (lambda d: d["tenants"].append(copy.deepcopy(d["tenants"][1])),
                       ["tenants.yaml: tenant 'globex': slug: duplicate slug (tenants[1] and tenants[2])"]),
    "schema_collision": (_add_tenant(slug="raw_acme_shopify"),
                         [("tenants.yaml: tenant 'raw_acme_shopify': slug: its staging schema 'raw_acme_shopify_staging' "
                           "is also the dlt staging dataset of sources.shopify of tenant 'acme'")]),
    # --- tenant fields
    "unknown_tenant_key": (_set(_acme, owner="me"), [A + f"owner: unknown key (allowed: {ALLOWED_TENANT_KEYS})"]),
    "business_name_missing": (lambda d: _acme(d).pop("business_name"), [A + "business_name: required field is missing"]),
    "business_name_blank": (_set(_acme, business_name="  "), [A + 'business_name: must be a non-empty string (got "  ")']),
    "business_name_number": (_set(_acme, business_name=5), [A + "business_name: must be a non-empty string (got 5)"]),
    "status_unknown": (_set(_acme, status="inactive"), [A + 'status: "inactive" is not one of active, paused, offboarded']),
    "status_missing": (lambda d: _acme(d).pop("status"),
                       [A + "status: required field is missing (one of active, paused, offboarded)"]),
    "sources_missing": (lambda d: _acme(d).pop("sources"),
                        [A + "sources: required field is missing (a mapping of connector name to settings)"]),
    "sources_empty": (_set(_acme, sources={}), [A + "sources: must name at least one connector"]),
    "sources_a_list": (_set(_acme, sources=["shopify"]), [A + "sources: must be a mapping of connector name to settings"]),
    # --- sources
    "unknown_connector": (lambda d: _acme(d)["sources"].update(tiktok={}),
                          [A + f"sources.tiktok: unknown connector 'tiktok' (known: {CONNECTORS})"]),
    "source_not_a_mapping": (lambda d: _acme(d)["sources"].update(shopify="yes"),
                             [SHOP + f": must be a mapping with keys {SOURCE_KEYS}"]),
    "unknown_source_key": (_set(_shop, colour="red"), [SHOP + f".colour: unknown key (allowed: {SOURCE_KEYS})"]),
    "enabled_no_string": (_set(_shop, enabled="no"), [SHOP + '.enabled: must be true or false (got "no")']),
    "enabled_one": (_set(_shop, enabled=1), [SHOP + ".enabled: must be true or false (got 1)"]),
    "objects_and_tables": (_set(_shop, tables=["orders"]), [SHOP + ": give either objects or tables (an alias), not both"]),
    "objects_a_string": (_set(_shop, objects="orders"), [SHOP + '.objects: must be a list of object names (got "orders")']),
    "objects_empty": (_set(_shop, objects=[]), [SHOP + ".objects: lists no object (name at least one, or set enabled: false)"]),
    "object_unknown": (lambda d: _shop(d)["objects"].append("refunds"),
                       [SHOP + f".objects[4]: unknown object 'refunds' for connector 'shopify' (known: {SHOPIFY_OBJECTS})"]),
    "object_not_a_string": (lambda d: _shop(d)["objects"].insert(0, 3), [SHOP + ".objects[0]: must be an object name (got 3)"]),
    "object_twice": (lambda d: _shop(d)["objects"].append("orders"), [SHOP + ".objects[4]: object 'orders' is listed twice"]),
    "tables_alias_unknown_object": (lambda d: _shop(d).update(tables=_shop(d).pop("objects") + ["refunds"]),
                                    [SHOP + f".tables[4]: unknown object 'refunds' for connector 'shopify' (known: {SHOPIFY_OBJECTS})"]),
    "files_absolute": (_set(_shop, files="/etc"),
                       [SHOP + '.files: must be a folder path relative to the project root, inside it (got "/etc")']),
    "files_escapes_project": (_set(_shop, files="data/../../x"),
                              [SHOP + '.files: must be a folder path relative to the project root, inside it (got "data/../../x")']),
    "files_not_a_string": (_set(_shop, files=["a"]),
                           [SHOP + '.files: must be a folder path relative to the project root, inside it (got ["a"])']),
    # --- generation
    "generation_not_a_mapping": (_set(_shop, generation=[1]), [SHOP + ".generation: must be a mapping of parameter to value"]),
    "generation_unknown_parameter": (_set(_gen, colour=3),
                                     [SHOP + f".generation.colour: unknown parameter 'colour' for connector 'shopify' (known: {SHOPIFY_PARAMS})"]),
    "days_string": (_set(_gen, days="30"), [SHOP + '.generation.days: must be an integer (got "30")']),
    "days_float": (_set(_gen, days=8.9), [SHOP + ".generation.days: must be an integer (got 8.9)"]),
    "days_true": (_set(_gen, days=True), [SHOP + ".generation.days: must be an integer (got true)"]),
    "days_whole_float": (_set(_gen, days=8.0), [SHOP + ".generation.days: must be an integer (got 8.0)"]),
    "days_zero": (_set(_gen, days=0), [SHOP + ".generation.days: must be >= 1 (got 0)"]),
    "days_half": (_set(_gen, days=0.5), [SHOP + ".generation.days: must be an integer (got 0.5)"]),
    "date_month_13": (_set(_gen, start_date="2026-13-01"), [SHOP + '.generation.start_date: must be a date YYYY-MM-DD (got "2026-13-01")']),
    "date_february_30": (_set(_gen, start_date="2026-02-30"), [SHOP + '.generation.start_date: must be a date YYYY-MM-DD (got "2026-02-30")']),
    "date_not_padded": (_set(_gen, start_date="2026-1-5"), [SHOP + '.generation.start_date: must be a date YYYY-MM-DD (got "2026-1-5")']),
    "date_a_number": (_set(_gen, start_date=20261101), [SHOP + ".generation.start_date: must be a date YYYY-MM-DD (got 20261101)"]),
    "several_problems_in_file_order": (
        lambda d: (_shop(d).update(enabled="no", colour=1), _gen(d).update(days="30", customers=0), _acme(d).update(status="x")),
        [A + 'status: "x" is not one of active, paused, offboarded',
         SHOP + f".colour: unknown key (allowed: {SOURCE_KEYS})",
         SHOP + '.enabled: must be true or false (got "no")',
         SHOP + ".generation.customers: must be >= 1 (got 0)",
         SHOP + '.generation.days: must be an integer (got "30")']),
    # --- the file
    "tenants_empty": (_set(lambda d: d, tenants=[]),
                      ["tenants.yaml: tenants: lists no tenant (each needs slug, business_name, status, sources)"]),
    "tenants_a_mapping": (_set(lambda d: d, tenants={"acme": {}}),
                          ["tenants.yaml: tenants: the file must have a top-level list `tenants:`"]),
    "tenants_null": ("tenants:\n", ["tenants.yaml: tenants: the file must have a top-level list `tenants:`"]),
    "root_a_list": ("- slug: acme\n", ["tenants.yaml: tenants: the file must have a top-level list `tenants:`"]),
    "tenant_not_a_mapping": (lambda d: d["tenants"].append("initech"),
                             [f"tenants.yaml: tenants[2]: must be a mapping with keys {TENANT_KEYS}"]),
    "unknown_top_level_key": (_set(lambda d: d, version=2), ["tenants.yaml: version: unknown top-level key (allowed: tenants)"]),
    "yaml_syntax_error": ("tenants:\n  - slug: acme\n   business_name: x\n",
                          ["tenants.yaml: not valid YAML (line 3, column 4): did not find expected '-' indicator"]),
    "yaml_tab_indent": ("tenants:\n\t- slug: acme\n",
                        ["tenants.yaml: not valid YAML (line 2, column 1): found character that cannot start any token"]),
    "empty_file": ("", ["tenants.yaml: the file is empty; it must have a top-level list `tenants:`"]),
    "comments_only": ("# nothing yet\n", ["tenants.yaml: the file is empty; it must have a top-level list `tenants:`"]),
}


def manifest_text(case: str) -> str:
    edit = CASES[case][0]
    if isinstance(edit, str):
        return edit
    doc = copy.deepcopy(BASE)
    edit(doc)
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


def test_base_manifest_is_valid():
    assert gata_manifest.check(yaml.safe_dump(BASE, sort_keys=False), ROOT) == (BASE, [])


@pytest.mark.parametrize("case", sorted(CASES))
def test_validator_message(case):
    _, problems = gata_manifest.check(manifest_text(case), ROOT)
    assert problems == CASES[case][1]


def test_manifest_is_parsed_once_per_process_even_by_concurrent_threads(monkeypatch):
    """dbt compiles marts in two threads; both ask for the parsed manifest (gata_read_manifest)."""
    import threading
    import time
    calls = []
    real_parse = gata_manifest.parse

    def slow_parse(text):
        calls.append(text)
        time.sleep(0.2)  # long enough for the other thread to ask meanwhile
        return real_parse(text)

    monkeypatch.setattr(gata_manifest, "parse", slow_parse)
    text = yaml.safe_dump(BASE) + "# parse-once test\n"
    results = []
    threads = [threading.Thread(target=lambda: results.append(gata_manifest.read_manifest_udf(text))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert gata_manifest.check(text, ROOT)[1] == []
    assert len(calls) == 1 and len(results) == 2 and results[0] == results[1]
    assert yaml.safe_load(results[0])["tenants"][0]["sources"]["shopify"]["generation"]["start_date"] == "2026-11-01"


# --- ingestion/load.py -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def load_module():
    spec = importlib.util.spec_from_file_location("gata_load_under_test", ROOT / "ingestion" / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load_stderr(path: Path, problems: list[str]) -> str:
    return (f"load.py: error: {path}: {len(problems)} problem(s); nothing was loaded:\n"
            + "".join(f"  - {p}\n" for p in problems))


@pytest.mark.parametrize("case", sorted(CASES))
def test_load_py_refuses_with_the_same_messages(case, tmp_path, load_module, capsys):
    tenants = tmp_path / "tenants.yaml"
    tenants.write_text(manifest_text(case))
    db = tmp_path / "gata.duckdb"
    code = load_module.main(["--tenants-file", str(tenants), "--database", str(db),
                             "--pipelines-dir", str(tmp_path / "pipelines"), "--quiet"])
    out = capsys.readouterr()
    assert (code, out.err, out.out) == (2, _load_stderr(tenants, CASES[case][1]), "")
    assert not db.exists() and not (tmp_path / "pipelines").exists()


def test_load_py_process_exits_2_without_traceback_and_leaves_the_database_alone(tmp_path):
    """A real process, on a database that already holds data: byte-identical afterwards."""
    import subprocess

    import duckdb
    db = tmp_path / "gata.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema raw_acme_shopify; create table raw_acme_shopify.orders as select 1 as id")
    con.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for case in ("enabled_no_string", "days_float", "slug_trailing_newline", "yaml_syntax_error"):
        tenants = tmp_path / f"{case}.yaml"
        tenants.write_text(manifest_text(case))
        proc = subprocess.run([str(BIN / "python"), str(ROOT / "ingestion" / "load.py"), "--tenants-file", str(tenants),
                               "--database", str(db), "--pipelines-dir", str(tmp_path / "p"), "--quiet"],
                              capture_output=True, text=True)
        assert (proc.returncode, proc.stderr, proc.stdout) == (2, _load_stderr(tenants, CASES[case][1]), ""), case
        assert "Traceback" not in proc.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_load_py_unknown_or_invalid_tenant_argument(tmp_path, load_module, capsys):
    tenants = tmp_path / "tenants.yaml"
    tenants.write_text(yaml.safe_dump(BASE))
    db = tmp_path / "gata.duckdb"
    code = load_module.main(["--tenants-file", str(tenants), "--database", str(db), "--tenant", "nope",
                             "--tenant", "evil\n", "--quiet"])
    assert code == 2 and capsys.readouterr().err == _load_stderr(tenants, [
        "tenants.yaml: tenant 'nope': not found (tenants in the file: acme, globex)",
        f'tenant argument "evil\\n" is not a valid slug ({SLUG_RULE})'])
    assert not db.exists()


def test_load_py_refuses_a_file_that_is_not_utf8(tmp_path, load_module, capsys):
    tenants = tmp_path / "tenants.yaml"
    tenants.write_bytes(b"tenants:\n  - slug: caf\xe9\n")
    db = tmp_path / "gata.duckdb"
    assert load_module.main(["--tenants-file", str(tenants), "--database", str(db), "--quiet"]) == 2
    assert capsys.readouterr().err == _load_stderr(tenants, ["tenants.yaml: not UTF-8 text (invalid continuation byte at byte 22)"])
    assert not db.exists()


def test_load_py_honours_the_tables_alias(load_module):
    """`tables:` is the documented alias of `objects:`: only the listed objects are generated."""
    doc = copy.deepcopy(BASE)
    _shop(doc)["tables"] = ["customers"]
    del _shop(doc)["objects"]
    assert gata_manifest.validate(doc, gata_manifest.read_registry(ROOT)) == []
    args = load_module.argparse.Namespace(start_date=None, days=1, scale=1.0)
    jobs = load_module.plan_tenant(doc["tenants"][0], args, load_module.mockgen.load_spec(), Path("tenants.yaml"))
    shopify = next(j for j in jobs if j["connector"] == "shopify")
    assert [t[0]["raw_table"] for t in shopify["tables"]] == ["customers"]


# --- onboarding: the same validator through the dbt-duckdb plugin -------------------------------------

@pytest.fixture(scope="module")
def onboarded(tmp_path_factory):
    """A project copy with acme onboarded for real (so a run that wrongly went ahead would change files)."""
    tmp = tmp_path_factory.mktemp("trust_manifest")
    project, db = copy_project(tmp / "project"), tmp / "gata.duckdb"
    build_raw(db, "acme", ["facebook_ads", "google_analytics", "shopify"])
    onboard(project, db, "acme")
    return project, db


def _state(project, db, exclude=("gata_meta.onboarding_runs",)):
    return tree_hashes(project), warehouse_state(db, exclude=exclude)


ONBOARDING_SUBSET = {
    # one manifest carrying many problems at once: the whole list must match, in order
    "many_problems": lambda: yaml.safe_dump({"tenants": [
        dict(copy.deepcopy(BASE["tenants"][0]), sources={
            "shopify": {"enabled": "no", "objects": ["orders", "refunds", "orders"],
                        "generation": {"days": "30", "customers": 8.9, "start_date": "2026-13-01"}},
            "tiktok": {}}),
        {"slug": "evil\n", "business_name": "Evil", "status": "active", "sources": {"shopify": {}}},
        {"slug": "acme", "business_name": "Acme 2", "status": "inactive", "sources": {"facebook_ads": {"enabled": 1}}},
    ]}, sort_keys=False),
    "yaml_syntax_error": lambda: manifest_text("yaml_syntax_error"),
}


@pytest.mark.parametrize("case", sorted(ONBOARDING_SUBSET))
def test_onboarding_reports_the_same_messages_and_changes_nothing(onboarded, case):
    project, db = onboarded
    manifest = project / "tenants.yaml"
    original = manifest.read_text()
    text = ONBOARDING_SUBSET[case]()
    expected = gata_manifest.check(text, ROOT)[1]
    assert len(expected) >= 1
    manifest.write_text(text)
    try:
        before, n_runs = _state(project, db), len(query(db, "select * from gata_meta.onboarding_runs"))
        proc = onboard(project, db, "acme", check=False)
        assert proc.returncode != 0
        out = proc.stdout + proc.stderr
        assert f"onboard_tenant: {len(expected)} problem(s); nothing was written" in out
        for message in expected:
            assert message in out, (message, out[-3000:])
        detail = query(db, "select result, detail from gata_meta.onboarding_runs order by started_at")[n_runs:]
        assert detail == [("error", "\n".join(expected))]
        assert _state(project, db) == before
    finally:
        manifest.write_text(original)


def test_onboarding_without_the_plugin_says_what_to_add(onboarded):
    project, db = onboarded
    profiles = project / "profiles.yml"
    original = profiles.read_text()
    stripped = original.replace("      plugins:\n        - module: gata_manifest\n", "")
    assert stripped != original and "module: gata_manifest" not in stripped.split("motherduck:")[0]
    profiles.write_text(stripped)
    try:
        before = _state(project, db)
        proc = onboard(project, db, "acme", check=False)
        assert proc.returncode != 0
        assert ("profiles.yml: target 'dev' has no gata_manifest plugin, which validates tenants.yaml: add "
                "`plugins: [{module: gata_manifest}]` to that output") in proc.stdout + proc.stderr
        assert _state(project, db) == before
    finally:
        profiles.write_text(original)


def test_tenant_argument_with_a_trailing_newline_is_refused(onboarded):
    """gata.is_valid_slug is a full match: "acme\n" is not acme (re.match with `$` would accept it)."""
    project, db = onboarded
    before = _state(project, db)
    proc = run_dbt(["run-operation", "onboard_tenant", "--args", '{tenant: "acme\\n"}'], db, cwd=project, check=False)
    assert proc.returncode != 0
    assert f'tenant argument "acme\\n" is not a valid slug ({SLUG_RULE})' in proc.stdout + proc.stderr
    assert _state(project, db) == before


def test_selector_refuses_a_slug_with_a_trailing_newline():
    sys.path.insert(0, str(ROOT))
    from dbt_common.exceptions import DbtRuntimeError

    import dbt_gata
    assert dbt_gata._translate({"method": "tenant", "value": "acme"})["value"] == "tenant:acme"
    with pytest.raises(DbtRuntimeError, match="is not a tenant slug"):
        dbt_gata._translate({"method": "tenant", "value": "acme\n"})


# --- boolean arguments (item 12): only YAML true/false ---------------------------------------------------

BOOL_ARGS = {
    "dry_run_1": ("onboard_tenant", "dry_run: 1", "argument dry_run must be true or false (got 1)"),
    "dry_run_yes": ("onboard_tenant", 'dry_run: "yes"', 'argument dry_run must be true or false (got "yes")'),
    "dry_run_true_string": ("onboard_tenant", 'dry_run: "true"', 'argument dry_run must be true or false (got "true")'),
    "purge_rows_yes": ("offboard_tenant", 'purge_rows: "yes"', 'argument purge_rows must be true or false (got "yes")'),
    "purge_rows_1": ("offboard_tenant", "purge_rows: 1", "argument purge_rows must be true or false (got 1)"),
}


@pytest.mark.parametrize("case", sorted(BOOL_ARGS))
def test_non_boolean_argument_is_refused_and_nothing_happens(onboarded, case):
    project, db = onboarded
    op, arg, message = BOOL_ARGS[case]
    before = _state(project, db, exclude=())
    proc = run_dbt(["run-operation", op, "--args", "{tenant: acme, " + arg + "}"], db, cwd=project, check=False)
    assert proc.returncode != 0
    assert f"{op}: {message}; nothing was done" in proc.stdout + proc.stderr
    # a run that went ahead (real or dry) records rows in gata_meta.onboarding_runs; offboarding deletes files
    assert _state(project, db, exclude=()) == before
