"""The linters the lock installs (ruff, sqlfluff) pass on the repo, with the project's own configuration,
and still catch what they are configured to catch. docs/CONTRIBUTING.md "Linters".

Nothing is written into the checkout: ruff only reads it, sqlfluff lints a copy.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*args: str, cwd: Path = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=cwd, input=stdin, capture_output=True, text=True,
                          check=False)


def test_ruff_check_passes_on_the_repo():
    proc = run("ruff", "check", "--no-cache", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("code,rule", [
    # not in ruff's default rule set: they fire only under pyproject.toml's extend-select
    ("print(list(zip([1], [2])))\n", "B905"),  # zip() without strict=
    ("import os\n\nprint(os)\nimport sys\n\nprint(sys)\n", "E402"),  # import not at the top
    # defaults, kept on by the project's configuration
    ("import sys\nimport os\n\nprint(os, sys)\n", "I001"),  # import order
    ("import datetime\n\nprint(datetime.timezone.utc)\n", "UP017"),  # Python 3.11 idiom
])
def test_ruff_uses_the_project_rules(code, rule):
    proc = run("ruff", "check", "--no-cache", "--output-format", "json", "--stdin-filename",
               "tests/product/_probe.py", "-",
               stdin=code)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert [v["code"] for v in json.loads(proc.stdout)] == [rule]


@pytest.fixture(scope="module")
def sqlfluff_run(tmp_path_factory):
    """One sqlfluff run over a copy of one tenant folder and the shared vault shells, plus two broken shells."""
    dest = tmp_path_factory.mktemp("sqlfluff") / "gata"
    for rel in [".sqlfluff", ".sqlfluffignore"]:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, dest / rel)
    for rel in ["tooling/sqlfluff_library", "models/tenants/acme", "models/vault"]:
        shutil.copytree(ROOT / rel, dest / rel, ignore=shutil.ignore_patterns("__pycache__"))
    bad = dest / "models/tenants/bad"
    bad.mkdir(parents=True)
    # a hand edit of a shell: upper-case keyword among lower case, trailing spaces, no final newline
    (bad / "bad__mixed_case.sql").write_text("select 1 as a  \nUNION ALL\nselect 2 as a")
    # Jinja written without spaces inside the braces
    (bad / "bad__jinja_spacing.sql").write_text("{{config(tags=['tenant:bad'])}}\nselect 1 as a\n")
    proc = run("sqlfluff", "lint", "--format", "json", "models/tenants/acme", "models/vault", "models/tenants/bad",
               cwd=dest)
    files = {Path(f["filepath"]).as_posix(): {v["code"] for v in f["violations"]} for f in json.loads(proc.stdout)}
    return proc, files


def test_sqlfluff_passes_on_generated_shells(sqlfluff_run):
    proc, files = sqlfluff_run
    shells = {p: codes for p, codes in files.items() if not p.startswith("models/tenants/bad/")}
    assert len([p for p in shells if p.startswith("models/tenants/acme/")]) == len(
        list((ROOT / "models/tenants/acme").glob("*.sql")))
    assert len([p for p in shells if p.startswith("models/vault/")]) == len(list((ROOT / "models/vault").rglob("*.sql")))
    assert {p: codes for p, codes in shells.items() if codes} == {}, proc.stderr


def test_sqlfluff_flags_broken_shells(sqlfluff_run):
    proc, files = sqlfluff_run
    assert proc.returncode == 1
    assert {"CP01", "LT01", "LT12"} <= files["models/tenants/bad/bad__mixed_case.sql"]
    assert "JJ01" in files["models/tenants/bad/bad__jinja_spacing.sql"]


def test_pre_commit_hooks_call_the_locked_tools():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    locked = (ROOT / "requirements.lock").read_text()
    for hook in hooks:
        assert hook["language"] == "system", hook["id"]
        tool = hook["entry"].split()[0]
        assert tool.startswith(".venv/bin/"), hook["id"]
        assert f"\n{tool.removeprefix('.venv/bin/')}==" in locked, f"{hook['id']}: {tool} not in requirements.lock"
    assert {h["id"] for h in hooks} == {"ruff", "sqlfluff"}
