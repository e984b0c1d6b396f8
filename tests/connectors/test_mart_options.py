"""tenants.yaml `marts:` (per-tenant mart logic: ad_conversion_action_types, conversion_events, funnel_steps) validated by gata_manifest.py
like the rest of the manifest: every hostile value gets a message naming file, tenant and field, written out
by hand here. Pure Python (no dbt): the dbt side (onboarding refuses and writes nothing; changed options
rewrite the shells) is in tests/connectors/test_analytics.py."""
from __future__ import annotations

import csv
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT))  # this tree's gata_manifest.py, not an installed copy
sys.path.insert(0, str(ROOT / "tests" / "product"))
import gata_manifest
from test_names import names  # noqa: F401  (fixture: names.sql rendered with plain Jinja)

BASE = "tenants:\n  - slug: acme\n    business_name: Acme\n    status: active\n    sources: {mixpanel: {}}\n"
A = "tenants.yaml: tenant 'acme': "
RULE = "must be a non-blank string without braces or control characters"
KNOWN = "ad_conversion_action_types, conversion_events, funnel_steps"

CASES = {
    "defaults_when_absent": ("", []),
    "valid": ("    marts: {conversion_events: [purchase, Order Completed], funnel_steps: [page_view, \"It's $done\"]}\n", []),
    "not_a_mapping": ("    marts: [purchase]\n",
                      [A + f"marts: must be a mapping of mart option to a list of values (options: {KNOWN})"]),
    "null": ("    marts:\n", [A + f"marts: must be a mapping of mart option to a list of values (options: {KNOWN})"]),
    "unknown_option": ("    marts: {conversion_event: [purchase]}\n",
                       [A + f"marts.conversion_event: unknown mart option 'conversion_event' (known: {KNOWN})"]),
    "empty_list": ("    marts: {funnel_steps: []}\n", [A + "marts.funnel_steps: must be a non-empty list of strings (got [])"]),
    "a_string_not_a_list": ("    marts: {conversion_events: purchase}\n",
                            [A + 'marts.conversion_events: must be a non-empty list of strings (got "purchase")']),
    "listed_twice": ("    marts: {conversion_events: [purchase, purchase]}\n", [A + 'marts.conversion_events: lists "purchase" twice']),
    "hostile_values": ("    marts: {conversion_events: ['', '  ', 3, null, 'a{{ b }}', \"x\\ny\", true]}\n",
                       [A + f'marts.conversion_events[0]: {RULE} (got "")', A + f'marts.conversion_events[1]: {RULE} (got "  ")',
                        A + f"marts.conversion_events[2]: {RULE} (got 3)", A + f"marts.conversion_events[3]: {RULE} (got null)",
                        A + f'marts.conversion_events[4]: {RULE} (got "a{{{{ b }}}}")',
                        A + f'marts.conversion_events[5]: {RULE} (got "x\\ny")', A + f"marts.conversion_events[6]: {RULE} (got true)"]),
    "steps_naming_one_column": ("    marts: {funnel_steps: [Add to cart, add_to_cart]}\n",
                                [A + 'marts.funnel_steps[1]: "add_to_cart" and "Add to cart" would both be column reached_add_to_cart']),
    "step_naming_no_column": ("    marts: {funnel_steps: [page_view, '!!!']}\n",
                              [A + 'marts.funnel_steps[1]: "!!!" has no letter or digit, so it names no column (reached_{funnel_steps})']),
    "empty_mapping_means_defaults": ("    marts: {}\n", []),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_marts_options_messages(name):
    extra, want = CASES[name]
    assert gata_manifest.check(BASE + extra, ROOT)[1] == want


def test_marts_key_inside_a_source_is_refused():
    text = BASE.replace("{mixpanel: {}}", "{mixpanel: {marts: {conversion_events: [purchase]}}}")
    assert gata_manifest.check(text, ROOT)[1] == [
        A + "sources.mixpanel.marts: unknown key (allowed: enabled, files, freshness, generation, objects, tables)"]


def test_known_options_are_the_registry_ones():
    with (ROOT / "seeds/registry/gata_marts.csv").open(newline="") as fh:
        options = sorted({o for r in csv.DictReader(fh) for o in r["options"].split("|") if o})
    assert options == KNOWN.split(", ")
    assert gata_manifest.read_registry(ROOT)["mart_options"] == options


@pytest.mark.parametrize("value, suffix", [("Add to cart", "add_to_cart"), ("It's $done", "it_s_done"),
                                           ("page_view", "page_view"), ("  Ünïcode ", "n_code"), ("!!!", "")])
def test_option_column_names_agree(names, value, suffix):  # noqa: F811
    """gata.mart_option_column (names.sql, the marts and phase 5) and its Python twin (the validator)."""
    assert gata_manifest.option_column_suffix(value) == suffix
    assert names.mart_option_column("reached_{funnel_steps}", value) == f"reached_{suffix}"
