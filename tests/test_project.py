"""The project skeleton: dbt finds profiles.yml and parses the project offline."""
import json

from conftest import ROOT, run_dbt


def test_dbt_parses_offline_with_default_profile(tmp_db):
    run_dbt(["deps"], tmp_db)
    run_dbt(["parse"], tmp_db)
    manifest = json.loads((ROOT / "target" / "manifest.json").read_text())
    assert manifest["metadata"]["project_name"] == "gata"
    assert manifest["metadata"]["adapter_type"] == "duckdb"


def test_registry_seeds_are_consistent():
    """Every field, relationship and generation row names a connector/object the registry defines."""
    import csv
    reg = ROOT / "seeds" / "registry"
    read = lambda n: list(csv.DictReader((reg / f"{n}.csv").open()))
    connectors = {r["connector"] for r in read("gata_connectors")}
    objects = {(r["connector"], r["object"]) for r in read("gata_objects")}
    entities = {r["entity"] for r in read("gata_entities")}
    assert {c for c, _ in objects} <= connectors
    for r in read("gata_fields"):
        assert (r["connector"], r["object"]) in objects, r
    for r in read("gata_relationships"):
        assert (r["connector"], r["object"]) in objects and r["references"] in entities, r
    for r in read("gata_objects"):
        assert r["entity"] in entities, r
        cols = {f["column"] for f in read("gata_fields") if (f["connector"], f["object"]) == (r["connector"], r["object"])}
        ent = next(e for e in read("gata_entities") if e["entity"] == r["entity"])
        assert set(ent["business_key"].split("|")) <= cols, (r, ent)
    for r in read("gata_generation"):
        assert r["connector"] in connectors, r
    categories = {r["category"] for r in read("gata_connectors")}
    for r in read("gata_marts"):
        # `all`: built for every tenant from its other marts (fct_marketing_daily)
        assert r["category"] in categories | {"all"} and r["description"], r
        assert all(c.isidentifier() and c.islower() for c in r["grain"].split("|")), r
