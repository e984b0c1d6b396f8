"""The `tenant:<slug>` selector method added by the dbt_gata plugin module."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent

MODELS = {
    # name: tags
    "only_acme": ["tenant:acme"],
    "shared": ["tenant:acme", "tenant:globex"],
    "only_globex": ["tenant:globex"],
    "untagged": [],
    "acme_lookalike": ["tenant:acme_eu"],
}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("selector_project")
    (root / "dbt_project.yml").write_text("name: sel\nversion: '1.0.0'\nconfig-version: 2\nprofile: sel\n")
    (root / "profiles.yml").write_text(
        f"sel:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: {root / 'x.duckdb'}\n"
    )
    (root / "models").mkdir()
    for name, tags in MODELS.items():
        (root / "models" / f"{name}.sql").write_text(f"{{{{ config(tags={tags!r}) }}}}\nselect 1 as x\n")
    return root


def ls(project: Path, *select: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "dbt"), "ls", "--resource-type", "model", "--output", "name", "--quiet", "--select", *select],
        cwd=project, capture_output=True, text=True,
    )


def names(proc: subprocess.CompletedProcess) -> set[str]:
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return set(proc.stdout.split())


def test_tenant_method_equals_tag_method(project):
    expected = {n for n, tags in MODELS.items() if "tenant:acme" in tags}
    assert names(ls(project, "tenant:acme")) == expected == {"only_acme", "shared"}
    assert names(ls(project, "tag:tenant:acme")) == expected


def test_tenant_method_does_not_prefix_match_other_tenants(project):
    assert "acme_lookalike" not in names(ls(project, "tenant:acme"))
    assert names(ls(project, "tenant:acme_eu")) == {"acme_lookalike"}


def test_tenant_wildcard_and_union(project):
    tagged = {n for n, tags in MODELS.items() if tags}
    assert names(ls(project, "tenant:*")) == tagged
    assert names(ls(project, "tenant:acme", "tenant:globex")) == {"only_acme", "shared", "only_globex"}


def test_tenant_method_rejects_a_non_slug(project):
    proc = ls(project, "tenant:Acme;drop")
    assert proc.returncode != 0
    assert "is not a tenant slug" in proc.stdout + proc.stderr


# --- the linear cycle check -------------------------------------------------------------------------


def test_patched_cycle_check_passes_a_dag_and_still_finds_a_cycle():
    from dbt.compilation import Linker

    import dbt_gata  # noqa: F401  (installs the patch on import, as dbt's plugin manager does)

    assert Linker._gata_linear_cycle_check is True
    dag = Linker()
    for a, b in [("source.s", "model.a"), ("model.a", "model.b"), ("model.a", "model.c"), ("model.b", "model.c")]:
        dag.dependency(b, a)
    assert dag.find_cycles() is None
    cyclic = Linker()
    for a, b in [("source.s", "model.a"), ("model.a", "model.b"), ("model.b", "model.c"), ("model.c", "model.a")]:
        cyclic.dependency(b, a)
    cycle = cyclic.find_cycles()
    assert cycle is not None and {"model.a", "model.b", "model.c"} <= set(cycle.split(" --> "))


def test_dbt_still_refuses_a_project_with_a_cycle(tmp_path):
    (tmp_path / "dbt_project.yml").write_text("name: cyc\nversion: '1.0.0'\nconfig-version: 2\nprofile: cyc\n")
    (tmp_path / "profiles.yml").write_text(
        f"cyc:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: {tmp_path / 'x.duckdb'}\n"
    )
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "a.sql").write_text("select * from {{ ref('b') }}\n")
    (tmp_path / "models" / "b.sql").write_text("select * from {{ ref('a') }}\n")
    proc = ls(tmp_path, "a")
    assert proc.returncode != 0
    assert "Found a cycle" in proc.stdout + proc.stderr
