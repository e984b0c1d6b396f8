"""The `tenant:` selector plugin under an editable install (`pip install -e .`, what `uv sync` does too).

dbt finds plugin modules with pkgutil.iter_modules over sys.path; setuptools' default editable install
of top-level modules is an import hook that pkgutil does not see, so dbt would say `tenant` is not a
valid method. pyproject.toml's `package-dir = {"" = "."}` makes it a plain .pth line instead.

Isolation: a throwaway venv (no pip of its own) whose only other path is a folder of links to the
test venv's site-packages minus gata's own modules, so the installed copy in the shared venv cannot
answer for the editable one; the shared venv is never written to."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flow_helpers import ROOT, env_for, run

pytestmark = pytest.mark.xdist_group("product_paths")

OURS = ("dbt_gata", "gata_manifest", "gata-", "__editable__")


@pytest.fixture(scope="module")
def editable(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("editable")
    src = tmp / "gata"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "dbt_gata.py", "gata_manifest.py"):
        shutil.copy(ROOT / name, src / name)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp / "venv")], check=True)
    site = next((tmp / "venv/lib").glob("python*/site-packages"))
    shadow = tmp / "shared"
    shadow.mkdir()
    shared_site = Path(next(p for p in sys.path if p.endswith("site-packages") and Path(p, "dbt").is_dir()))
    for entry in shared_site.iterdir():
        if not entry.name.startswith(OURS) and entry.suffix != ".pth" and entry.name != "__pycache__":
            (shadow / entry.name).symlink_to(entry)
    (site / "_shared.pth").write_text(f"{shadow}\n")
    python = str(tmp / "venv/bin/python")
    env = env_for(src)
    env.pop("PYTHONPATH")  # only the install may make dbt_gata importable
    install = run([python, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps", "--no-build-isolation",
                   "--disable-pip-version-check", "-e", str(src)], tmp, env)
    project = tmp / "selectors_project"
    (project / "models").mkdir(parents=True)
    (project / "dbt_project.yml").write_text("name: sel\nversion: '1.0.0'\nconfig-version: 2\nprofile: sel\n")
    (project / "profiles.yml").write_text(
        f"sel:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: {project / 'x.duckdb'}\n")
    for name, tags in {"only_acme": ["tenant:acme"], "shared": ["tenant:acme", "tenant:globex"],
                       "only_globex": ["tenant:globex"]}.items():
        (project / "models" / f"{name}.sql").write_text(f"{{{{ config(tags={tags!r}) }}}}\nselect 1 as x\n")
    ls = run([python, "-c", "import sys; from dbt.cli.main import cli; sys.exit(cli())", "ls", "--resource-type", "model",
              "--output", "name", "--quiet", "--select", "tenant:acme"], project, env, check=False)
    where = run([python, "-c", ("import dbt_gata, pkgutil; print(dbt_gata.__file__); "
                                "print(sorted(m.name for m in pkgutil.iter_modules() if m.name == 'dbt_gata'))")],
                tmp, env)
    return {"site": site, "src": src, "install": install, "ls": ls, "where": where.stdout.split("\n")}


def test_editable_install_is_a_plain_path_entry(editable):
    pth = [p.read_text().strip() for p in editable["site"].glob("__editable__*.pth")]
    assert pth == [str(editable["src"])]
    assert not list(editable["site"].glob("__editable__*finder*.py")), "an import hook hides dbt_gata from dbt"
    assert editable["where"][0] == str(editable["src"] / "dbt_gata.py")
    assert editable["where"][1] == "['dbt_gata']"


def test_tenant_selector_works_under_the_editable_install(editable):
    assert editable["ls"].returncode == 0, editable["ls"].stdout + editable["ls"].stderr
    assert sorted(editable["ls"].stdout.split()) == ["only_acme", "shared"]
