"""Every macro of the vault core is documented in macros/vault/vault_core.yml, with one line per argument."""
import re
from pathlib import Path

import yaml

VAULT = Path(__file__).resolve().parents[2] / "macros" / "vault"
CORE_FILES = [*VAULT.glob("supporting/*.sql"), *VAULT.glob("staging/*.sql"),
              *(VAULT / "tables" / f for f in ["hub.sql", "link.sql", "sat.sql", "sat_ledger.sql", "key_table.sql"])]


def test_every_core_macro_documented_with_its_arguments():
    docs = {m["name"]: m for m in yaml.safe_load((VAULT / "vault_core.yml").read_text())["macros"]}
    seen = 0
    for path in CORE_FILES:
        for name, params in re.findall(r"\{%-?\s*macro\s+(\w+)\((.*?)\)\s*-?%\}", path.read_text()):
            seen += 1
            assert name in docs, f"{path.name}: macro {name} not in vault_core.yml"
            assert docs[name].get("description"), name
            wanted = [p.split("=")[0].strip() for p in params.split(",") if p.strip()]
            got = [a["name"] for a in docs[name].get("arguments", [])]
            assert got == wanted, f"{name}: documented arguments {got} != {wanted}"
    assert seen >= 30
