"""API-shaped records from files, instead of mock data: `sources.<connector>.files: <folder>` in
tenants.yaml (relative to the project root) holds one `<object>.json` (a JSON array of records, shaped
exactly as the API returns them) or `<object>.jsonl` (one record per line) per root object loaded.
The records go through the same dlt resources as the mock (table names, merge keys, column hints)."""
from __future__ import annotations

import json
from pathlib import Path

from mockgen import GenError


def read_records(folder: Path, obj: str, where: str) -> tuple[Path, list[dict]]:
    """(file, records) of one object; `where` names tenant and connector for the error messages."""
    found = [p for p in (folder / f"{obj}.json", folder / f"{obj}.jsonl") if p.is_file()]
    if not found:
        raise GenError(f"{where}: file {folder / obj}.json (or .jsonl) not found: sources.<connector>.files "
                       f"needs one file per loaded object")
    if len(found) > 1:
        raise GenError(f"{where}: both {found[0]} and {found[1]} exist; keep one")
    path = found[0]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GenError(f"{where}: file {path}: cannot read ({exc})") from None
    if path.suffix == ".jsonl":
        records = [_parse(line, path, where, n) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    else:
        records = _parse(text, path, where)
        if not isinstance(records, list):
            raise GenError(f"{where}: file {path}: expected a JSON array of records, got a JSON {type(records).__name__}")
    for n, rec in enumerate(records, 1):
        if not isinstance(rec, dict):
            raise GenError(f"{where}: file {path}: record {n} is not a JSON object")
    return path, records


def _parse(text: str, path: Path, where: str, line: int | None = None):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        at = f"line {line}" if line else f"line {exc.lineno} column {exc.colno}"
        raise GenError(f"{where}: file {path}: invalid JSON at {at} ({exc.msg})") from None
