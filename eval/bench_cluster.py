"""Replicas behind haproxy, measured: requests per second and p95, and the cost of the balancer hop.

For 1, 2 and 3 replicas through the balancer, and for one process without it.

    .venv/bin/python eval/bench_cluster.py [--duration 15] [--clients 32] [--path /api/ask]

Starts the local stack (``assistant cluster up --replicas 3``: PostgreSQL, Redis, three replicas) with limits
out of reach (one address sends everything), then drives ``wrk`` with fresh questions (no cache can help)
against: one replica directly; a balancer over one replica (the hop's cost); balancers over two and three.
Each balancer is a haproxy with the README's configuration. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from bench_perf import run_wrk, suite_questions

from assistant.cli.cluster.haproxy import Haproxy
from assistant.cli.cluster.processes import free_port
from assistant.cli.cluster.stack import down, up

UNLIMITED = {f"ASSISTANT_{name}": "1000000" for name in (
    "RATE_LIMIT_PER_MINUTE", "RATE_LIMIT_BURST", "ADDRESS_RATE_LIMIT_PER_MINUTE", "ADDRESS_RATE_LIMIT_BURST",
    "FEEDBACK_PER_MINUTE", "FEEDBACK_PER_ADDRESS_PER_MINUTE", "IDENTITY_TOKENS_PER_MINUTE")}


def main() -> None:
    """Measure each arrangement and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per arrangement")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--path", default="/api/ask")
    args = parser.parse_args()
    questions = suite_questions()
    overrides = {**UNLIMITED, "ASSISTANT_CONCURRENCY_SHARE": "1.0", "ASSISTANT_MAX_CONCURRENT_REQUESTS": "256",
                 "ASSISTANT_LOCAL_ENABLED": "false", "ASSISTANT_TORCH_THREADS": "1"}
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as folder:
        os.chmod(folder, 0o755)  # PostgreSQL's unprivileged user enters it
        stack = up(Path(folder), replicas=3, port=free_port(), overrides=overrides)
        ports = [r["port"] for r in stack["replicas"]]
        rows = []
        try:
            run_wrk(f"http://127.0.0.1:{ports[0]}", args.path, questions, args.clients, 3, fresh=True)  # warm-up
            arrangements = [("one process, no balancer", f"http://127.0.0.1:{ports[0]}", None)]
            for n in (1, 2, 3):
                balancer = Haproxy(Path(folder) / f"haproxy-{n}", free_port(), ports[:n]).start()
                arrangements.append((f"{n} replica{'s' if n > 1 else ''} via haproxy", balancer.url, balancer))
            for name, url, balancer in arrangements:
                result = run_wrk(url, args.path, questions, args.clients, args.duration, fresh=True)
                rows.append((name, result))
                print(f"{name}: {result['rps']:.1f} req/s, p95 {result['p95'] / 1000:.1f} ms", flush=True)
                if balancer is not None:
                    balancer.stop()
        finally:
            down(Path(folder))
    print(f"\n{args.clients} clients, {args.duration} s each, {args.path}, fresh questions, {os.cpu_count()} cores\n")
    print("| arrangement | req/s | p50 ms | p95 ms | p99 ms | non-2xx | socket errors |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, r in rows:
        print(f"| {name} | {r['rps']:.1f} | {r['p50'] / 1000:.1f} | {r['p95'] / 1000:.1f} | {r['p99'] / 1000:.1f} "
              f"| {r['non_2xx']} | {r['errors']} |")
    direct, hop = rows[0][1], rows[1][1]
    print(f"\nbalancer hop: {hop['p50'] / 1000 - direct['p50'] / 1000:+.1f} ms at p50, "
          f"{hop['p95'] / 1000 - direct['p95'] / 1000:+.1f} ms at p95, {hop['rps'] / direct['rps'] - 1:+.1%} req/s")


if __name__ == "__main__":
    main()
