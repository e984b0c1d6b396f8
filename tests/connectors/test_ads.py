"""The ads family (issue 6): every ad connector loads API-shaped mock data, onboards and builds, and
fct_ad_performance / dim_campaigns reconcile with the raw tables, recomputed here in Python from the
raw rows (no engine SQL): spend after unit conversion (micros, decimal strings, doubles), impressions,
clicks, conversions, conversion value and currency, per day x platform x campaign.

One module-scoped project: tenant `adsco` with the seven ad connectors (mock), tenant `adsfile` with
Google Ads REST records from tests/fixtures/google_ads_api/ (hostile: int64 sometimes a JSON number,
metrics missing, a quote in a campaign name, a campaign without its record). One load, one
onboarding per tenant, one `dbt build`; every test reads its outputs."""
from __future__ import annotations

import datetime as dt
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "product"))
sys.path.insert(0, str(HERE.parent.parent / "ingestion"))
import mockgen  # noqa: E402
import newer_wins  # noqa: E402
from flow_helpers import VENV, env_for, make_project, run  # noqa: E402

CENT = Decimal("0.01")
SMALL = "{start_date: '2026-11-01', days: 2, campaigns: 2, %s}"
MOCK = {
    "facebook_ads": "ad_sets_per_campaign: 1, ads_per_ad_set: 2",
    "instagram_ads": "ad_sets_per_campaign: 1, ads_per_ad_set: 2",
    "google_ads": "ad_groups_per_campaign: 1, ads_per_ad_group: 2",
    "bing_ads": "ad_groups_per_campaign: 1, ads_per_ad_group: 2",
    "linkedin_ads": "creatives_per_campaign: 2",
    "amazon_ads": "ad_groups_per_campaign: 1, ads_per_ad_group: 2",
    "tiktok_ads": "ad_groups_per_campaign: 1, ads_per_ad_group: 2",
}
CHOSEN = ("add_to_cart", "purchase")  # the tenant's ad_conversion_action_types in the fixture
PLATFORM = {"facebook_ads": "facebook", "instagram_ads": "instagram", "google_ads": "google", "bing_ads": "bing",
            "linkedin_ads": "linkedin", "amazon_ads": "amazon", "tiktok_ads": "tiktok"}


def manifest() -> str:
    out = "tenants:\n  - slug: adsco\n    business_name: Ads Co\n    status: active\n    sources:\n"
    for connector, gen in MOCK.items():
        out += f"      {connector}:\n        enabled: true\n        generation: {SMALL % gen}\n"
        if connector in ("facebook_ads", "instagram_ads"):  # their ad sets and ads: built by the e2e tests
            out += "        objects: [campaigns, insights, insight_actions, insight_action_values]\n"
    out += ("  - slug: adsfile\n    business_name: Ads From Files\n    status: active\n    sources:\n"
            "      google_ads:\n        enabled: true\n        files: tests/fixtures/google_ads_api\n"
            "        objects: [campaigns, ad_performance]\n")
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("ads") / "project", manifest())
    fixtures = project / "tests" / "fixtures"
    fixtures.mkdir(parents=True)
    (fixtures / "google_ads_api").symlink_to(HERE.parent / "fixtures" / "google_ads_api", target_is_directory=True)
    env = env_for(project)
    run([str(VENV / "bin" / "python"), "ingestion/load.py", "--quiet"], project, env)
    for slug in ("adsco", "adsfile"):
        run([str(VENV / "bin" / "dbt"), "--quiet", "run-operation", "onboard_tenant", "--args", f"{{tenant: {slug}}}"],
            project, env)
    # phase 5 writes the option's default (tenants.yaml `marts:` sets none for adsco); a copy of the
    # generated shell with other action types is what `marts: {ad_conversion_action_types: [...]}` writes
    shell = (project / "models/tenants/adsco/adsco__fct_ad_performance.sql").read_text()
    call = "gata.mart_fct_ad_performance(tenant='adsco', ad_conversion_action_types=['purchase'])"
    assert call in shell
    (project / "models/tenants/adsco/adsco__fct_ad_performance_chosen_actions.sql").write_text(
        shell.replace("alias='fct_ad_performance'", "alias='fct_ad_performance_chosen_actions'")
        .replace(call, f"gata.mart_fct_ad_performance(tenant='adsco', ad_conversion_action_types={list(CHOSEN)})"))
    build = run([str(VENV / "bin" / "dbt"), "build", "--select", "tenant:adsco", "tenant:adsfile"], project, env)
    con = duckdb.connect(str(project / "gata.duckdb"), read_only=True)
    yield {"con": con, "build": build.stdout}
    con.close()


def rows(con, sql: str) -> list[dict]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def raw(con, slug: str, connector: str, table: str) -> list[dict]:
    return rows(con, f'select * from raw_{slug}_{connector}."{table}"')


def cents(value) -> Decimal:
    """One raw amount as the mart's decimal(18,2) holds it (half up, as a finance team rounds)."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def children(con, slug, connector, table) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in raw(con, slug, connector, table):
        out.setdefault(r["_dlt_parent_id"], []).append(r)
    return out


def delivery(con, slug: str, connector: str) -> list[tuple]:
    """(date, campaign_id, currency, spend, impressions, clicks, conversions, conversion value) per raw
    delivery row, read the way each API documents its fields."""
    out = []
    if connector in ("facebook_ads", "instagram_ads"):
        actions = children(con, slug, connector, "insights__actions")
        values = children(con, slug, connector, "insights__action_values")
        for r in raw(con, slug, connector, "insights"):
            purchases = [int(a["value"]) for a in actions.get(r["_dlt_id"], []) if a["action_type"] == "purchase"]
            worth = [Decimal(a["value"]) for a in values.get(r["_dlt_id"], []) if a["action_type"] == "purchase"]
            out.append((r["date_start"], r["campaign_id"], r["account_currency"], cents(r["spend"]),
                        int(r["impressions"]), int(r["clicks"]), sum(purchases), cents(sum(worth))))
    elif connector == "google_ads":
        for r in raw(con, slug, connector, "ad_performance"):
            value = r["metrics__conversions_value"]
            out.append((r["segments__date"], r["campaign__id"], r["customer__currency_code"],
                        cents(Decimal(r["metrics__cost_micros"]) / 1_000_000), int(r["metrics__impressions"]),
                        int(r["metrics__clicks"]), r["metrics__conversions"], None if value is None else cents(value)))
    elif connector == "bing_ads":
        for r in raw(con, slug, connector, "ad_performance"):
            out.append((r["time_period"], r["campaign_id"], r["currency_code"], cents(r["spend"]), int(r["impressions"]),
                        int(r["clicks"]), int(r["conversions"]), cents(r["revenue"])))
    elif connector == "linkedin_ads":
        pivots = children(con, slug, connector, "ad_analytics__pivot_values")
        currency = {str(c["id"]): c["daily_budget__currency_code"] for c in raw(con, slug, connector, "campaigns")}
        for r in raw(con, slug, connector, "ad_analytics"):
            urns = [p["value"] for p in sorted(pivots[r["_dlt_id"]], key=lambda p: p["_dlt_list_idx"])]
            assert urns[0].startswith("urn:li:sponsoredCampaign:") and urns[1].startswith("urn:li:sponsoredCreative:")
            campaign = urns[0].rsplit(":", 1)[1]
            day = dt.date(r["date_range__start__year"], r["date_range__start__month"], r["date_range__start__day"])
            out.append((day.isoformat(), campaign, currency[campaign], cents(r["cost_in_local_currency"]),
                        r["impressions"], r["clicks"], r["external_website_conversions"],
                        cents(r["conversion_value_in_local_currency"])))
    elif connector == "amazon_ads":
        for r in raw(con, slug, connector, "ad_performance"):
            out.append((r["date"], r["campaign_id"], r["campaign_budget_currency_code"], cents(r["cost"]),
                        r["impressions"], r["clicks"], r["purchases7d"], cents(r["sales7d"])))
    elif connector == "tiktok_ads":
        for r in raw(con, slug, connector, "reports"):
            m = {k.removeprefix("metrics__"): v for k, v in r.items() if k.startswith("metrics__")}
            out.append((r["dimensions__stat_time_day"][:10], m["campaign_id"], m["currency"], cents(m["spend"]),
                        int(m["impressions"]), int(m["clicks"]), int(m["conversion"]), None))
    return out


def expected_daily(con, slug: str, connector: str) -> dict[tuple, dict]:
    """Raw delivery summed at the mart's grain (day, platform, campaign)."""
    out: dict[tuple, dict] = {}
    for day, campaign, currency, spend, imp, clicks, conv, value in delivery(con, slug, connector):
        key = (day, PLATFORM[connector], str(campaign))
        acc = out.setdefault(key, {"currency": currency, "spend": Decimal(0), "impressions": 0, "clicks": 0,
                                   "conversions": None, "conversion_value": None})
        acc["spend"] += spend
        acc["impressions"] += imp
        acc["clicks"] += clicks
        if conv is not None:  # exact decimal sums: Google's conversions are fractional doubles (2.5)
            acc["conversions"] = (acc["conversions"] or Decimal(0)) + Decimal(str(conv))
        if value is not None:
            acc["conversion_value"] = (acc["conversion_value"] or Decimal(0)) + value
    return out


def mart_daily(con, slug: str, platform: str) -> dict[tuple, dict]:
    found = rows(con, f"select * from {slug}_marts.fct_ad_performance where ad_platform = '{platform}'")
    assert len({(r["date_day"], r["campaign_id"]) for r in found}) == len(found), "grain not unique"
    # conversions are a double: compared as the exact decimal sum, to 6 places (a double sum's last bit)
    return {(str(r["date_day"]), r["ad_platform"], r["campaign_id"]):
            {k: r[k] for k in ("currency", "spend", "impressions", "clicks", "conversion_value")}
            | {"conversions": None if r["conversions"] is None else round(Decimal(r["conversions"]), 6)}
            for r in found}


def test_build_has_no_errors(built):
    assert "ERROR=0" in built["build"].replace(" ", ""), built["build"][-3000:]


@pytest.mark.parametrize("connector", list(MOCK))
def test_fct_ad_performance_reconciles_with_raw(built, connector):
    con = built["con"]
    expected = expected_daily(con, "adsco", connector)
    # 2 days x 2 campaigns: every campaign delivers every day in the mock
    assert len(expected) == 4, expected
    assert mart_daily(con, "adsco", PLATFORM[connector]) == expected


@pytest.mark.parametrize("connector", list(MOCK))
def test_dim_campaigns_lifetime_reconciles_with_raw(built, connector):
    con = built["con"]
    lifetime: dict[str, dict] = {}
    for (_, _, campaign), day in expected_daily(con, "adsco", connector).items():
        acc = lifetime.setdefault(campaign, {"spend": Decimal(0), "value": None, "currency": day["currency"]})
        acc["spend"] += day["spend"]
        if day["conversion_value"] is not None:
            acc["value"] = (acc["value"] or Decimal(0)) + day["conversion_value"]
    found = {r["campaign_id"]: {"spend": r["lifetime_spend"], "value": r["lifetime_conversion_value"],
                                "currency": r["currency"]}
             for r in rows(con, "select * from adsco_marts.dim_campaigns "
                                f"where ad_platform = '{PLATFORM[connector]}'")}
    assert found == lifetime


def test_spend_totals_per_platform(built):
    """The headline numbers (also the report's reconciliation table): raw vs mart spend per platform."""
    con = built["con"]
    for connector, platform in PLATFORM.items():
        raw_total = sum(d[3] for d in delivery(con, "adsco", connector))
        (mart_total,) = con.execute("select sum(spend) from adsco_marts.fct_ad_performance where ad_platform = ?",
                                    [platform]).fetchone()
        assert mart_total == raw_total > 0, connector


def test_same_ids_on_two_platforms_never_collide(built):
    """Facebook and Instagram mocks share campaign ids (one Marketing API): the platform keeps them apart."""
    con = built["con"]
    fb, ig = mart_daily(con, "adsco", "facebook"), mart_daily(con, "adsco", "instagram")
    shared = {(d, c) for d, _, c in fb} & {(d, c) for d, _, c in ig}
    assert len(shared) == 4
    assert all(fb[(d, "facebook", c)]["spend"] != ig[(d, "instagram", c)]["spend"] for d, c in shared)
    keys = con.execute("select count(*), count(distinct campaign_hk) from vault.hub_campaign "
                       "where tenant_slug = 'adsco'").fetchone()
    assert keys == (2 * len(MOCK), 2 * len(MOCK))


def test_linkedin_currency_comes_from_the_campaign(built):
    con = built["con"]
    (currency,) = con.execute("select distinct daily_budget__currency_code from raw_adsco_linkedin_ads.campaigns").fetchone()
    found = {r[0] for r in con.execute(
        "select currency from adsco_marts.fct_ad_performance where ad_platform = 'linkedin'").fetchall()}
    assert found == {currency}


def test_tiktok_has_no_conversion_value_not_zero(built):
    found = {r[0] for r in built["con"].execute(
        "select conversion_value from adsco_marts.fct_ad_performance where ad_platform = 'tiktok'").fetchall()}
    assert found == {None}


def test_linkedin_ads_are_keyed_by_creative_and_campaign_from_pivot_values(built):
    con = built["con"]
    creatives = {r[0].rsplit(":", 1)[1]: r[1].rsplit(":", 1)[1]
                 for r in con.execute("select id, campaign from raw_adsco_linkedin_ads.creatives").fetchall()}
    staged = con.execute("select ad_id, campaign_id from adsco_staging.stg_adsco__linkedin_ads__ad_analytics").fetchall()
    assert len(staged) == 8 and len({a for a, _ in staged}) == 4
    assert all(creatives[ad] == campaign for ad, campaign in staged)


def test_google_ads_from_api_files(built):
    """Hostile REST records: literal expectations computed by hand from tests/fixtures/google_ads_api."""
    found = {(str(r["date_day"]), r["campaign_id"]): r for r in rows(
        built["con"], "select * from adsfile_marts.fct_ad_performance")}
    assert set(found) == {("2026-11-01", "555000111"), ("2026-11-02", "555000111"), ("2026-11-02", "555000999")}
    day1 = found[("2026-11-01", "555000111")]
    # 12.345678 -> 12.35 and 1.005 -> 1.01 (half up); impressions sent once as a string, once as a number;
    # conversions 2.5 + 1.0: Google's fractional credit kept, not rounded to a whole conversion
    assert (day1["spend"], day1["impressions"], day1["clicks"], day1["conversions"], day1["conversion_value"]) == \
        (Decimal("13.36"), 2000, 40, 3.5, Decimal("170.50"))
    assert day1["campaign_name"] == "O'Brien's \"winter\" sale" and day1["currency"] == "EUR"
    day2 = found[("2026-11-02", "555000111")]
    # no conversions in the API row: unknown, not 0
    assert (day2["spend"], day2["impressions"], day2["conversions"], day2["conversion_value"]) == \
        (Decimal("0.00"), 40, None, None)
    orphan = found[("2026-11-02", "555000999")]
    assert orphan["campaign_name"] is None and orphan["spend"] == Decimal("1.00")
    dim = {r["campaign_id"]: r for r in rows(built["con"], "select * from adsfile_marts.dim_campaigns")}
    assert set(dim) == {"555000111", "555000222"}
    assert dim["555000222"]["lifetime_spend"] == 0 and dim["555000222"]["lifetime_conversion_value"] is None
    assert dim["555000111"]["lifetime_spend"] == Decimal("13.36")


def test_google_fractional_conversions_kept_from_raw_to_the_daily_mart(built):
    """metrics.conversions is a double (2.5 in the fixture): the satellite and fct_marketing_daily keep the
    fraction; the daily totals are the raw rows' exact sums, per day (NULL for a day without any)."""
    con = built["con"]
    per_day: dict[str, Decimal | None] = {}
    for r in raw(con, "adsfile", "google_ads", "ad_performance"):
        conv = r["metrics__conversions"]
        per_day.setdefault(r["segments__date"], None)
        if conv is not None:
            per_day[r["segments__date"]] = (per_day[r["segments__date"]] or Decimal(0)) + Decimal(str(conv))
    assert Decimal("2.5") in {Decimal(str(r["metrics__conversions"])) for r in raw(con, "adsfile", "google_ads", "ad_performance")
                              if r["metrics__conversions"] is not None}
    sat = {r[0] for r in con.execute("select conversions from vault.sat_google_ads__ad_performance "
                                     "where tenant_slug = 'adsfile'").fetchall()}
    assert 2.5 in sat
    daily = {str(d): None if c is None else Decimal(c) for d, c in con.execute(
        "select date_day, ad_conversions from adsfile_marts.fct_marketing_daily").fetchall()}
    assert daily == per_day and per_day["2026-11-01"] == Decimal("3.5")


def test_ad_conversion_action_types_choose_what_counts(built):
    """Meta platforms count the chosen action types (per-action rows in the vault); the others keep
    their own conversions; spend and the rest are unchanged."""
    con = built["con"]
    chosen = rows(con, "select * from adsco_marts.fct_ad_performance_chosen_actions")
    default = {(r["date_day"], r["ad_platform"], r["campaign_id"]): r
               for r in rows(con, "select * from adsco_marts.fct_ad_performance")}
    assert len(chosen) == len(default) == 4 * len(MOCK)
    for connector in ("facebook_ads", "instagram_ads"):
        want: dict[tuple, list] = {}
        for table, col in (("insights__actions", 0), ("insights__action_values", 1)):
            per_parent = children(con, "adsco", connector, table)
            for r in raw(con, "adsco", connector, "insights"):
                acc = want.setdefault((dt.date.fromisoformat(r["date_start"]), r["campaign_id"]), [0, Decimal(0)])
                acc[col] += sum((int if col == 0 else Decimal)(a["value"]) for a in per_parent.get(r["_dlt_id"], [])
                                if a["action_type"] in CHOSEN)
        got = {(r["date_day"], r["campaign_id"]): [r["conversions"], r["conversion_value"]]
               for r in chosen if r["ad_platform"] == PLATFORM[connector]}
        assert got == want
        # add_to_cart is drawn for every insight in the mock: the choice changes the numbers
        assert any(got[k][0] != default[(k[0], PLATFORM[connector], k[1])]["conversions"] for k in got)
    for r in chosen:
        base = default[(r["date_day"], r["ad_platform"], r["campaign_id"])]
        assert r["spend"] == base["spend"] and r["clicks"] == base["clicks"]
        if r["ad_platform"] not in ("facebook", "instagram"):
            assert (r["conversions"], r["conversion_value"]) == (base["conversions"], base["conversion_value"])


# ------------------------------------------------------------------ generator options (no dbt)
def test_key_case_spells_keys_as_the_api_does():
    assert mockgen.api_key("cost_micros", "camel") == "costMicros"
    assert mockgen.api_key("time_period", "pascal") == "TimePeriod"
    assert mockgen.api_key("purchases7d", "camel") == "purchases7d"
    shaped = mockgen.api_shape({"metrics": {"cost_micros": "1"}, "pivot_values": [{"ad_id": 1}]}, "camel")
    assert shaped == {"metrics": {"costMicros": "1"}, "pivotValues": [{"adId": 1}]}
    # and back: the raw names dlt stores (the registry's), for newer_wins' cursor and merge keys
    assert newer_wins.raw_name("costInLocalCurrency") == "cost_in_local_currency"
    assert newer_wins.flat_value({"adGroup": {"campaignId": "7"}}, "ad_group__campaign_id") == "7"


def test_bad_key_case_is_refused():
    spec = mockgen.load_spec()["google_ads"] | {"key_case": "kebab"}
    with pytest.raises(mockgen.GenError, match=r"\[google_ads\]: key_case must be camel or pascal"):
        mockgen.check_spec("google_ads", spec)


def test_mock_records_have_the_api_shape():
    spec = mockgen.load_spec()
    params = {"start_date": dt.date(2026, 11, 1), "days": 1, "campaigns": 2, "ad_groups_per_campaign": 2,
              "ads_per_ad_group": 2, "creatives_per_campaign": 2, "ad_sets_per_campaign": 1, "ads_per_ad_set": 1}
    day = [dt.date(2026, 11, 1)]
    google = next(mockgen.Generator("t", "google_ads", params, spec["google_ads"]).rows("ad_performance", day))
    assert set(google["metrics"]) >= {"costMicros", "conversionsValue"} and isinstance(google["metrics"]["costMicros"], str)
    bing = mockgen.Generator("t", "bing_ads", params, spec["bing_ads"])
    report = list(bing.rows("ad_performance", day))
    assert {"TimePeriod", "CampaignId", "Spend", "Revenue", "CurrencyCode"} <= set(report[0])
    # each report row's campaign is its ad's ad group's campaign (pick: unit with per:)
    groups = {g["Id"]: g["CampaignId"] for g in bing.rows("ad_groups", day)}
    ads = {a["Id"]: a["AdGroupId"] for a in bing.rows("ads", day)}
    assert all(r["CampaignId"] == str(groups[ads[int(r["AdId"])]]) for r in report)
    assert len({r["CampaignId"] for r in report}) == 2
    linkedin = mockgen.Generator("t", "linkedin_ads", params, spec["linkedin_ads"])
    creatives = {c["id"]: c["campaign"] for c in linkedin.rows("creatives", day)}
    for r in linkedin.rows("ad_analytics", day):
        campaign, creative = r["pivotValues"]  # a list of bare URNs (scalars: true), in pivot order
        assert creatives[creative] == campaign
    tiktok = next(mockgen.Generator("t", "tiktok_ads", params, spec["tiktok_ads"]).rows("reports", day))
    assert set(tiktok) == {"dimensions", "metrics"} and all(isinstance(v, str) for v in tiktok["metrics"].values())
