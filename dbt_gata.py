"""dbt plugin module: adds the selector method `tenant:<slug>` to dbt, and makes its cycle check linear.

dbt imports every top-level module whose name starts with ``dbt_`` when it sets up a
project (dbt.plugins.manager), before it parses any ``--select``. On import this module
teaches dbt's selection parser that ``tenant:acme`` means ``tag:tenant:acme``: every
model that onboarding generates for a tenant, and every shared vault model it feeds,
carries that tag. So both spellings select exactly the same nodes, and graph operators
work as usual (``+tenant:acme``, ``tenant:acme+``).

YAML selectors (selectors.yml) are read before dbt imports plugins, so there write
``tag:tenant:acme``.

It also makes two of dbt's graph steps linear in tenants instead of quadratic (below): the cycle check,
and the test edges `dbt build` adds so that a model waits for the tests of its parents.

Installed by ``python3 tasks.py setup`` (``pip install .``). An editable
install (``pip install -e .``, ``uv sync``) works too: pyproject.toml's ``package-dir`` makes it a plain
``.pth`` path entry, which dbt's discovery (pkgutil) sees, instead of an import hook, which it does not.
"""
from __future__ import annotations

import re
from typing import Any

from dbt.graph.selector_spec import SelectionCriteria
from dbt_common.exceptions import DbtRuntimeError

METHOD = "tenant"
SLUG = re.compile(r"[a-z][a-z0-9_]{1,62}")  # used with fullmatch: `$` accepts a final "\n"


def _translate(dct: dict[str, Any]) -> dict[str, Any]:
    """Rewrite a parsed selector {method: tenant, value: acme} to {method: tag, value: tenant:acme}."""
    if dct.get("method") != METHOD:
        return dct
    value = dct.get("value") or ""
    # fnmatch wildcards are allowed (tenant:* selects every tenant); anything else must be a slug.
    if value != "*" and not SLUG.fullmatch(value):
        raise DbtRuntimeError(
            f"tenant selector: '{value}' is not a tenant slug (expected ^[a-z][a-z0-9_]{{1,62}}$)"
        )
    return {**dct, "method": "tag", "value": f"{METHOD}:{value}"}


def _install() -> None:
    if getattr(SelectionCriteria, "_gata_tenant_method", False):
        return
    from_dict = SelectionCriteria.selection_criteria_from_dict.__func__

    def selection_criteria_from_dict(cls, raw, dct):
        return from_dict(cls, raw, _translate(dct))

    SelectionCriteria.selection_criteria_from_dict = classmethod(selection_criteria_from_dict)
    SelectionCriteria._gata_tenant_method = True


def _install_linear_cycle_check() -> None:
    """dbt looks for a dependency cycle with networkx.find_cycle, which starts a depth-first walk at every
    root (each source, seed) and walks again the shared vault's descendants (every tenant's marts, tests,
    metrics) for each: time grows with tenants squared (8.7 of 23.5 s of `dbt ls` at 50 tenants, profiled).
    A DAG test is linear; only a graph that has a cycle takes dbt's own search, which names the cycle."""
    import networkx as nx
    from dbt.compilation import Linker

    if getattr(Linker, "_gata_linear_cycle_check", False):
        return
    find_cycles = Linker.find_cycles

    def linear_find_cycles(self):
        return None if nx.is_directed_acyclic_graph(self.graph) else find_cycles(self)

    Linker.find_cycles = linear_find_cycles
    Linker._gata_linear_cycle_check = True


def test_edges(graph, manifest) -> list[tuple[str, str]]:
    """The waits `dbt build` needs, in time linear in the graph for the tests Gata generates.

    dbt's rule (``Linker.add_test_edges_1``): a model N waits for a test T when every node T depends on is
    an ancestor of N. dbt's default checks it by walking every model's whole upstream; a tenant's mart has
    every tenant's staging upstream through the shared vault, so that grows with tenants squared (89.7 s
    of a one-tenant build at 200 tenants). Here each test waits only at the first executable nodes below
    what it tests; everything further down waits through them, so the order is the same with fewer edges.
    dbt's own fast variant (``add_test_edges_2``, hidden flag --use-fast-test-edges) is not used: it drops
    the waits of tests on two models when a model reads a source, which every Gata model does.
    """
    def executable(n: str) -> bool:
        node = manifest.nodes.get(n)
        return node is not None and not n.startswith("test.") and node.resource_type != "test"

    def first_executable_below(roots) -> set[str]:
        # Successors, passing through nodes that do not run (semantic models, metrics, exposures).
        found, seen, todo = set(), set(roots), list(roots)
        while todo:
            for s in graph.successors(todo.pop()):
                if s in seen:
                    continue
                seen.add(s)
                if executable(s):
                    found.add(s)
                elif not s.startswith("test."):
                    todo.append(s)
        return found

    edges: list[tuple[str, str]] = []
    for test_id, node in manifest.nodes.items():
        if not test_id.startswith("test.") or test_id not in graph:
            continue
        deps = sorted(set(node.depends_on_nodes))
        if not deps or any(d not in graph for d in deps):
            continue
        # The deepest dep, when every other dep is one of its parents (rows_kept_out_of_vault: src -> stg).
        deepest = [d for d in deps if all(o == d or graph.has_edge(o, d) for o in deps)]
        if deepest:
            targets = first_executable_below(deepest[:1])
        else:
            # General case (a relationship test across models): the nodes below every dep, entered from
            # outside that set.
            import networkx as nx

            below = set.intersection(*(nx.descendants(graph, d) for d in deps))
            targets = {n for n in below if executable(n) and not any(p in below for p in graph.predecessors(n))}
        edges += [(test_id, n) for n in sorted(targets)]
    return edges


def _install_linear_test_edges() -> None:
    from dbt.compilation import Linker

    if getattr(Linker, "_gata_linear_test_edges", False):
        return

    def add_test_edges(self, manifest):
        for test_id, node_id in test_edges(self.graph, manifest):
            self.graph.add_edge(test_id, node_id, edge_type="parent_test")

    Linker.add_test_edges = add_test_edges
    Linker._gata_linear_test_edges = True


_install()
_install_linear_cycle_check()
_install_linear_test_edges()
