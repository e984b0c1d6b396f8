"""The analytics family end to end: Mixpanel and Amplitude (mock, API-shaped) next to GA4, loaded with dlt,
onboarded and built once; then fct_events, fct_sessions and dim_users are reconciled against the raw
tables, with sessions recomputed here in Python (30 minutes of inactivity) rather than read from the engines.

Two tenants: `pulse` (all three platforms, mock data, its own tenants.yaml `marts:` options) and `quiet`
(Amplitude from a hand-written API-shaped file, tests/fixtures/amplitude_api/, with hostile records:
blank and null user_id, session_id -1, gaps of exactly 30 minutes and of 30 minutes plus a microsecond;
no `marts:` options, so the defaults apply)."""
from __future__ import annotations

import datetime as dt
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "product"))
from flow_helpers import VENV, env_for, make_project, query, run

PULSE_OPTIONS = {"conversion_events": ["purchase", "checkout_completed"],
                 "funnel_steps": ["page_view", "add_to_cart", "checkout_completed"]}
TENANTS = """tenants:
  - slug: pulse
    business_name: Pulse
    status: active
    marts:
      conversion_events: [purchase, checkout_completed]
      funnel_steps: [page_view, add_to_cart, checkout_completed]
    sources:
      mixpanel:
        generation: {start_date: "2026-11-01", days: 1, users: 3, sessions_per_day: 48}
      amplitude:
        generation: {start_date: "2026-11-01", days: 2, users: 5, sessions_per_day: 12}
      google_analytics:
        generation: {start_date: "2026-11-01", days: 1, users: 6, sessions_per_day: 5}
  - slug: quiet
    business_name: Quiet
    status: active
    sources:
      amplitude:
        files: tests/fixtures/amplitude_api
"""
GAP = dt.timedelta(minutes=30)
DEFAULT_FUNNEL = ["session_start", "page_view", "add_to_cart", "purchase"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("analytics") / "project", TENANTS)
    fixtures = project / "tests" / "fixtures"
    fixtures.mkdir(parents=True)
    (fixtures / "amplitude_api").symlink_to(Path(__file__).resolve().parents[1] / "fixtures" / "amplitude_api")
    env = env_for(project)
    python, dbt = str(VENV / "bin" / "python"), str(VENV / "bin" / "dbt")
    run([python, "ingestion/load.py", "--quiet"], project, env)
    logs = {t: run([dbt, "run-operation", "onboard_tenant", "--args", f"{{tenant: {t}}}"], project, env).stdout
            for t in ("pulse", "quiet")}
    build = run([dbt, "build", "--select", "tenant:pulse", "tenant:quiet"], project, env, check=False)
    assert build.returncode == 0, build.stdout[-6000:]
    return {"project": project, "db": project / "gata.duckdb", "env": env, "dbt": dbt, "logs": logs, "build": build.stdout}


def q(built, sql):
    return query(built["db"], sql)


# ------------------------------------------------------------------------------------ independent truth
def raw_events(built, tenant: str) -> list[dict]:
    """Every loaded event as the platforms define it, read from the raw tables with plain SQL (no engine):
    platform, id, name, UTC time, user (Amplitude: user_id unless blank, else device_id), platform
    session (Amplitude: -1 is none; Mixpanel: none), revenue."""
    out = []
    schemas = {s for (s,) in q(built, "select schema_name from information_schema.schemata")}
    if f"raw_{tenant}_mixpanel" in schemas:
        for eid, name, t, user, amount in q(built, f"select properties___insert_id, event, properties__time, "
                                                   f"properties__distinct_id, properties__amount from raw_{tenant}_mixpanel.events"):
            out.append({"platform": "mixpanel", "id": eid, "name": name, "at": dt.datetime.fromtimestamp(t, dt.UTC).replace(tzinfo=None),
                        "user": user, "session": None, "value": amount})
    if f"raw_{tenant}_amplitude" in schemas:
        for eid, name, t, uid, device, session, revenue in q(built, f"select uuid, event_type, event_time, user_id, device_id, "
                                                                    f"session_id, event_properties___revenue from raw_{tenant}_amplitude.events"):
            out.append({"platform": "amplitude", "id": eid, "name": name, "at": dt.datetime.strptime(t, "%Y-%m-%d %H:%M:%S.%f"),
                        "user": uid.strip() if uid and uid.strip() else device, "session": None if session == -1 else session,
                        "value": revenue})
    if f"raw_{tenant}_google_analytics" in schemas:
        rows = q(built, f"select e.user_pseudo_id, e.event_timestamp, e.event_name, p.value__int_value, v.value__double_value "
                        f"from raw_{tenant}_google_analytics.events e "
                        f"left join raw_{tenant}_google_analytics.events__event_params p on p._dlt_parent_id = e._dlt_id and p.key = 'ga_session_id' "
                        f"left join raw_{tenant}_google_analytics.events__event_params v on v._dlt_parent_id = e._dlt_id and v.key = 'value'")
        for user, ts, name, session, value in rows:
            out.append({"platform": "ga4", "id": f"{user}-{ts}-{name}", "name": name,
                        "at": dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=ts), "user": user, "session": session, "value": value})
    return out


def sessionise(events: list[dict]) -> list[dict]:
    """Sets each event's session: its platform's, else a new one after more than 30 minutes without an event
    of the user (per platform), keyed by the whole epoch seconds of its first event."""
    keyless: dict[tuple, list[dict]] = {}
    for e in events:
        e["sessionised"] = e["session"] is None
        if e["sessionised"]:
            keyless.setdefault((e["platform"], e["user"]), []).append(e)
    for evs in keyless.values():
        evs.sort(key=lambda e: (e["at"], e["id"]))
        start = previous = None
        for e in evs:
            if previous is None or e["at"] - previous > GAP:
                start = e["at"]
            e["session"] = int((start - dt.datetime(1970, 1, 1)) // dt.timedelta(seconds=1))
            previous = e["at"]
    return events


def expected_sessions(events: list[dict], conversions: list[str], funnel: list[str]) -> dict[tuple, dict]:
    sessions: dict[tuple, list[dict]] = {}
    for e in sessionise(events):
        sessions.setdefault((e["platform"], e["user"], e["session"]), []).append(e)
    out = {}
    for key, evs in sessions.items():
        names = {e["name"] for e in evs}
        reached = [all(s in names for s in funnel[:k + 1]) for k in range(len(funnel))]
        converting = sum(e["name"] in conversions for e in evs)
        out[key] = {"events": len(evs), "page_views": sum(e["name"] == "page_view" for e in evs),
                    "revenue": sum((Decimal(str(e["value"])) for e in evs if e["value"] is not None), Decimal(0)).quantize(Decimal("0.01")),
                    "conversions": converting, "converted": converting > 0, "reached": reached,
                    "furthest": next((funnel[k] for k in reversed(range(len(funnel))) if reached[k]), None),
                    "started": min(e["at"] for e in evs), "ended": max(e["at"] for e in evs),
                    "sessionised": evs[0]["sessionised"]}
    return out


def mart_sessions(built, tenant: str, funnel: list[str]) -> dict[tuple, dict]:
    flags = ", ".join("reached_" + re.sub("[^a-z0-9]+", "_", s.lower()).strip("_") for s in funnel)
    rows = q(built, f"select source_platform, user_key, session_key, events, page_views, revenue, conversions, converted, "
                    f"{flags}, furthest_step, started_at, ended_at, sessionised from {tenant}_marts.fct_sessions")
    n = len(funnel)
    return {r[:3]: {"events": r[3], "page_views": r[4], "revenue": r[5], "conversions": r[6], "converted": r[7],
                    "reached": list(r[8:8 + n]), "furthest": r[8 + n], "started": r[9 + n], "ended": r[10 + n],
                    "sessionised": r[11 + n]} for r in rows}


# ------------------------------------------------------------------------------------------------ tests
def test_every_platform_loads_onboards_and_builds(built):
    assert " ERROR=0 " in built["build"] and "Completed successfully" in built["build"]
    counts = dict(q(built, "select source_platform, count(*) from pulse_marts.fct_events group by 1"))
    raw = {"mixpanel": q(built, "select count(*) from raw_pulse_mixpanel.events")[0][0],
           "amplitude": q(built, "select count(*) from raw_pulse_amplitude.events")[0][0],
           "ga4": q(built, "select count(*) from raw_pulse_google_analytics.events")[0][0]}
    assert counts == raw and min(raw.values()) > 10


def test_events_reconcile_with_raw_records(built):
    for tenant in ("pulse", "quiet"):
        want = {(e["platform"], e["id"]): (e["name"], e["at"], e["at"].date(), e["user"], e["session"])
                for e in sessionise(raw_events(built, tenant))}
        got = {(p, i): (n, at, d, u, s) for p, i, n, at, d, u, s in q(
            built, f"select source_platform, event_id, event_name, event_at, event_date, user_key, session_key from {tenant}_marts.fct_events")}
        assert got == want


def test_amplitude_hostile_records(built):
    """Blank and null user_id fall back to device_id; session_id -1 is no session (never a key -1); a gap of
    exactly 30 minutes stays in the session, 30 minutes and a microsecond starts a new one."""
    rows = q(built, "select user_key, session_key, event_name, sessionised from quiet_marts.fct_events order by event_at")
    assert [r[0] for r in rows] == ["u-1"] * 5 + ["dev-a"] * 4
    assert all(r[1] != -1 and r[1] is not None for r in rows)
    nine_ten, ten, eleven = (int(dt.datetime(2026, 11, 1, h, m, tzinfo=dt.UTC).timestamp()) for h, m in ((9, 10), (10, 0), (11, 0)))
    assert [r[1] for r in rows[:6]] == [1793523600000] * 4 + [nine_ten, ten]
    assert rows[6][1] == ten and rows[7][1] == eleven and rows[8][1] == eleven + 21 * 3600
    assert [r[3] for r in rows] == [False] * 4 + [True] * 5
    # the hand-made file's sessions, written out by hand
    got = q(built, "select user_key, session_key, events, revenue, converted, reached_session_start, reached_purchase, "
                   "furthest_step from quiet_marts.fct_sessions order by started_at")
    assert got == [("u-1", 1793523600000, 4, Decimal("19.99"), True, True, True, "purchase"),
                   ("u-1", nine_ten, 1, Decimal("0.00"), False, False, False, None),
                   ("dev-a", ten, 2, Decimal("0.00"), False, False, False, None),
                   ("dev-a", eleven, 1, Decimal("5.50"), True, False, False, None),
                   ("dev-a", eleven + 21 * 3600, 1, Decimal("0.00"), False, False, False, None)]


def test_sessions_reconcile_with_python_sessionisation(built):
    want = expected_sessions(raw_events(built, "pulse"), PULSE_OPTIONS["conversion_events"], PULSE_OPTIONS["funnel_steps"])
    assert mart_sessions(built, "pulse", PULSE_OPTIONS["funnel_steps"]) == want
    assert {k[0] for k, s in want.items() if s["sessionised"]} == {"mixpanel", "amplitude"}  # Amplitude's -1 too
    assert {k[0] for k, s in want.items() if s["converted"]} == {"mixpanel", "amplitude", "ga4"}
    # 48 Mixpanel visits of 3 users in a day: visits of one user under 30 minutes apart make one session
    assert sum(k[0] == "mixpanel" for k in want) < 48
    assert mart_sessions(built, "quiet", DEFAULT_FUNNEL) == expected_sessions(raw_events(built, "quiet"), ["purchase"], DEFAULT_FUNNEL)
    # fct_marketing_daily counts the same sessions and converting sessions per day
    daily: dict = {}
    for s in want.values():
        day = daily.setdefault(s["started"].date(), [0, 0])
        day[0], day[1] = day[0] + 1, day[1] + s["converted"]
    got = {d: [n, c] for d, n, c in q(built, "select date_day, sessions, converting_sessions from pulse_marts.fct_marketing_daily")}
    assert got == daily


def test_dim_users_reconcile(built):
    for tenant, conversions in (("pulse", PULSE_OPTIONS["conversion_events"]), ("quiet", ["purchase"])):
        sessions = expected_sessions(raw_events(built, tenant), conversions, [])
        want: dict[tuple, list] = {}
        for (platform, user, _), s in sessions.items():
            u = want.setdefault((platform, user), [s["started"], s["ended"], 0, 0, 0, 0])
            u[0], u[1] = min(u[0], s["started"]), max(u[1], s["ended"])
            u[2:] = [u[2] + s["events"], u[3] + 1, u[4] + (s["conversions"] > 0), u[5] + s["conversions"]]
        if tenant == "pulse":  # Mixpanel people profiles without events are users too
            for (user,) in q(built, "select _distinct_id from raw_pulse_mixpanel.people"):
                want.setdefault(("mixpanel", user), [None, None, 0, 0, 0, 0])
        got = {r[:2]: list(r[2:]) for r in q(built, f"select source_platform, user_key, first_seen_at, last_seen_at, events, sessions, "
                                                    f"converting_sessions, conversions from {tenant}_marts.dim_users")}
        assert got == {k: v for k, v in want.items()}
    emails = dict(q(built, "select _distinct_id, _properties___email from raw_pulse_mixpanel.people"))
    got = dict(q(built, "select user_key, email from pulse_marts.dim_users where source_platform = 'mixpanel'"))
    assert got == emails and all(v.endswith("@example.com") for v in got.values())


def test_options_are_written_into_the_shells(built):
    shell = (built["project"] / "models/tenants/pulse/pulse__fct_sessions.sql").read_text().splitlines()[-1]
    assert shell == ("{{ gata.mart_fct_sessions(tenant='pulse', conversion_events=['purchase', 'checkout_completed'], "
                     "funnel_steps=['page_view', 'add_to_cart', 'checkout_completed']) }}")
    quiet = (built["project"] / "models/tenants/quiet/quiet__fct_sessions.sql").read_text().splitlines()[-1]
    assert quiet == ("{{ gata.mart_fct_sessions(tenant='quiet', conversion_events=['purchase'], "
                     "funnel_steps=['session_start', 'page_view', 'add_to_cart', 'purchase']) }}")
    columns = [c for (c,) in q(built, "select column_name from information_schema.columns where table_schema = 'pulse_marts' "
                                      "and table_name = 'fct_sessions' and column_name like 'reached%' order by ordinal_position")]
    assert columns == ["reached_page_view", "reached_add_to_cart", "reached_checkout_completed"]


def test_bad_options_stop_onboarding_and_change_nothing(built):
    project, env, dbt = built["project"], built["env"], built["dbt"]
    manifest = project / "tenants.yaml"
    original = manifest.read_text()
    before = {p: p.read_bytes() for p in (project / "models").rglob("*") if p.is_file()}
    try:
        manifest.write_text(original.replace("conversion_events: [purchase, checkout_completed]", "conversion_event: [purchase]"))
        proc = run([dbt, "run-operation", "onboard_tenant", "--args", "{tenant: pulse}"], project, env, check=False)
        assert proc.returncode != 0
        assert ("tenants.yaml: tenant 'pulse': marts.conversion_event: unknown mart option 'conversion_event' "
                "(known: ad_conversion_action_types, conversion_events, funnel_steps)") in proc.stdout
    finally:
        manifest.write_text(original)
    assert {p: p.read_bytes() for p in (project / "models").rglob("*") if p.is_file()} == before


def test_changed_options_rewrite_the_shells(built):
    """Rerun-safe: edit `marts:` and onboard again (phase 5): the shell and the contract follow; a value with a
    quote and a space is escaped in the shell and names its column; the new shell compiles. (Last: it
    leaves the project changed.)"""
    project, env, dbt = built["project"], built["env"], built["dbt"]
    manifest = project / "tenants.yaml"
    manifest.write_text(manifest.read_text().replace("funnel_steps: [page_view, add_to_cart, checkout_completed]",
                                                     "funnel_steps: [page_view, \"Viewed Today's Deals\"]"))
    run([dbt, "run-operation", "onboard_phase_5", "--args", "{tenant: pulse}"], project, env)
    shell = (project / "models/tenants/pulse/pulse__fct_sessions.sql").read_text()
    assert "funnel_steps=['page_view', 'Viewed Today\\'s Deals']) }}" in shell
    yml = (project / "models/tenants/pulse/_pulse__marts.yml").read_text()
    assert "name: reached_viewed_today_s_deals" in yml and "reached_checkout_completed" not in yml
    run([dbt, "compile", "--select", "pulse__fct_sessions"], project, env)
    sql = (project / "target/compiled/gata/models/tenants/pulse/pulse__fct_sessions.sql").read_text()
    assert "event_name = 'Viewed Today''s Deals'" in sql and "as reached_viewed_today_s_deals" in sql
