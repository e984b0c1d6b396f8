"""tenants.yaml validation: one validator and one set of messages for ingestion and onboarding.

* ``ingestion/load.py`` imports this module and calls :func:`check`.
* Onboarding (dbt macros) calls the same code through DuckDB: ``profiles.yml`` lists this module as
  a dbt-duckdb plugin (``plugins: [{module: gata_manifest}]``); its ``Plugin`` registers the scalar
  function ``gata_validate_manifest(manifest_text VARCHAR, project_dir VARCHAR) -> VARCHAR`` (a JSON
  list of messages) on every connection, and ``gata.validate_manifest`` selects it.

The rules are a JSON Schema built from the registry CSVs (connectors, their objects, their generation
parameters with types and minimums: :func:`manifest_schema`) plus the checks a schema cannot express
(duplicate slugs, colliding or reserved schema names, an object listed twice: :func:`_cross_problems`).
Every message names the file, the tenant and the field path, e.g.
``tenants.yaml: tenant 'acme': sources.shopify.objects[2]: unknown object 'refunds' for connector
'shopify' (known: customers, order_line_items, orders, products)``.

Installed into the venv by ``python3 tasks.py setup`` (like dbt_gata.py). Not named ``dbt_*``: dbt
imports those as its own plugins at start-up.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

FILE = "tenants.yaml"
UDF_NAME = "gata_validate_manifest"
READ_UDF_NAME = "gata_read_manifest"
# Shown in messages; matched with re.fullmatch (with re.match, `$` also matches before a final "\n").
SLUG_PATTERN = "^[a-z][a-z0-9_]{1,62}$"
SLUG_RE = re.compile(r"[a-z][a-z0-9_]{1,62}")
# The same rule for the JSON Schema (whose `pattern` is a search): 2-63 characters, no '__', no final '_'.
SLUG_SCHEMA_PATTERN = r"^(?!.*__)[a-z][a-z0-9_]{0,61}[a-z0-9]\Z"
# `files`: a folder relative to the project root that stays inside it (no leading '/', no '..').
FILES_SCHEMA_PATTERN = r"^(?![/\\])(?!(.*[/\\])?\.\.([/\\]|\Z))[^\x00-\x1f]+\Z"
TENANT_KEYS = ["business_name", "slug", "sources", "status"]
# optional: `marts:` {<option>: [values]}, per-tenant mart logic (options from gata_marts.csv `options`)
ALLOWED_TENANT_KEYS = ["business_name", "marts", "slug", "sources", "status"]
# a mart option value (an event name, an action type): printable, non-blank, no braces (it is written into
# a generated shell as a Jinja string literal, where braces would read as Jinja)
OPTION_VALUE_PATTERN = r"^(?=.*\S)[^\x00-\x1f\x7f{}]+\Z"
OPTION_VALUE_RULE = "must be a non-blank string without braces or control characters"
SOURCE_KEYS = ["enabled", "files", "freshness", "generation", "objects", "tables"]
# `freshness`: hours after the newest load before `dbt source freshness` warns / fails (defaults in the
# macro gata.freshness_defaults; onboarding writes them into the tenant's sources yml).
FRESHNESS_KEYS = ["error_after_hours", "warn_after_hours"]
STATUSES = ["active", "paused", "offboarded"]
# Schemas no tenant may claim (shared vault, platform metadata, DuckDB's own).
RESERVED_SCHEMAS = ["gata_meta", "information_schema", "main", "pg_catalog", "vault"]
SLUG_RULE = f"must match {SLUG_PATTERN}, contain no '__' and not end with '_'"
TYPE_WORDS = {"integer": "an integer", "number": "a number", "string": "a string"}

try:  # the C loader when PyYAML has it, as dbt's fromyaml: both sides read the same values
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


# --- names ------------------------------------------------------------------------------------------
# Twin of macros/platform/registry/names.sql (the dbt side); tests/product/test_names.py checks they agree.

def is_valid_slug(value: Any) -> bool:
    return (isinstance(value, str) and SLUG_RE.fullmatch(value) is not None
            and "__" not in value and not value.endswith("_"))


def raw_schema_name(slug: str, connector: str) -> str:
    return f"raw_{slug}_{connector}"


def staging_schema_name(slug: str) -> str:
    return f"{slug}_staging"


def marts_schema_name(slug: str) -> str:
    return f"{slug}_marts"


def _name(value: Any) -> str:
    """A name quoted for a message: 'acme', or JSON-escaped when it holds control characters ("evil\\n")."""
    text = str(value)
    return f"'{text}'" if text.isprintable() else json.dumps(text)


def _key(value: Any) -> str:
    text = str(value)
    return text if text.isprintable() else json.dumps(text)


def _show(value: Any) -> str:
    """A value as the analyst wrote it in YAML: "30", 8.9, true, null, 2026-11-01, [a, b]."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def tenant_label(entry: Any, index: int) -> str:
    """How messages name a tenant: by its slug when it has a string one, else by list position."""
    if isinstance(entry, dict) and isinstance(entry.get("slug"), str):
        return f"tenant {_name(entry['slug'])}"
    return f"tenants[{index}]"


# --- registry ---------------------------------------------------------------------------------------

def read_registry(project_dir: str | Path) -> dict:
    """What the manifest is checked against, from seeds/registry/*.csv:
    {connectors: [sorted], objects_of: {c: [sorted]}, generation: {c: {parameter: row}}}."""
    folder = Path(project_dir) / "seeds" / "registry"

    def rows(name: str) -> list[dict]:
        with (folder / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    connectors = sorted(r["connector"] for r in rows("gata_connectors"))
    objects_of: dict[str, list[str]] = {c: [] for c in connectors}
    for r in rows("gata_objects"):
        objects_of.setdefault(r["connector"], []).append(r["object"])
    generation: dict[str, dict] = {c: {} for c in connectors}
    for r in rows("gata_generation"):
        generation.setdefault(r["connector"], {})[r["parameter"]] = r
    # mart options (tenants.yaml `marts:`) and the column names an option's values make (`reached_{funnel_steps}`)
    mart_options = sorted({o for r in rows("gata_marts") for o in (r.get("options") or "").split("|") if o})
    option_columns: dict[str, list[str]] = {}
    for r in rows("gata_mart_columns"):
        for option in re.findall(r"[{]([a-z_]+)[}]", r["column"]):
            option_columns.setdefault(option, []).append(r["column"])
    return {"connectors": connectors, "objects_of": {c: sorted(o) for c, o in objects_of.items()},
            "generation": generation, "mart_options": mart_options, "option_columns": option_columns}


def option_column_suffix(value: str) -> str:
    """Twin of gata.mart_option_column (names.sql): 'Add to cart' -> 'add_to_cart' in `reached_{funnel_steps}`."""
    return re.sub("[^a-z0-9]+", "_", value.lower()).strip("_")


# --- the JSON Schema --------------------------------------------------------------------------------

def manifest_schema(reg: dict) -> dict:
    """JSON Schema (2020-12) of tenants.yaml for this registry. Generation values of data_type `date`
    use the type name "date" (a YAML date or a "YYYY-MM-DD" string), which :func:`_validator` adds."""

    def parameter(row: dict) -> dict:
        out: dict[str, Any] = {"type": row["data_type"], "description": row.get("description", "")}
        if row["minimum"] != "" and row["data_type"] in ("integer", "number"):
            out["minimum"] = float(row["minimum"]) if "." in row["minimum"] else int(row["minimum"])
        return out

    def object_list(c: str) -> dict:
        return {"type": "array", "minItems": 1, "items": {"type": "string", "enum": reg["objects_of"].get(c, [])}}

    def source(c: str) -> dict:
        params = reg["generation"].get(c, {})
        return {"type": "object", "additionalProperties": False,
                "not": {"type": "object", "required": ["objects", "tables"]},
                "properties": {
                    "enabled": {"type": "boolean"},
                    "objects": object_list(c),
                    "tables": object_list(c),  # alias of objects
                    "files": {"type": "string", "pattern": FILES_SCHEMA_PATTERN},
                    "freshness": {"type": "object", "additionalProperties": False,
                                  "properties": {k: {"type": "integer", "minimum": 1} for k in FRESHNESS_KEYS}},
                    "generation": {"type": "object", "additionalProperties": False,
                                   "properties": {p: parameter(params[p]) for p in sorted(params)}}}}

    option = {"type": "array", "minItems": 1, "uniqueItems": True,
              "items": {"type": "string", "pattern": OPTION_VALUE_PATTERN}}
    tenant = {"type": "object", "required": TENANT_KEYS, "additionalProperties": False,
              "properties": {
                  "marts": {"type": "object", "additionalProperties": False,
                            "properties": {o: option for o in reg["mart_options"]}},
                  "slug": {"type": "string", "pattern": SLUG_SCHEMA_PATTERN},
                  "business_name": {"type": "string", "pattern": r"\S"},
                  "status": {"enum": STATUSES},
                  "sources": {"type": "object", "minProperties": 1, "additionalProperties": False,
                              "properties": {c: source(c) for c in reg["connectors"]}}}}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Gata tenants.yaml",
            "type": "object", "required": ["tenants"], "additionalProperties": False,
            "properties": {"tenants": {"type": "array", "minItems": 1, "items": tenant}}}


def _is_date(value: Any) -> bool:
    if isinstance(value, dt.datetime):
        return False
    if isinstance(value, dt.date):
        return True
    if not (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _validator(schema: dict):
    from jsonschema import Draft202012Validator, validators  # imported on use: load.py starts faster

    # YAML has distinct booleans and floats: `days: true` or `days: 8.0` is not an integer here.
    checker = Draft202012Validator.TYPE_CHECKER.redefine_many({
        "integer": lambda _, v: isinstance(v, int) and not isinstance(v, bool),
        "date": lambda _, v: _is_date(v)})
    return validators.extend(Draft202012Validator, type_checker=checker)(schema)


# --- schema errors -> messages -------------------------------------------------------------------------
# Each message gets a sort key, so the list reads in file order: top-level keys, then each tenant's
# unknown keys, slug, business_name, status, sources (connector by connector), then its cross checks.

TENANT_RANK = {"slug": 1, "business_name": 2, "status": 3, "sources": 4, "marts": 5}
SOURCE_RANK = {"enabled": 2, "objects": 4, "tables": 4, "files": 5, "freshness": 6, "generation": 7}
MISSING = {"slug": "", "business_name": "", "status": " (one of " + ", ".join(STATUSES) + ")",
           "sources": " (a mapping of connector name to settings)"}


class _Fatal(Exception):
    """The file has no top-level list `tenants:`: nothing else can be checked."""


def _extra_keys(instance: dict, allowed: Iterable) -> list:
    allowed = set(allowed)
    return sorted((k for k in instance if k not in allowed), key=str)


def _error_messages(err, doc: Any, reg: dict) -> list[tuple[tuple, str]]:
    path, kw, inst = list(err.absolute_path), err.validator, err.instance
    if not path or path == ["tenants"]:
        if kw == "additionalProperties" and not path:
            return [((0, 0, str(k)), f"{FILE}: {_key(k)}: unknown top-level key (allowed: tenants)")
                    for k in _extra_keys(inst, ["tenants"])]
        if kw == "minItems":
            return [((0, 1, ""), f"{FILE}: tenants: lists no tenant (each needs slug, business_name, status, sources)")]
        raise _Fatal()
    i, rest = path[1], path[2:]
    at = f"{FILE}: {tenant_label(doc['tenants'][i], i)}: "
    base = (1, i)
    if not rest:
        if kw == "type":
            return [(base + (0, ""), at + "must be a mapping with keys " + ", ".join(TENANT_KEYS))]
        if kw == "required":
            return [(base + (TENANT_RANK[k], ""), f"{at}{k}: required field is missing{MISSING[k]}")
                    for k in err.validator_value if k not in inst]
        if kw == "additionalProperties":
            return [(base + (0, str(k)), f"{at}{_key(k)}: unknown key (allowed: {', '.join(ALLOWED_TENANT_KEYS)})")
                    for k in _extra_keys(inst, ALLOWED_TENANT_KEYS)]
    field = rest[0]
    if field == "marts":
        return _marts_messages(err, f"{at}marts", base + (5,), rest[1:], reg)
    if len(rest) == 1:
        key = base + (TENANT_RANK[field], "")
        if inst is None:  # `slug:` with no value is as good as no slug
            return [(key, f"{at}{field}: required field is missing{MISSING[field]}")]
        if field == "slug":
            if kw == "type":
                return [(key, f"{at}slug: must be a string (got {_show(inst)})")]
            return [(key, f"{at}slug: {_name(inst)} is not a valid slug ({SLUG_RULE})")]
        if field == "business_name":
            return [(key, f"{at}business_name: must be a non-empty string (got {_show(inst)})")]
        if field == "status":
            return [(key, f"{at}status: {_show(inst)} is not one of {', '.join(STATUSES)}")]
        if kw == "type":
            return [(key, f"{at}sources: must be a mapping of connector name to settings")]
        if kw == "minProperties":
            return [(key, f"{at}sources: must name at least one connector")]
        known = ", ".join(reg["connectors"])
        return [(base + (4, str(c), 0, ""), f"{at}sources.{_key(c)}: unknown connector {_name(c)} (known: {known})")
                for c in _extra_keys(inst, reg["connectors"])]
    return _source_messages(err, at + f"sources.{_key(rest[1])}", base + (4, str(rest[1])), rest[1], rest[2:], reg)


def _source_messages(err, at: str, base: tuple, c: str, rest: list, reg: dict) -> list[tuple[tuple, str]]:
    kw, inst = err.validator, err.instance
    if not rest:
        if kw == "type":
            return [(base + (0, ""), f"{at}: must be a mapping with keys {', '.join(SOURCE_KEYS)}")]
        if kw == "not":
            return [(base + (3, ""), f"{at}: give either objects or tables (an alias), not both")]
        return [(base + (1, str(k)), f"{at}.{_key(k)}: unknown key (allowed: {', '.join(SOURCE_KEYS)})")
                for k in _extra_keys(inst, SOURCE_KEYS)]
    field = rest[0]
    key = base + (SOURCE_RANK[field],)
    if field == "enabled":
        return [(key + ("",), f"{at}.enabled: must be true or false (got {_show(inst)})")]
    if field == "files":
        return [(key + ("",), (f"{at}.files: must be a folder path relative to the project root, inside it "
                               f"(got {_show(inst)})"))]
    if field == "freshness":
        return _freshness_messages(err, f"{at}.freshness", key, rest[1:])
    if field in ("objects", "tables"):
        if len(rest) == 1 and kw == "minItems":
            return [(key + (-1,), f"{at}.{field}: lists no object (name at least one, or set enabled: false)")]
        if len(rest) == 1:
            return [(key + (-1,), f"{at}.{field}: must be a list of object names (got {_show(inst)})")]
        j = rest[1]
        if not isinstance(inst, str):  # reported once, by `type` (`enum` fails on it too)
            return [] if kw == "enum" else [(key + (j,), f"{at}.{field}[{j}]: must be an object name (got {_show(inst)})")]
        return [(key + (j,), (f"{at}.{field}[{j}]: unknown object {_name(inst)} for connector '{c}' "
                              f"(known: {', '.join(reg['objects_of'].get(c, []))})"))]
    # generation
    params = reg["generation"].get(c, {})
    if len(rest) == 1 and kw == "type":
        return [(key + ("",), f"{at}.generation: must be a mapping of parameter to value")]
    if len(rest) == 1:
        known = ", ".join(sorted(params))
        return [(key + (str(p),), (f"{at}.generation.{_key(p)}: unknown parameter {_name(p)} for connector '{c}' "
                                   f"(known: {known})"))
                for p in _extra_keys(inst, params)]
    p = rest[1]
    where = f"{at}.generation.{p}: "
    if kw == "minimum":
        if params[p]["data_type"] == "integer" and isinstance(inst, float):
            return []  # `days: 0.5` is reported once, as not an integer
        return [(key + (p,), f"{where}must be >= {params[p]['minimum']} (got {_show(inst)})")]
    data_type = err.validator_value
    if data_type == "date":
        return [(key + (p,), f"{where}must be a date YYYY-MM-DD (got {_show(inst)})")]
    if data_type == "boolean":
        return [(key + (p,), f"{where}must be true or false (got {_show(inst)})")]
    return [(key + (p,), f"{where}must be {TYPE_WORDS.get(data_type, data_type)} (got {_show(inst)})")]


def _marts_messages(err, at: str, key: tuple, rest: list, reg: dict) -> list[tuple[tuple, str]]:
    kw, inst = err.validator, err.instance
    known = ", ".join(reg["mart_options"]) or "none"
    if not rest and kw == "type":
        return [(key + ("",), f"{at}: must be a mapping of mart option to a list of values (options: {known})")]
    if not rest:
        return [(key + (str(k),), f"{at}.{_key(k)}: unknown mart option {_name(k)} (known: {known})")
                for k in _extra_keys(inst, reg["mart_options"])]
    option = f"{at}.{rest[0]}"
    if len(rest) == 1 and kw == "uniqueItems":
        twice = next(v for n, v in enumerate(inst) if v in inst[:n])
        return [(key + (rest[0], -1), f"{option}: lists {_show(twice)} twice")]
    if len(rest) == 1:
        return [(key + (rest[0], -1), f"{option}: must be a non-empty list of strings (got {_show(inst)})")]
    return [(key + (rest[0], rest[1]), f"{option}[{rest[1]}]: {OPTION_VALUE_RULE} (got {_show(inst)})")]


def _option_column_problems(at: str, key: tuple, marts: Any, reg: dict) -> list[tuple[tuple, str]]:
    """Values of an option that names mart columns (`reached_{funnel_steps}`) must give distinct, non-empty names."""
    out = []
    for option, patterns in sorted(reg["option_columns"].items()):
        values = marts.get(option) if isinstance(marts, dict) else None
        if not isinstance(values, list):
            continue
        first: dict[str, str] = {}
        for j, v in enumerate(values):
            if not isinstance(v, str) or not re.search(OPTION_VALUE_PATTERN, v):
                continue  # reported by the schema
            suffix = option_column_suffix(v)
            column = re.sub("[{][a-z_]+[}]", suffix, patterns[0])
            if not suffix:
                out.append((key + (option, j), (f"{at}marts.{option}[{j}]: {_show(v)} has no letter or digit, so it "
                                               f"names no column ({patterns[0]})")))
            elif suffix in first and first[suffix] != v:
                out.append((key + (option, j), (f"{at}marts.{option}[{j}]: {_show(v)} and {_show(first[suffix])} "
                                               f"would both be column {column}")))
            first.setdefault(suffix, v)
    return out


def _freshness_messages(err, at: str, key: tuple, rest: list) -> list[tuple[tuple, str]]:
    kw, inst = err.validator, err.instance
    if not rest and kw == "type":
        return [(key + ("",), f"{at}: must be a mapping with keys {', '.join(FRESHNESS_KEYS)} (hours)")]
    if not rest:
        return [(key + (str(k),), f"{at}.{_key(k)}: unknown key (allowed: {', '.join(FRESHNESS_KEYS)})")
                for k in _extra_keys(inst, FRESHNESS_KEYS)]
    if kw == "minimum" and isinstance(inst, float):
        return []  # reported once, as not an integer
    return [(key + (rest[0],), f"{at}.{rest[0]}: must be a whole number of hours >= 1 (got {_show(inst)})")]


# --- checks a schema cannot express -------------------------------------------------------------------

def _cross_problems(tenants: list, reg: dict) -> list[tuple[tuple, str]]:
    out: list[tuple[tuple, str]] = []
    first_index: dict[str, int] = {}
    schema_owner: dict[str, str] = {}
    for i, t in enumerate(tenants):
        if not isinstance(t, dict):
            continue
        label = tenant_label(t, i)
        at = f"{FILE}: {label}: "
        sources = t.get("sources") if isinstance(t.get("sources"), dict) else {}
        for c, s in sources.items():
            if c not in reg["connectors"] or not isinstance(s, dict):
                continue
            for list_key in ("objects", "tables"):
                seen: set[str] = set()
                for j, o in enumerate(s.get(list_key) if isinstance(s.get(list_key), list) else []):
                    if isinstance(o, str) and o in reg["objects_of"].get(c, []):
                        if o in seen:
                            out.append(((1, i, 4, str(c), 4, j),
                                        f"{at}sources.{c}.{list_key}[{j}]: object '{o}' is listed twice"))
                        seen.add(o)
            hours = s.get("freshness") if isinstance(s.get("freshness"), dict) else {}
            warn, error = hours.get("warn_after_hours"), hours.get("error_after_hours")
            if all(isinstance(h, int) and not isinstance(h, bool) for h in (warn, error)) and warn >= error:
                out.append(((1, i, 4, str(c), 6, "~"), (f"{at}sources.{c}.freshness: warn_after_hours ({warn}) "
                                                       f"must be less than error_after_hours ({error})")))
        out += _option_column_problems(at, (1, i, 5), t.get("marts"), reg)
        slug = t.get("slug")
        if not is_valid_slug(slug):
            continue
        if slug.startswith("tmp_"):
            # onboarding writes a file as tmp_<name> and renames it; .dbtignore hides tmp_* from dbt,
            # so a tenant named tmp_... would have its marts (<slug>__<mart>.sql) hidden too
            out.append(((1, i, 9, "", 0), (f"{at}slug: must not start with 'tmp_' (reserved: a write in flight is "
                                           "named tmp_<file>, and .dbtignore hides such files from dbt)")))
        if slug in first_index:
            out.append(((1, i, 9, "", 0), f"{at}slug: duplicate slug (tenants[{first_index[slug]}] and tenants[{i}])"))
            continue
        first_index[slug] = i
        # Every schema a tenant's data lives in belongs to that tenant alone: its raw datasets (and
        # dlt's `<dataset>_staging`), its staging and marts schemas.
        claims = [(staging_schema_name(slug), "staging schema"), (marts_schema_name(slug), "marts schema")]
        for c in sorted(sources, key=str):
            raw = raw_schema_name(slug, str(c))
            claims += [(raw, f"raw dataset of sources.{_key(c)}"), (f"{raw}_staging", f"dlt staging dataset of sources.{_key(c)}")]
        for n, (schema, what) in enumerate(claims):
            if schema in RESERVED_SCHEMAS:
                out.append(((1, i, 9, "", n + 1), f"{at}slug: its {what} '{schema}' is a reserved schema name"))
            elif schema in schema_owner:
                out.append(((1, i, 9, "", n + 1), f"{at}slug: its {what} '{schema}' is also the {schema_owner[schema]}"))
            else:
                schema_owner[schema] = f"{what} of {label}"
    return out


# --- entry points -------------------------------------------------------------------------------------

def parse(text: str) -> tuple[Any, list[str]]:
    """(document, problems) for the text of tenants.yaml: a YAML syntax error or an empty file is a problem."""
    try:
        doc = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [f"{FILE}: not valid YAML{where}: {problem}"]
    if doc is None:
        return None, [f"{FILE}: the file is empty; it must have a top-level list `tenants:`"]
    return doc, []


_memo_lock = threading.Lock()
_memo: dict = {}


def parse_once(text: str) -> tuple[Any, list[str]]:
    """parse(), remembered for the last text: dbt compiles models in several threads, and with
    10,000 tenants one parse takes seconds; the lock makes concurrent callers share one parse."""
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    with _memo_lock:
        if _memo.get("key") != key:
            _memo.clear()
            _memo.update(key=key, parsed=parse(text))
        return _memo["parsed"]


def validate(doc: Any, reg: dict) -> list[str]:
    """Every problem of a parsed manifest, in file order (empty list: valid)."""
    found: dict[str, tuple] = {}
    try:
        for err in _validator(manifest_schema(reg)).iter_errors(doc):
            for key, message in _error_messages(err, doc, reg):
                found.setdefault(message, key)
    except _Fatal:
        return [f"{FILE}: tenants: the file must have a top-level list `tenants:`"]
    for key, message in _cross_problems(doc["tenants"], reg):
        found.setdefault(message, key)
    return [m for m, _ in sorted(found.items(), key=lambda mk: (mk[1], mk[0]))]


def check(text: str, project_dir: str | Path) -> tuple[Any, list[str]]:
    """(document, problems) for the text of tenants.yaml of the project at project_dir."""
    doc, problems = parse_once(text)
    if problems:
        return None, problems
    return doc, validate(doc, read_registry(project_dir))


def target_problems(doc: Any, tenant: Any) -> list[str]:
    """The tenant a command is asked for: a valid slug that the (valid) manifest lists."""
    if not is_valid_slug(tenant):
        return [f"tenant argument {_show(tenant)} is not a valid slug ({SLUG_RULE})"]
    slugs = sorted({t["slug"] for t in doc["tenants"]})
    if tenant not in slugs:
        return [f"{FILE}: tenant '{tenant}': not found (tenants in the file: {', '.join(slugs) or 'none'})"]
    return []


# --- the dbt-duckdb plugin ----------------------------------------------------------------------------

def validate_manifest_udf(manifest_text: str, project_dir: str) -> str:
    """gata_validate_manifest(manifest_text, project_dir) -> JSON list of messages. Never raises: a
    failure of the validator itself is reported as a message, so onboarding stops cleanly."""
    try:
        return json.dumps(check(manifest_text, project_dir)[1])
    except Exception as exc:  # noqa: BLE001 - reported to the analyst instead of a DuckDB traceback
        return json.dumps([f"{FILE}: cannot be validated ({type(exc).__name__}: {exc})"])


def read_manifest_udf(manifest_text: str) -> str:
    """gata_read_manifest(manifest_text) -> the parsed manifest as JSON (dates as YYYY-MM-DD), or
    null when it is not YAML: what gata.parsed_manifest hands the macros, parsed once per process."""
    doc = parse_once(manifest_text)[0]
    return json.dumps(doc, default=lambda v: v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v))


def register(conn) -> None:
    """Register gata_validate_manifest and gata_read_manifest on a DuckDB connection (DuckDB needs
    numpy for Python functions)."""
    for name, func, params in ((UDF_NAME, validate_manifest_udf, ["VARCHAR", "VARCHAR"]),
                               (READ_UDF_NAME, read_manifest_udf, ["VARCHAR"])):
        try:
            conn.create_function(name, func, params, "VARCHAR")
        except Exception as exc:
            if "already" not in str(exc).lower():
                raise


def __getattr__(name: str):
    # dbt-duckdb looks up `Plugin` on this module; built on first use so that load.py, which only
    # validates, does not import dbt.
    if name != "Plugin":
        raise AttributeError(name)
    from dbt.adapters.duckdb.plugins import BasePlugin

    class Plugin(BasePlugin):
        """profiles.yml `plugins: [{module: gata_manifest}]`: registers gata_validate_manifest and
        gata_read_manifest."""

        def configure_connection(self, conn) -> None:
            register(conn)

    globals()["Plugin"] = Plugin
    return Plugin
