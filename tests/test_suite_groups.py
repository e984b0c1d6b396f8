"""The suite's parallel layout: under pytest-xdist each module is one group."""
import os

import pytest


@pytest.mark.skipif(not os.environ.get("PYTEST_XDIST_WORKER"), reason="runs serially (-n 0)")
def test_this_module_runs_as_one_xdist_group(request):
    # xdist puts the group after '@' in the node id; without it each test is scheduled alone and modules
    # whose tests build on one module-scoped project (e.g. tests/trust/test_onboarding_faults.py) break.
    assert request.node.nodeid.endswith("@tests/test_suite_groups.py")
