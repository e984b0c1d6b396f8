"""The tenants.yaml `freshness` key: every bad value refused by the one validator (gata_manifest) with a
message naming tenant, file and field, and load.py loading nothing then. What onboarding writes from
it and what `dbt source freshness` reports: tests/product/test_daily_flow.py (same project as the
README flow, to save dbt runs)."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from flow_helpers import ROOT, acme_manifest, env_for, run

pytestmark = pytest.mark.xdist_group("product_freshness")

GOOD = "{warn_after_hours: 12, error_after_hours: 48}"
TENANTS = acme_manifest(f"""\
      shopify:
        freshness: {GOOD}
""")

BAD = [
    ('{warn_after_hours: "12"}', 'sources.shopify.freshness.warn_after_hours: must be a whole number of hours >= 1 (got "12")'),
    ("{warn_after_hours: 0}", "sources.shopify.freshness.warn_after_hours: must be a whole number of hours >= 1 (got 0)"),
    ("{error_after_hours: 1.5}", "sources.shopify.freshness.error_after_hours: must be a whole number of hours >= 1 (got 1.5)"),
    ("{warn_after_hours: true}", "sources.shopify.freshness.warn_after_hours: must be a whole number of hours >= 1 (got true)"),
    ("{warn_hours: 3}", "sources.shopify.freshness.warn_hours: unknown key (allowed: error_after_hours, warn_after_hours)"),
    ("12", "sources.shopify.freshness: must be a mapping with keys error_after_hours, warn_after_hours (hours)"),
    ("{warn_after_hours: 48, error_after_hours: 48}",
     "sources.shopify.freshness: warn_after_hours (48) must be less than error_after_hours (48)"),
]


def with_freshness(value: str) -> str:
    return TENANTS.replace(GOOD, value)


@pytest.mark.parametrize("value, message", BAD)
def test_bad_freshness_is_refused_naming_tenant_file_and_field(value, message):
    spec = importlib.util.spec_from_file_location("gata_manifest_of_checkout", ROOT / "gata_manifest.py")
    gata_manifest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gata_manifest)  # this checkout's validator, not an installed older copy
    assert gata_manifest.check(with_freshness(value), ROOT)[1] == [f"tenants.yaml: tenant 'acme': {message}"]


def test_load_py_refuses_bad_freshness_and_loads_nothing(tmp_path):
    value, message = BAD[0]
    bad, db = tmp_path / "tenants.yaml", tmp_path / "gata.duckdb"
    bad.write_text(with_freshness(value))
    proc = run([sys.executable, str(ROOT / "ingestion/load.py"), "--tenants-file", str(bad), "--database", str(db)],
               tmp_path, env_for(ROOT), check=False)
    assert proc.returncode == 2
    assert f"tenants.yaml: tenant 'acme': {message}" in proc.stderr
    assert "nothing was loaded" in proc.stderr
    assert not db.exists()
