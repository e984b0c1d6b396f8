"""Vault engine vs hand-written DuckDB SQL on a large batch: hub and satellite loads.

The staged batch (default 10M rows, ~30% distinct keys) is generated inside DuckDB. The engine's SQL is
taken from two `dbt run`s of gata.hub / gata.sat on a small copy of the data (first-load and incremental
variants: the compiled model, and the satellite ledger's pre- and post-hook statements from dbt's debug log),
then both the engine's SQL (hooks included) and hand-written DuckDB SQL run in this process on the same data,
step by step:
  1. first load into empty tables,  2. re-load of the same batch (must insert 0 rows),
  3. a delta batch: every key's latest record again, 5% of them changed.
After each step the engine's tables must equal the hand-written ones.

    python benchmarks/bench_vault.py [--rows 10000000] [--quick] [--threads 2] [--keep] [--baseline DIR]

--baseline DIR also compiles the same models from another checkout of gata (e.g. main's, before a change) as
hub_base / sat_base / satf_base and times them in the same run, on the same data, against the same hand-written SQL.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).parent / "dbt"
# engine model -> hand-written table
KINDS = {"hub_bench": "hub_hand", "sat_bench": "sat_hand", "satf_bench": "satf_hand"}
TABLES = list(KINDS)

PROJECT_FILES = {
    "dbt_project.yml": "name: gata_bench\nversion: '0.1.0'\nconfig-version: 2\nprofile: gata_bench\n"
                       "models:\n  gata:\n    +enabled: false\n  gata_bench:\n    +materialized: incremental\n"
                       # gata's tenant semantic models and metrics refer to its (disabled) marts
                       "semantic-models:\n  gata:\n    +enabled: false\nmetrics:\n  gata:\n    +enabled: false\n",
    "packages.yml": f"packages:\n  - local: {ROOT}\n",
    "profiles.yml": "gata_bench:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
                    "      path: \"{{ env_var('GATA_BENCH_DB') }}\"\n      threads: 1\n",
    "models/sources.yml": "version: 2\nsources:\n  - name: bench\n    schema: main\n    tables:\n      - name: stg_bench\n",
    "models/hub_bench.sql": "{{ gata.hub(src_pk='hk', src_nk='bk', src_ldts='ldts', src_source='rsrc', "
                            "source_model={'bench': 'stg_bench'}) }}\n",
    "models/sat_bench.sql": "{{ gata.sat(src_pk='hk', src_hashdiff='hd', src_payload=['name', 'amount'], "
                            "src_ldts='ldts', src_source='rsrc', source_model={'bench': 'stg_bench'}) }}\n",
    # the same satellite with AutomateDV's apply_source_filter config
    "models/satf_bench.sql": "{{ config(apply_source_filter=true) }}\n"
                             "{{ gata.sat(src_pk='hk', src_hashdiff='hd', src_payload=['name', 'amount'], "
                             "src_ldts='ldts', src_source='rsrc', source_model={'bench': 'stg_bench'}) }}\n",
}

# Hand-written DuckDB SQL for the same tables, as one would write it directly.
HAND_FIRST = {
    "hub_hand": """select hk, r.bk, r.ldts, r.rsrc from (
        select hk, arg_min({'bk': bk, 'ldts': ldts, 'rsrc': rsrc}, (ldts, rsrc)) as r
        from stg_bench where hk is not null group by hk)""",
    "sat_hand": """select hk, hd, name, amount, ldts, rsrc from (
        select *, lag(hd) over (partition by hk order by ldts, hd) as prev from stg_bench where hk is not null)
        where prev is null or prev <> hd""",
}
HAND_FIRST["satf_hand"] = HAND_FIRST["sat_hand"]
HAND_INCREMENTAL = {
    "hub_hand": """select hk, r.bk, r.ldts, r.rsrc from (
        select s.hk, arg_min({'bk': s.bk, 'ldts': s.ldts, 'rsrc': s.rsrc}, (s.ldts, s.rsrc)) as r
        from stg_bench s anti join hub_hand h on h.hk = s.hk where s.hk is not null group by s.hk)""",
    "sat_hand": """with latest as (select hk, arg_max(hd, ldts) as lhd, max(ldts) as lts from sat_hand group by hk),
        c as (select s.*, l.lhd from stg_bench s left join latest l on l.hk = s.hk
              where s.hk is not null and (l.lts is null or s.ldts > l.lts)),
        q as (select *, coalesce(lag(hd) over (partition by hk order by ldts, hd), lhd) as prev from c)
        select hk, hd, name, amount, ldts, rsrc from q where prev is null or prev <> hd""",
}
HAND_INCREMENTAL["satf_hand"] = HAND_INCREMENTAL["sat_hand"].replace("sat_hand", "satf_hand").replace(
    "where s.hk is not null", "where s.hk is not null and s.ldts > (select max(ldts) from satf_hand)")


def generate(con, rows: int, keys: int) -> None:
    """Batch 1: `rows` rows over `keys` keys, one row per key and day, a quarter of the names varying.
    Batch 2: each key's latest batch-1 record 30 days later, 5% of them with a changed name."""
    con.execute(f"""create table stg_batch1 as
        select unhex(md5(bk)) as hk, bk, name, amount,
               unhex(md5(concat_ws('||', coalesce(upper(trim(amount::varchar)), '^^'), coalesce(upper(trim(name)), '^^')))) as hd,
               ldts, 'bench' as rsrc
        from (select (i % {keys})::varchar as bk,
                     case when hash(i) % 4 = 0 then 'other ' || (hash(i) % 3) else 'name ' || (i % {keys}) end as name,
                     ((i % {keys}) % 1000)::decimal(10, 2) as amount,
                     timestamp '2024-01-01' + to_days((i // {keys})::int) as ldts
              from range({rows}) t(i))""").fetchall()
    con.execute("""create table stg_batch2 as
        select hk, bk, name, amount,
               unhex(md5(concat_ws('||', coalesce(upper(trim(amount::varchar)), '^^'), coalesce(upper(trim(name)), '^^')))) as hd,
               ldts, rsrc
        from (select hk, bk, case when hash(bk, 'delta') % 20 = 0 then name || ' v2' else name end as name, amount,
                     ldts + interval 30 days as ldts, rsrc
              from stg_batch1 qualify row_number() over (partition by hk order by ldts desc) = 1)""").fetchall()
    use_batch(con, 1)


def use_batch(con, n: int) -> None:
    con.execute(f"create or replace view stg_bench as select * from stg_batch{n}").fetchall()


HOOK_MARK = "/* gata sat ledger: "  # how the ledger's hook statements start (macros/vault/tables/sat_ledger.sql)


def run_engine(project: Path, db: Path, tables: list[str]) -> dict[str, tuple[list[str], str, list[str]]]:
    """`dbt run` of `tables` on `db`: per table, what the run executed for it: the ledger's pre-hook statements,
    the compiled model SQL (the materialization wraps it in CREATE TABLE AS / INSERT), the post-hook statements."""
    env = dict(os.environ, GATA_BENCH_DB=str(db), DBT_PROFILES_DIR=str(project), DO_NOT_TRACK="1",
               DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    logs = []
    for args in (["deps"], ["run", "--select", *tables, "--log-format", "json", "--log-level", "debug"]):
        proc = subprocess.run([str(DBT), *args], cwd=project, env=env, capture_output=True, text=True)
        if proc.returncode:
            sys.exit(f"dbt {args[0]} failed:\n{proc.stdout[-4000:]}{proc.stderr[-2000:]}")
        logs = proc.stdout.splitlines()
    hooks = {t: {"before": [], "after": []} for t in tables}
    for line in logs:
        event = json.loads(line) if line.startswith("{") else {}
        if event.get("info", {}).get("name") != "SQLQuery":
            continue
        sql = event["data"]["sql"]
        sql = sql.split("*/", 1)[1].lstrip() if sql.startswith("/* {") else sql   # dbt's query comment
        table = event["data"].get("node_info", {}).get("unique_id", "").rsplit(".", 1)[-1]
        if table in hooks and sql.startswith(HOOK_MARK):
            hooks[table][sql[len(HOOK_MARK):].split(" ", 1)[0]].append(sql)
    out = project / "target" / "compiled" / "gata_bench" / "models"
    return {t: (hooks[t]["before"], (out / f"{t}.sql").read_text(), hooks[t]["after"]) for t in tables}


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(con, statements: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of the statements, run one after the other. DuckDB runs in this process, so the
    process CPU time is their work; it moves much less than wall time when other programs share the cores."""
    # warm-up: read every staged column once, so neither side pays for the first (cold) scan
    con.execute("select max(hk), max(bk), max(hd), max(name), max(amount), max(ldts), max(rsrc) from stg_bench").fetchall()
    start, start_cpu = time.perf_counter(), cpu_seconds()
    for sql in statements:
        con.execute(sql).fetchall()
    return time.perf_counter() - start, cpu_seconds() - start_cpu


def count(con, table: str) -> int:
    return con.execute(f"select count(*) from {table}").fetchall()[0][0]


def same(con, a: str, b: str) -> bool:
    diff = con.execute(f"select count(*) from ((select * from {a} except all select * from {b}) "
                       f"union all (select * from {b} except all select * from {a}))").fetchall()[0][0]
    return diff == 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--quick", action="store_true", help="1M rows")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--baseline", type=Path, help="another gata checkout to time in the same run (before/after)")
    a = ap.parse_args()
    rows = 1_000_000 if a.quick else a.rows
    keys = max(1, rows * 3 // 10)
    work = Path(tempfile.mkdtemp(prefix="gata_bench_"))
    db = work / "bench.duckdb"
    project = work / "project"
    for name, text in PROJECT_FILES.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    projects = [(project, "_bench")]
    if a.baseline:
        # the same models from the other checkout, renamed *_base (their own tables)
        base = work / "baseline"
        for name, text in PROJECT_FILES.items():
            name = name.replace("_bench.sql", "_base.sql")
            text = text.replace(f"local: {ROOT}", f"local: {a.baseline.resolve()}")
            (base / name).parent.mkdir(parents=True, exist_ok=True)
            (base / name).write_text(text)
        projects.append((base, "_base"))
        for table in TABLES:
            # ... against their own copies of the hand-written tables (the incremental SQL reads its target)
            hand = KINDS[table]
            KINDS[table.replace("_bench", "_base")] = f"{hand}_base"
            HAND_FIRST[f"{hand}_base"] = HAND_FIRST[hand]
            HAND_INCREMENTAL[f"{hand}_base"] = HAND_INCREMENTAL[hand].replace(hand, f"{hand}_base")

    con = duckdb.connect(str(db))
    t = time.perf_counter()
    generate(con, rows, keys)
    gen_s = time.perf_counter() - t
    con.close()
    first, incremental = {}, {}
    for proj, suffix in projects:
        tables = [t_.replace("_bench", suffix) for t_ in TABLES]
        # dbt runs on a small copy of the data under the same file name (the SQL names the database after it)
        scratch = proj / "scratch" / db.name
        scratch.parent.mkdir()
        con = duckdb.connect(str(scratch))
        generate(con, 100, 30)
        con.close()
        first.update(run_engine(proj, scratch, tables))      # target tables absent: first-load SQL
        sql = run_engine(proj, scratch, tables)              # target tables present: is_incremental() SQL
        assert all(sql[t_][1] != first[t_][1] for t_ in tables), "dbt did not compile the incremental variant"
        incremental.update(sql)

    con = duckdb.connect(str(db))
    con.execute(f"set threads={a.threads}").fetchall()
    report = []

    def pair(engine_sql: list[str], hand_sql: str) -> tuple[tuple[float, float], tuple[float, float]]:
        """Run both sides twice, in alternating order: the first time rolled back, the second committed;
        the faster run of each side counts, for wall and for CPU time (neither side profits from going second)."""
        best = {}
        for order, finish in ((("e", "h"), "rollback"), (("h", "e"), "commit")):
            for side in order:
                con.execute("begin").fetchall()
                wall, cpu = timed(con, engine_sql if side == "e" else [hand_sql])
                con.execute(finish).fetchall()
                old = best.get(side, (wall, cpu))
                best[side] = (min(old[0], wall), min(old[1], cpu))
        return best["e"], best["h"]

    def step(label: str, load_first: bool) -> None:
        for engine, hand in KINDS.items():
            kind = engine.removesuffix("_bench").replace("_base", " (baseline)")
            if load_first:
                before, sql, after = first[engine]
                e_s, h_s = pair([*before, f"create table {engine} as {sql}", *after], f"create table {hand} as {HAND_FIRST[hand]}")
                e_n, h_n = count(con, engine), count(con, hand)
            else:
                before_e, before_h = count(con, engine), count(con, hand)
                before, sql, after = incremental[engine]
                e_s, h_s = pair([*before, f"insert into {engine} {sql}", *after], f"insert into {hand} {HAND_INCREMENTAL[hand]}")
                e_n, h_n = count(con, engine) - before_e, count(con, hand) - before_h
            ok = same(con, engine, hand)
            report.append((f"{kind}: {label}", e_s[0], h_s[0], e_n, h_n, ok, e_s[1], h_s[1]))

    use_batch(con, 1)
    step("first load", True)
    step("re-load same batch", False)
    use_batch(con, 2)
    step("delta batch (5% changed)", False)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    con.close()

    print(f"staged rows {rows:,} (batch 2: {keys:,} rows, one per key), keys {keys:,}, threads {a.threads}, "
          f"generation {gen_s:.1f}s")
    print("times: the faster of two runs per side, run in alternating order; wall seconds, then process CPU seconds")
    print(f"{'step':34} {'engine s':>9} {'hand s':>9} {'ratio':>6} {'eng cpu':>8} {'hand cpu':>8} {'ratio':>6} "
          f"{'rows inserted':>14} {'hand rows':>10} {'same':>5}")
    for label, e_s, h_s, e_n, h_n, ok, e_c, h_c in report:
        print(f"{label:34} {e_s:9.2f} {h_s:9.2f} {e_s / h_s:6.2f} {e_c:8.2f} {h_c:8.2f} {e_c / h_c:6.2f} "
              f"{e_n:14,} {h_n:10,} {'yes' if ok else 'NO':>5}")
    print("(satf = sat with config apply_source_filter=true)")
    for kind in [k.removesuffix("_bench").replace("_base", " (baseline)") for k in KINDS]:
        first_s = next(r[1] for r in report if r[0] == f"{kind}: first load")
        reload = next(r for r in report if r[0] == f"{kind}: re-load same batch")
        first_cpu = next(r[6] for r in report if r[0] == f"{kind}: first load")
        print(f"{kind}: re-load / first load = {reload[1] / first_s:.0%} wall, {reload[6] / first_cpu:.0%} CPU "
              f"(target <= 30%), inserted {reload[3]} (target 0)")
    print(f"peak RSS of this process (DuckDB in-process): {peak_mb:,.0f} MB")
    if a.keep:
        print(f"work folder kept: {work}")
    else:
        shutil.rmtree(work)
    if not all(r[5] for r in report):
        sys.exit("engine and hand-written results differ")


if __name__ == "__main__":
    main()
