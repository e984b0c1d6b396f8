"""docs/CONTRIBUTING.md and docs/DECISIONS.md stay true to the tree: every file or folder they name
exists, and the adapter recipe names every macro that goes through adapter.dispatch."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ["docs/CONTRIBUTING.md", "docs/DECISIONS.md"]
# a path in backticks: a known top-level entry or a name with an extension, no placeholders or spaces
PATH = re.compile(r"`((?:\.?[\w.-]+/)*[\w.-]+\.(?:py|sql|yml|yaml|csv|md|toml|in|lock)|(?:\.?[\w.-]+/)+)`")


def named_paths(doc: str) -> list[str]:
    return sorted(set(PATH.findall((ROOT / doc).read_text())))


@pytest.mark.parametrize("doc", DOCS)
def test_every_named_path_exists(doc):
    paths = named_paths(doc)
    assert len(paths) >= (40 if doc.endswith("CONTRIBUTING.md") else 8)
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert missing == [], f"{doc} names files that do not exist"


def test_path_pattern_catches_a_missing_file():
    text = "see `macros/platform/marts/retail.sql` and `seeds/registry/gata_marts.csv`, not `<slug>__<mart>.sql`"
    found = PATH.findall(text)
    assert found == ["macros/platform/marts/retail.sql", "seeds/registry/gata_marts.csv"]
    assert [p for p in found if not (ROOT / p).exists()] == ["macros/platform/marts/retail.sql"]


def test_adapter_recipe_names_every_dispatched_macro():
    text = (ROOT / "docs/CONTRIBUTING.md").read_text()
    recipe = text[text.index("## Add an adapter"):text.index("## Add a vault-engine scenario")]
    dispatched = {m for p in (ROOT / "macros").rglob("*.sql")
                  for m in re.findall(r"adapter\.dispatch\('(\w+)', 'gata'\)", p.read_text())}
    assert len(dispatched) >= 20
    assert sorted(m for m in dispatched if f"`{m}`" not in recipe) == []
