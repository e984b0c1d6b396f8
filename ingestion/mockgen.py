"""Deterministic mock API payloads, driven by the registry (seeds/registry/) and generator_spec.yml.

The registry says which objects, raw tables and raw columns exist; the spec says how each value is made.
Every random draw comes from a `random.Random` seeded with a SHA-256 of (tenant, connector, object,
day, index...), so a day's data never depends on which range was asked for, nor on the process.

Timeline: day 0 is the connector's configured generation `start_date` (tenants.yaml or the registry
default). Entities (customers, campaigns...) are created before day 0. From day 1 on, each entity
changes on a given day with probability `evolve`: its `mutable` fields are redrawn and its updated
moment moves to that day. A load of days [a, b] emits each entity as it stands at the end of day b
(what loading a..b one day at a time, in order, leaves behind). Daily rows (orders, insights, events)
belong to their day only and never change.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "seeds" / "registry"
SPEC = Path(__file__).resolve().parent / "generator_spec.yml"


class GenError(ValueError):
    """A registry / spec / tenants.yaml problem; the message names the file and field."""


def read_registry(name: str, registry: Path = REGISTRY) -> list[dict[str, str]]:
    with (registry / f"{name}.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


def seed_of(*parts: Any) -> int:
    """A stable seed (unlike hash(), which is salted per process)."""
    return int.from_bytes(hashlib.sha256("|".join(map(str, parts)).encode()).digest()[:8], "big")


def money(x: Decimal | float, places: int = 2) -> str:
    return str(Decimal(str(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def nest(flat: dict[str, Any], api_names: dict[str, str] | None = None) -> dict[str, Any]:
    """`customer__id` -> {"customer": {"id": ...}}: the inverse of dlt's flattening. `api_names` maps a
    raw name to the key path the API really sends, '.'-separated (`properties___insert_id` ->
    `properties.$insert_id`), for keys dlt renames."""
    api_names = api_names or {}
    out: dict[str, Any] = {}
    for key, value in flat.items():
        *path, leaf = api_names[key].split(".") if key in api_names else key.split("__")
        node = out
        for part in path:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out


# --------------------------------------------------------------------------- registry checks
def required_columns(connector: str, registry: Path = REGISTRY) -> dict[str, set[str]]:
    """Raw table -> raw columns the registry reads from it (the columns the mock must produce)."""
    objects = {o["object"]: o for o in read_registry("gata_objects", registry) if o["connector"] == connector}
    need: dict[str, set[str]] = {o["raw_table"]: set() for o in objects.values()}
    for f in read_registry("gata_fields", registry):
        if f["connector"] != connector:
            continue
        obj = objects[f["object"]]
        if f["source"] == "column":
            need[obj["raw_table"]].add(f["expression"])
        elif f["source"] == "columns":
            need[obj["raw_table"]].update(f["expression"].split("|"))
        elif f["source"] == "parent":
            need[objects[obj["parent_object"]]["raw_table"]].add(f["expression"])
        elif f["source"] in ("child_sum", "child_max"):
            need.setdefault(f["child_table"], set()).update(c for c in (f["expression"], f["child_key"]) if c)
    for o in objects.values():
        # a merge-key part naming a list is the nested table `<raw_table>__<part>`, not a column
        need[o["raw_table"]].update(k for k in o["merge_key"].split("|") if k and f"{o['raw_table']}__{k}" not in need)
        need[o["raw_table"]].update(k for k in [o.get("cursor_field")] if k)
    return need


def merge_key_lists(o: dict, registry: Path = REGISTRY) -> list[str]:
    """The parts of an object's merge_key that name a list of its records (their nested table
    `<raw_table>__<part>` is one the registry reads), e.g. LinkedIn's pivotValues: dlt cannot merge on a
    list, so the loader merges on a row key made from every part (load.py, ROW_KEY)."""
    nested = required_columns(o["connector"], registry)
    return [k for k in o["merge_key"].split("|") if k and f"{o['raw_table']}__{k}" in nested]


def object_fields(spec: dict, obj: str) -> dict:
    """The fields of one object's records: its own, or (`detached_from: {object, list}`) those of a list
    of another object's records, emitted as a resource of its own (BigCommerce order products)."""
    ospec = spec[obj]
    if "detached_from" in ospec:
        src = ospec["detached_from"]
        return spec[src["object"]]["fields"][src["list"]]["fields"]
    return ospec["fields"]


def spec_columns(obj_spec: dict, table: str) -> dict[str, set[str]]:
    """Raw table -> raw columns the spec produces for one root object (child lists included)."""
    out = {table: set()}
    for name, fspec in obj_spec["fields"].items():
        if fspec.get("detach"):
            continue  # emitted as its own object (detached_from), not as a child table
        if "list" in fspec:
            out.update(spec_columns(fspec, f"{table}__{name}"))
        elif "items" in fspec:
            # dlt gives every child row its place in the list (_dlt_list_idx), which the registry may key on
            out[f"{table}__{name}"] = {k for item in fspec["items"] for k in item if k != "when"} | {"_dlt_list_idx"}
        else:
            out[table].add(name)
    return out


# Connector-level spec keys that are options, not objects.
CONNECTOR_OPTIONS = ("utc_offset", "key_case")


def api_key(name: str, case: str | None) -> str:
    """A raw (snake_case) key as the API spells it: `key_case: camel` (costMicros) or `pascal`
    (TimePeriod). dlt's snake_case naming turns it back into the raw name, which the registry uses."""
    if not case:
        return name
    parts = name.split("_")
    if case == "pascal":
        return "".join(p[:1].upper() + p[1:] for p in parts)
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def api_shape(value: Any, case: str | None) -> Any:
    """A generated record with every key (nested ones too) spelled as the API spells it."""
    if not case:
        return value
    if isinstance(value, dict):
        return {api_key(k, case): api_shape(v, case) for k, v in value.items()}
    if isinstance(value, list):
        return [api_shape(v, case) for v in value]
    return value


def check_spec(connector: str, spec: dict, registry: Path = REGISTRY) -> None:
    where = f"{SPEC.name} [{connector}]"
    if spec.get("key_case") not in (None, "camel", "pascal"):
        raise GenError(f"{where}: key_case must be camel or pascal, got {spec['key_case']!r}")
    roots = {o["raw_table"]: o["object"] for o in read_registry("gata_objects", registry)
             if o["connector"] == connector and not o["parent_object"]}
    made: dict[str, set[str]] = {}
    for obj in (k for k in spec if k not in CONNECTOR_OPTIONS):
        table = next((t for t, o in roots.items() if o == obj), None)
        if table is None:
            raise GenError(f"{where}: object {obj!r} is not a root object of {connector} in gata_objects.csv")
        made.update(spec_columns({"fields": object_fields(spec, obj)}, table))
    for table, cols in required_columns(connector, registry).items():
        missing = sorted(cols - made.get(table, set()))
        if missing:
            raise GenError(f"{where}: raw table {table!r} needs column(s) {missing} "
                           "(seeds/registry/gata_fields.csv / gata_objects.csv) but the spec makes none")


# --------------------------------------------------------------------------- generation
@dataclass
class Row:
    """What a value kind can see while a row is generated."""
    rng: random.Random
    index: int            # stable row index (id sequences)
    unit: int             # unit index inside its day (group/per_entity) or entity index
    created: dt.datetime
    updated: dt.datetime
    unit_moment: dt.datetime
    position: int = 0
    parent: Row | None = None
    values: dict[str, Any] = field(default_factory=dict)
    picks: dict[str, dict] = field(default_factory=dict)
    version_rng: random.Random | None = None
    unit_key: tuple = ()


class Generator:
    """Mock rows for one tenant and one connector."""

    def __init__(self, slug: str, connector: str, params: dict[str, Any], spec: dict, scale: float = 1.0):
        self.slug, self.connector, self.params, self.spec = slug, connector, params, spec
        self.scale = scale
        self.anchor: dt.date = params["start_date"]
        sign, hh, mm = spec.get("utc_offset", "+00:00")[0], *spec.get("utc_offset", "+00:00")[1:].split(":")
        delta = dt.timedelta(hours=int(hh), minutes=int(mm))
        self.tz = dt.timezone(-delta if sign == "-" else delta)
        self._entity_cache: dict[tuple, dict] = {}

    # ---- sizes
    def count(self, what: str | list[str]) -> int:
        """A volume: the product of generation parameters. `--scale` multiplies only the first (the top-level
        volume: campaigns, not ads per ad set), so every object grows linearly with the scale."""
        names = [what] if isinstance(what, str) else what
        n = 1
        for k, name in enumerate(names):
            if name not in self.params:
                raise GenError(f"{SPEC.name} [{self.connector}]: unknown generation parameter {name!r}")
            value = int(self.params[name])
            n *= max(1, round(value * self.scale)) if k == 0 else value
        return n

    def entity_count(self, obj: str) -> int:
        return self.count(self.spec[obj]["entities"])

    # ---- entities
    def change_days(self, obj: str, i: int, upto: dt.date) -> list[dt.date]:
        rate = float(self.spec[obj].get("evolve", 0))
        days = []
        d = self.anchor + dt.timedelta(days=1)
        while d <= upto:
            if random.Random(seed_of(self.slug, self.connector, obj, i, "change", d)).random() < rate:
                days.append(d)
            d += dt.timedelta(days=1)
        return days

    def entity(self, obj: str, i: int, as_of: dt.date) -> dict[str, Any]:
        key = (obj, i, as_of)
        if key not in self._entity_cache:
            base = random.Random(seed_of(self.slug, self.connector, obj, i))
            created = dt.datetime.combine(self.anchor, dt.time(), dt.UTC) - dt.timedelta(
                days=base.randint(1, 400), seconds=base.randint(0, 86399))
            changes = self.change_days(obj, i, as_of)
            updated = created
            if changes:
                updated = dt.datetime.combine(changes[-1], dt.time(), dt.UTC) + dt.timedelta(
                    seconds=random.Random(seed_of(self.slug, self.connector, obj, i, changes[-1])).randint(0, 86399))
            row = Row(rng=base, index=i, unit=i, created=created, updated=updated, unit_moment=created,
                      version_rng=random.Random(seed_of(self.slug, self.connector, obj, i, "v", len(changes))),
                      unit_key=(obj, i))
            self._entity_cache[key] = self.fill(obj, self.spec[obj]["fields"], row, as_of)
        return self._entity_cache[key]

    # ---- daily rows
    def day_rows(self, obj: str, day: dt.date) -> list[dict[str, Any]]:
        ospec, offset = self.spec[obj], (day - self.anchor).days
        daily = ospec["daily"]
        n = self.entity_count(daily["per_entity"]) if "per_entity" in daily else self.count(daily["count"])
        lo, hi = ospec.get("group", [1, 1])
        day0 = dt.datetime.combine(day, dt.time(), dt.UTC)
        rows = []
        for u in range(n):
            unit_rng = random.Random(seed_of(self.slug, self.connector, obj, day, u))
            # Units are spread over the day in index order, so ids/names grow with time.
            moment = day0 + dt.timedelta(seconds=int((u + unit_rng.random()) * 86400 / n))
            moment = moment.replace(microsecond=unit_rng.randint(0, 999999))
            size = unit_rng.randint(lo, hi)
            t = moment
            for pos in range(size):
                row = Row(rng=unit_rng, index=offset * n + u, unit=u, created=t, updated=t,
                          unit_moment=moment, position=pos, unit_key=(obj, day, u))
                rows.append(self.fill(obj, ospec["fields"], row, day))
                t = t + dt.timedelta(seconds=unit_rng.randint(5, 120), microseconds=unit_rng.randint(0, 999999))
        return rows

    # ---- values
    def fill(self, obj: str, fields: dict, row: Row, day: dt.date) -> dict[str, Any]:
        detached = [n for n, f in fields.items() if f.get("detach")]
        for name, fspec in fields.items():
            if "when" in fspec and not self.when_ok(fspec["when"], row):
                if "otherwise" in fspec:
                    row.values[name] = fspec["otherwise"]
                continue
            if "list" in fspec:
                lo, hi = fspec["list"]
                row.values[name] = [self.child(obj, fspec["fields"], row, k, day)
                                    for k in range(row.rng.randint(lo, hi))]
            elif "items" in fspec:
                row.values[name] = [self.child(obj, item, row, k, day) for k, item in enumerate(fspec["items"])
                                    if self.when_ok(item.get("when"), row)]
                if fspec.get("scalars"):
                    # a list of bare values (LinkedIn's pivotValues): dlt stores each as column `value`
                    row.values[name] = [child["value"] for child in row.values[name]]
            else:
                row.values[name] = self.value(obj, name, fspec, row, day)
        api_names = {n: f["api_name"] for n, f in fields.items() if "api_name" in f}
        record = nest({k: v for k, v in row.values.items() if k not in detached}, api_names)
        if detached:
            record["_gata_detached"] = {n: row.values[n] for n in detached}
        return record

    @staticmethod
    def when_ok(cond: dict | None, row: Row) -> bool:
        return all(row.values.get(k) in v for k, v in (cond or {}).items())

    def child(self, obj: str, fields: dict, parent: Row, k: int, day: dt.date) -> dict[str, Any]:
        fields = {n: f for n, f in fields.items() if n != "when"}
        row = Row(rng=parent.rng, index=parent.index * 10 + k, unit=parent.unit, created=parent.created,
                  updated=parent.updated, unit_moment=parent.unit_moment, parent=parent,
                  unit_key=parent.unit_key)
        return self.fill(obj, fields, row, day)

    def value(self, obj: str, name: str, f: dict, row: Row, day: dt.date) -> Any:
        rng = row.rng
        places = int(f.get("places", 2))
        if f.get("scope") == "tenant":
            rng = random.Random(seed_of(self.slug, self.connector, name))
        elif f.get("scope") == "unit":
            rng = random.Random(seed_of(self.slug, self.connector, *row.unit_key, name))
        elif f.get("mutable") and row.version_rng is not None:
            rng = row.version_rng
        kind = next(iter(f))
        arg = f[kind]
        # drawn first, from the field's own generator: the same rows are missing whatever the value kind
        if "missing" in f and rng.random() < float(f["missing"]["rate"]):
            return f["missing"].get("value")
        if kind == "seq":
            v: Any = arg + row.index
        elif kind == "const":
            v = arg
        elif kind == "choice":
            v = rng.choices(arg, weights=f.get("weights"))[0]
        elif kind == "int":
            v = rng.randint(*arg)
        elif kind == "float":
            v = round(rng.uniform(*arg), 2)
        elif kind == "money":
            v = money(rng.uniform(*arg), places)
        elif kind == "uuid":
            v = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        elif kind == "pool":
            v = f.get("start", 0) + rng.randrange(self.count(arg)) * f.get("step", 1)
        elif kind == "by_position":
            v = arg[min(row.position, len(arg) - 1)]
        elif kind == "copy":
            v = row.values[arg]
        elif kind == "parent":
            v = row.parent.values[arg]
        elif kind == "time":
            v = self.moment(arg, f, row)
        elif kind == "ref":
            v = self.ref(arg, f, row, day)[f["field"]]
        elif kind == "sum_of":
            a, b = f["times"]
            v = money(sum(Decimal(str(c[a])) * Decimal(str(c[b])) for c in row.values[arg]), places)
        elif kind == "product":
            v = money(Decimal(str(self.amount(row, arg[0]))) * Decimal(str(self.amount(row, arg[1]))), places)
        elif kind == "percent_of":
            base = self.total(row, arg) - self.total(row, f.get("minus", []))
            rate = Decimal(str(f.get("rate", 0)))
            if "rate_by" in f:  # the rate depends on another field of the row (a refunded share by status)
                rb = f["rate_by"]
                rate = Decimal(str(rb["values"].get(row.values.get(rb["field"]), rate)))
            if f.get("inclusive") and row.values.get(f["inclusive"]) is True:
                rate = rate / (1 + rate)  # tax contained in a tax-inclusive price
            v = money(base * rate, places)
        elif kind == "map":
            v = f["values"].get(row.values.get(arg), f.get("default"))
        elif kind == "add":
            skip = {a for a, flag in (f.get("skip") or {}).items() if row.values.get(flag) is True}
            v = money(self.total(row, [a for a in arg if a not in skip]) - self.total(row, f.get("minus", [])), places)
        else:
            raise GenError(f"{SPEC.name} [{self.connector}.{obj}.{name}]: unknown value kind {kind!r}")
        v = f["format"].format(v) if "format" in f else v
        v = int(v) if f.get("cast") == "int" else v
        if "or" in f and rng.random() < f["or"]["rate"]:
            return f["or"]["value"]  # e.g. WooCommerce's customer_id 0 for a guest, Stripe's null customer
        return v

    @staticmethod
    def amount(row: Row, ref: str) -> Decimal:
        """A number a money kind reads: `f` (a field of this row), `f.g` (field g summed over the rows of
        list f), `../f` (a field of the parent row); a field the row lacks (left out by `when`) is 0."""
        if ref.startswith("../"):
            return Generator.amount(row.parent, ref[3:])
        if "." in ref:
            lst, sub = ref.split(".", 1)
            return sum((Decimal(str(c.get(sub) or 0)) for c in flat_rows(row.values.get(lst))), Decimal(0))
        return Decimal(str(row.values.get(ref) or 0))

    def total(self, row: Row, refs: str | list[str]) -> Decimal:
        return sum((self.amount(row, r) for r in ([refs] if isinstance(refs, str) else refs)), Decimal(0))

    def moment(self, which: str, f: dict, row: Row) -> Any:
        t = {"created": row.created, "updated": row.updated, "unit": row.unit_moment}[which]
        if f.get("epoch") in ("s", "ms", "us"):
            scale = {"s": 1, "ms": 1_000, "us": 1_000_000}[f["epoch"]]
            return int(t.timestamp()) * scale + t.microsecond * scale // 1_000_000
        local = t.astimezone(dt.UTC if f.get("zone") == "utc" else self.tz)
        # %:z (+05:00) is Python 3.12+; render it ourselves.
        off = local.strftime("%z")
        return local.strftime(f.get("strftime", "%Y-%m-%dT%H:%M:%S%z").replace("%:z", f"{off[:3]}:{off[3:]}"))

    def ref(self, target: str, f: dict, row: Row, day: dt.date) -> dict[str, Any]:
        """One row of another object; every ref to the same object within a row shares the pick."""
        if target not in row.picks:
            if f.get("pick") == "unit" or "per" in f:
                # per: a ratio, never scaled; with both, the unit's parent (a report row per ad -> its ad group)
                i = (row.unit if f.get("pick") == "unit" else row.index) // (int(self.params[f["per"]]) if "per" in f else 1)
            else:
                i = row.rng.randrange(self.entity_count(target))
            row.picks[target] = self.entity(target, i, day)
        return flat(row.picks[target])

    # ---- public
    def rows(self, obj: str, days: list[dt.date]) -> Iterator[dict[str, Any]]:
        """The object's rows, generated one day (or one entity) at a time: a caller that streams them to
        dlt holds one day in memory, whatever the scale. Keys are spelled as the API does (key_case).
        A detached object (detached_from) yields the list entries its parent's rows carried."""
        ospec, case = self.spec[obj], self.spec.get("key_case")
        if "detached_from" in ospec:
            src = ospec["detached_from"]
            for r in self._rows(src["object"], days):
                for c in r["_gata_detached"][src["list"]]:
                    yield api_shape(c, case)
            return
        for r in self._rows(obj, days):
            yield api_shape({k: v for k, v in r.items() if k != "_gata_detached"}, case)

    def _rows(self, obj: str, days: list[dt.date]) -> Iterator[dict[str, Any]]:
        if "entities" in self.spec[obj]:
            last = max(days)
            for i in range(self.entity_count(obj)):
                yield self.entity(obj, i, last)
            return
        for d in days:
            yield from self.day_rows(obj, d)
            # entity versions of past days are never asked for again
            self._entity_cache = {k: v for k, v in self._entity_cache.items() if k[2] >= d}


def flat_rows(rows: list | None) -> list[dict[str, Any]]:
    """List entries as flat dicts (child records are nested like API records)."""
    return [flat(r) for r in rows or []]


def flat(d: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flat(v, f"{prefix}{k}__"))
        else:
            out[f"{prefix}{k}"] = v
    return out


NUMERIC = {"seq": "bigint", "int": "bigint", "pool": "bigint", "float": "double"}


def leaf_type(f: dict, fields: dict, spec: dict, parent_fields: dict | None = None) -> str | None:
    """The dlt type a spec leaf's values get when they are numbers (None: strings, left to dlt's own
    detection). `ref`, `copy` and `parent` take the type of the field they copy."""
    kind = next(iter(f))
    if f.get("cast") == "int" or (kind == "time" and "epoch" in f):
        return "bigint"
    if "format" in f:
        return None
    if (kind == "choice" and all(isinstance(c, bool) for c in f["choice"])) or (
            kind == "map" and all(isinstance(c, bool) for c in [*f["values"].values(), f.get("default")])):
        return "bool"
    if kind == "ref":
        target = spec[f["ref"]]["fields"]
        return leaf_type(target[f["field"]], target, spec) if f["field"] in target else None
    if kind == "copy" and f["copy"] in fields:
        return leaf_type(fields[f["copy"]], fields, spec, parent_fields)
    if kind == "parent" and parent_fields and f["parent"] in parent_fields:
        return leaf_type(parent_fields[f["parent"]], parent_fields, spec)
    return NUMERIC.get(kind)


def column_hints(fields: dict, spec: dict | None = None, parent_fields: dict | None = None) -> dict[tuple, list[dict]]:
    """dlt type hints for numeric leaves, keyed by list path (() = the root table), so that a column
    exists even when a load has only nulls in it (GA4 `value__double_value` on a day without purchases).
    With the connector's `spec`, copied values (ref, copy, parent) get their source field's type."""
    out: dict[tuple, list[dict]] = {(): []}
    for name, f in fields.items():
        if f.get("detach"):
            continue  # its own object (detached_from): hinted there
        if "list" in f or "items" in f:
            for item in [f["fields"]] if "list" in f else f["items"]:
                child = {k: v for k, v in item.items() if k != "when"}
                for path, cols in column_hints(child, spec, fields).items():
                    known = out.setdefault((name, *path), [])
                    known += [c for c in cols if c not in known]
            continue
        dtype = leaf_type(f, fields, spec or {}, parent_fields)
        if dtype:
            out[()].append({"name": name, "data_type": dtype, "nullable": True})
    return out


def registry_hints(connector: str, obj: dict, spec: dict, registry: Path = REGISTRY) -> dict[tuple, list[dict]]:
    """Type hints for every raw column the registry reads from a root object's tables (its own, its
    child lists), so dlt creates each one even when a load has only NULLs in it (a first load of guest
    orders only has no `customer__id`). Numbers keep the spec's type; otherwise a column the registry
    reads as a plain timestamp, and the cursor_field, are dlt `timestamp` (what dlt's detection makes of
    ISO strings: timestamptz); the rest is `text` (money and integer strings stay strings)."""
    src = spec[obj["object"]].get("detached_from")
    hints = column_hints(object_fields(spec, obj["object"]), spec, spec[src["object"]]["fields"] if src else None)
    table = obj["raw_table"]
    timestamps = {(table, obj["cursor_field"])} if obj.get("cursor_field") else set()
    objects = {o["object"]: o for o in read_registry("gata_objects", registry) if o["connector"] == connector}
    for f in read_registry("gata_fields", registry):
        if f["connector"] == connector and f["source"] in ("column", "parent") and not f["format"] \
                and f["data_type"].startswith("timestamp"):
            o = objects[f["object"]]
            timestamps.add((objects[o["parent_object"]]["raw_table"] if f["source"] == "parent" else o["raw_table"],
                            f["expression"]))
    for raw_table, cols in required_columns(connector, registry).items():
        if raw_table != table and not raw_table.startswith(table + "__"):
            continue
        path = tuple(raw_table[len(table) + 2:].split("__")) if raw_table != table else ()
        known = hints.setdefault(path, [])
        typed = {c["name"] for c in known}
        known += [{"name": c, "data_type": "timestamp" if (raw_table, c) in timestamps else "text", "nullable": True}
                  for c in sorted(cols - typed) if not c.startswith("_dlt_")]  # dlt's own columns
    return hints


def load_spec(path: Path = SPEC) -> dict:
    return yaml.safe_load(path.read_text())
