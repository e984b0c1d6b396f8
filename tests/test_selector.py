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


# --- the linear test edges of `dbt build` ------------------------------------------------------------


def _graph_and_manifest():
    """A vault-shaped graph: two tenants' staging feed one shared hub, each tenant's mart reads the hub.
    Tests: one per node, and one relationship-like test on two nodes."""
    from types import SimpleNamespace

    from dbt.compilation import Linker
    from dbt.node_types import NodeType

    edges = [("source.t1", "model.stg_t1"), ("source.t2", "model.stg_t2"), ("model.stg_t1", "model.hub"),
             ("model.stg_t2", "model.hub"), ("model.hub", "model.mart_t1"), ("model.hub", "model.mart_t2"),
             ("model.stg_t1", "model.mart_t1")]
    tests = {"test.nn_stg_t1": ["model.stg_t1"], "test.nn_stg_t2": ["model.stg_t2"], "test.nn_hub": ["model.hub"],
             "test.rel_t1": ["model.hub", "model.stg_t1"], "test.both_stg": ["model.stg_t1", "model.stg_t2"]}
    linker = Linker()
    for a, b in edges:
        linker.dependency(b, a)
    for t, deps in tests.items():
        for d in deps:
            linker.dependency(t, d)
    nodes = {n: SimpleNamespace(resource_type=NodeType.Model, depends_on_nodes=[])
             for n in linker.graph if n.startswith("model.")}
    nodes.update({t: SimpleNamespace(resource_type=NodeType.Test, depends_on_nodes=d) for t, d in tests.items()})
    child_map = {n: list(linker.graph.successors(n)) for n in linker.graph}
    return linker, SimpleNamespace(nodes=nodes, child_map=child_map)


def test_build_uses_the_linear_test_edges_with_the_same_waits_as_dbts_default():
    import networkx as nx
    from dbt.compilation import Linker

    import dbt_gata  # noqa: F401

    assert Linker._gata_linear_test_edges is True
    reference, manifest = _graph_and_manifest()
    reference.add_test_edges_1(manifest)
    patched, manifest = _graph_and_manifest()
    patched.add_test_edges(manifest)
    # Every wait dbt's default adds (test -> model) holds in the patched graph, directly or through a path,
    # and the patched graph adds no wait the default has not: the same transitive closure.
    assert set(nx.transitive_closure(patched.graph).edges) == set(nx.transitive_closure(reference.graph).edges)
    # Concretely: each mart waits for the hub's tests (the vault is shared); no staging waits for another's.
    closure = nx.transitive_closure(patched.graph)
    assert closure.has_edge("test.nn_hub", "model.mart_t1") and closure.has_edge("test.nn_hub", "model.mart_t2")
    assert closure.has_edge("test.rel_t1", "model.mart_t1") and closure.has_edge("test.rel_t1", "model.mart_t2")
    assert not closure.has_edge("test.nn_stg_t1", "model.stg_t2") and not closure.has_edge("test.rel_t1", "model.hub")
    assert closure.has_edge("test.nn_stg_t2", "model.hub")
    assert closure.has_edge("test.both_stg", "model.hub") and not closure.has_edge("test.both_stg", "model.stg_t1")


@pytest.mark.parametrize("seed", range(40))
def test_linear_test_edges_give_dbts_waits_on_random_graphs(seed):
    """dbt's default (add_test_edges_1) is the reference: random DAGs whose models read sources, with tests
    on one, two (parent and child, or unrelated) and three models."""
    import random
    from types import SimpleNamespace

    import networkx as nx
    from dbt.compilation import Linker
    from dbt.node_types import NodeType

    import dbt_gata  # noqa: F401

    rnd = random.Random(seed)
    models = [f"model.m{i}" for i in range(14)]
    edges = [(f"source.s{rnd.randrange(3)}", m) for m in models if rnd.random() < 0.6]
    edges += [(a, b) for i, a in enumerate(models) for b in models[i + 1:] if rnd.random() < 0.15]
    tests = {}
    for i in range(10):
        k = rnd.choice([1, 1, 2, 2, 3])
        deps = rnd.sample(models, k)
        if k == 2 and rnd.random() < 0.5 and edges:  # a parent and its child, as rows_kept_out_of_vault
            deps = list(rnd.choice([e for e in edges if e[0].startswith("model.")] or [edges[0]]))
        tests[f"test.t{i}"] = sorted(set(deps))

    def build():
        linker = Linker()
        for m in models:
            linker.add_node(m)
        for a, b in edges:
            linker.dependency(b, a)
        for t, deps in tests.items():
            for d in deps:
                linker.dependency(t, d)
        nodes = {m: SimpleNamespace(resource_type=NodeType.Model, depends_on_nodes=[]) for m in models}
        nodes.update({t: SimpleNamespace(resource_type=NodeType.Test, depends_on_nodes=d) for t, d in tests.items()})
        return linker, SimpleNamespace(nodes=nodes, child_map={n: list(linker.graph.successors(n))
                                                                 for n in linker.graph})

    reference, manifest = build()
    reference.add_test_edges_1(manifest)
    patched, manifest = build()
    patched.add_test_edges(manifest)
    assert set(nx.transitive_closure(patched.graph).edges) == set(nx.transitive_closure(reference.graph).edges)
    assert patched.graph.number_of_edges() <= reference.graph.number_of_edges()


def test_a_failing_test_still_skips_every_model_downstream_in_a_build(tmp_path):
    import json

    (tmp_path / "dbt_project.yml").write_text("name: edg\nversion: '1.0.0'\nconfig-version: 2\nprofile: edg\n")
    (tmp_path / "profiles.yml").write_text(
        f"edg:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: {tmp_path / 'x.duckdb'}\n"
    )
    models = tmp_path / "models"
    models.mkdir()
    (models / "a.sql").write_text("select cast(null as integer) as id\n")
    (models / "b.sql").write_text("select * from {{ ref('a') }}\n")
    (models / "c.sql").write_text("select * from {{ ref('b') }}\n")
    (models / "a.yml").write_text(
        "models:\n  - name: a\n    columns:\n      - name: id\n        data_tests: [not_null]\n"
    )
    proc = subprocess.run([str(BIN / "dbt"), "build"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode != 0
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    status = {r["unique_id"].split(".")[-1] if r["unique_id"].startswith("model.") else "not_null": r["status"]
              for r in results}
    assert status == {"a": "success", "not_null": "fail", "b": "skipped", "c": "skipped"}, status
