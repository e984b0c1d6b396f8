"""Raw keeps the newest version of a record: an incoming record older than the stored one (same
merge key, compared on the object's registry `cursor_field`, the record's own update time) is dropped
before dlt merges, so re-loading old days never moves raw data back in time.

Moments are compared as UTC epoch microseconds: incoming values are ISO 8601 strings (any offset,
`Z`, `+0000`; no offset = UTC) or datetimes; stored values are whatever dlt made of them (timestamptz
for detected ISO strings), cast to timestamptz in DuckDB. A record without an update time is kept
(nothing proves it older); equal times keep the incoming record (a re-load of the same state)."""
from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from mockgen import GenError

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def raw_name(key: str) -> str:
    """A record key as dlt's snake_case naming stores it (campaignId, CampaignId -> campaign_id)."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key).lower()


def flat_value(record: dict, column: str) -> Any:
    """The value dlt stores in raw column `column` (`customer__id` -> record["customer"]["id"]; keys
    spelled as the API does match by their normalised name: `adGroup__campaignId`,
    `_properties___last_seen` -> record["$properties"]["$last_seen"])."""
    node: Any = record
    for part in column.split("__"):
        if not isinstance(node, dict):
            return None
        node = node[part] if part in node else next(
            (v for k, v in node.items() if raw_name(k) == part or _normalise(k) == part), None)
    return node


@functools.lru_cache(maxsize=4096)
def _normalise(key: str) -> str:
    from dlt.common.normalizers.naming.snake_case import NamingConvention

    return NamingConvention().normalize_identifier(key)


def moment_us(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)  # ValueError for a malformed string
    if not isinstance(value, dt.datetime):
        raise ValueError(f"not an ISO 8601 timestamp: {value!r}")  # noqa: TRY004  (caught below as a bad value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return (value - EPOCH) // dt.timedelta(microseconds=1)


def incoming_moments(rows: list[dict], cursor: str, where: str) -> list[int | None]:
    """Each row's update time; a malformed one stops the run before anything is written."""
    out = []
    for n, row in enumerate(rows, 1):
        try:
            out.append(moment_us(flat_value(row, cursor)))
        except ValueError as exc:
            raise GenError(f"{where}: record {n}: {cursor}: {exc}") from None
    return out


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def stored_moments(con, dataset: str, table: str, keys: list[str], cursor: str) -> dict[tuple, int | None]:
    """{merge key (as text): stored update time} in one query; {} when the table or a column is missing."""
    have = {c for (c,) in con.execute(
        "select column_name from information_schema.columns where table_catalog = current_database() "
        "and table_schema = ? and table_name = ?", [dataset, table]).fetchall()}
    if not have or not set(keys) | {cursor} <= have:
        return {}
    con.execute("set TimeZone = 'UTC'")  # a naive stored timestamp means UTC, as for dlt
    cols = ", ".join(f"cast({quote(k)} as varchar)" for k in keys)
    rows = con.execute(f"select {cols}, epoch_us(try_cast({quote(cursor)} as timestamptz)) "
                       f"from {quote(dataset)}.{quote(table)}").fetchall()
    return {tuple(r[:-1]): r[-1] for r in rows}


def drop_stale(rows: list[dict], moments: list[int | None], keys: list[str],
               stored: dict[tuple, int | None]) -> tuple[list[dict], int]:
    """(rows to load, how many were older than the stored version)."""
    kept = []
    for row, moment in zip(rows, moments, strict=True):
        key = tuple(None if v is None else str(v) for v in (flat_value(row, k) for k in keys))
        old = stored.get(key)
        if moment is not None and old is not None and moment < old:
            continue
        kept.append(row)
    return kept, len(rows) - len(kept)


def drop_stale_stream(rows, cursor: str, keys: list[str], stored: dict[tuple, int | None], stale: dict, table: str):
    """drop_stale for streamed (generated) rows: yields the rows to load, counts the others in stale[table]."""
    stale[table] = 0
    for row in rows:
        moment = moment_us(flat_value(row, cursor))
        key = tuple(None if v is None else str(v) for v in (flat_value(row, k) for k in keys))
        old = stored.get(key)
        if moment is not None and old is not None and moment < old:
            stale[table] += 1
            continue
        yield row
