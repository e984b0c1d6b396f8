"""dbt plugin module: adds the selector method `tenant:<slug>` to dbt, and makes its cycle check linear.

dbt imports every top-level module whose name starts with ``dbt_`` when it sets up a
project (dbt.plugins.manager), before it parses any ``--select``. On import this module
teaches dbt's selection parser that ``tenant:acme`` means ``tag:tenant:acme``: every
model that onboarding generates for a tenant, and every shared vault model it feeds,
carries that tag. So both spellings select exactly the same nodes, and graph operators
work as usual (``+tenant:acme``, ``tenant:acme+``).

YAML selectors (selectors.yml) are read before dbt imports plugins, so there write
``tag:tenant:acme``.

It also makes dbt's cycle check linear in tenants (below); it changes nothing else.

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


_install()
_install_linear_cycle_check()
