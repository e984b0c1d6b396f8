"""dbt's configured paths exist, and the engines' hand-written dbt unit tests
(tests/e2e/dbt_unit_tests/, run by the end-to-end `dbt build`) still match the committed demo shells
they test: every tested model and every ref/source input exists. A shell renamed or a depends_on added
by onboarding shows here in a second, not after the e2e build. No dbt start-up: YAML and file names only.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
UNIT_DIR = ROOT / "tests/e2e/dbt_unit_tests"
ACME = ROOT / "models/tenants/acme"


def unit_tests() -> list[dict]:
    return [t for p in sorted(UNIT_DIR.glob("*.yml")) for t in yaml.safe_load(p.read_text())["unit_tests"]]


def test_dbt_project_paths_exist():
    config = yaml.safe_load((ROOT / "dbt_project.yml").read_text())
    for key in ["model-paths", "macro-paths", "seed-paths", "test-paths"]:
        for rel in config[key]:
            assert (ROOT / rel).is_dir(), f"dbt_project.yml {key}: {rel} does not exist"
    # the unit tests stay out of every path dbt parses (a project without acme must parse)
    parsed = [ROOT / rel for key in ["model-paths", "macro-paths", "seed-paths", "test-paths"] for rel in config[key]]
    assert not any(UNIT_DIR.is_relative_to(p) for p in parsed)


def test_unit_tests_name_existing_models_and_inputs():
    models = {p.stem for p in ROOT.glob("models/**/*.sql")}
    sources = {(s["name"], t["name"]) for s in yaml.safe_load((ACME / "_acme__sources.yml").read_text())["sources"]
               for t in s["tables"]}
    tests = unit_tests()
    assert len(tests) >= 4
    for t in tests:
        assert t["model"] in models, f"{t['name']}: model {t['model']} is not in models/"
        shell = next(ROOT.glob(f"models/**/{t['model']}.sql")).read_text()
        needed = set(re.findall(r"\{\{ (ref\('\w+'\)|source\('\w+', '\w+'\)) \}\}", shell))
        given = {g["input"] for g in t["given"]}
        # dbt renders every ref/source of the shell as a fixture: each needs one (rows: [] when unused)
        assert needed <= given, f"{t['name']}: no fixture for {sorted(needed - given)}"
        for inp in given:
            if m := re.fullmatch(r"ref\('(\w+)'\)", inp):
                assert m.group(1) in models, f"{t['name']}: {inp}"
            else:
                m = re.fullmatch(r"source\('(\w+)', '(\w+)'\)", inp)
                assert m and (m.group(1), m.group(2)) in sources, f"{t['name']}: {inp}"
