"""Is a 128-bit integer hash key (DuckDB md5_number, UHUGEINT) faster than the BLOB digest
(unhex(md5(...)), AutomateDV's binary convention) or hex text? Times, per key type, the work a vault load
does with keys: compute them, join a batch to a key table (hub anti-join), group by key.

    python benchmarks/bench_hash_types.py [--keys 3000000] [--rows 10000000] [--threads 2]
"""
from __future__ import annotations

import argparse
import time

import duckdb

KEY_TYPES = {
    "BLOB (unhex(md5))": "unhex(md5(k))",
    "UHUGEINT (md5_number)": "md5_number(k)",
    "VARCHAR (md5 hex)": "md5(k)",
}


def timed(con, sql: str) -> float:
    start = time.perf_counter()
    con.execute(sql).fetchall()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keys", type=int, default=3_000_000)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    con = duckdb.connect()
    con.execute(f"set threads={a.threads}").fetchall()
    con.execute(f"create table src as select (i % {a.keys})::varchar as k from range({a.rows}) t(i)").fetchall()
    results = []
    for label, expr in KEY_TYPES.items():
        t_hash = timed(con, f"create or replace table batch as select {expr} as hk, k from src")
        # the key table holds every other key: the anti-join keeps about half of the batch
        con.execute(f"create or replace table hub as select distinct {expr} as hk from src where hash(k) % 2 = 0").fetchall()
        t_join = timed(con, "create or replace table r as select b.* from batch b where not exists (select 1 from hub h where h.hk = b.hk)")
        t_inner = timed(con, "create or replace table r as select b.* from batch b join hub h on h.hk = b.hk")
        t_group = timed(con, "create or replace table r as select hk, count(*) as n from batch group by hk")
        results.append((label, t_hash, t_join, t_inner, t_group))
    base = results[0]
    print(f"{a.rows:,} rows, {a.keys:,} keys, {a.threads} threads (seconds; ratio to BLOB)")
    print(f"{'key type':24} {'compute':>9} {'anti-join':>10} {'join':>9} {'group by':>9} {'join+group vs BLOB':>19}")
    for label, *times in results:
        rel = (times[1] + times[2] + times[3]) / (base[2] + base[3] + base[4])
        print(f"{label:24} " + " ".join(f"{t:9.2f}" for t in times[:1]) + f" {times[1]:10.2f} {times[2]:9.2f} {times[3]:9.2f} {rel:18.2f}x")


if __name__ == "__main__":
    main()
