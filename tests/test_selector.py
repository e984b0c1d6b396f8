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
