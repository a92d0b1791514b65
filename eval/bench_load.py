"""The hardening load test: many clients for a minute against a live server with its protections on.

    .venv/bin/python eval/bench_load.py [--clients 32] [--duration 60] [--users 500] [--path /api/ask]

Starts ``assistant serve`` with its default limits, warms it with a short run, then drives it with
``wrk`` for --duration seconds: --clients connections, each request a fresh question (no cache hit) from
one of --users end users, each with its own address, as a trusted reverse proxy forwards them
(X-End-User-Id and X-Forwarded-For, believed from 127.0.0.1 here). Prints the requests served, the
status codes (429 and 503 are the deliberate answers of the rate limit and the concurrency cap; anything
else non-2xx, and any socket error, is an error), p50/p95/p99 latency, and the server's resident memory
after the warm-up, during the run (so a plateau can be told from a leak) and after it.
"""

from __future__ import annotations

import argparse
import os
import threading
from pathlib import Path

from bench_perf import run_wrk, start_server, stop, suite_questions


def resident_mib(pid: int) -> float:
    """Resident memory of process ``pid`` in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def main() -> None:
    """Run the load test and print its table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--path", default="/api/ask")
    args = parser.parse_args()
    questions = suite_questions()
    process, url, ready = start_server({**os.environ, "ASSISTANT_TRUSTED_PROXIES": "127.0.0.1"})
    try:
        run_wrk(url, args.path, questions, args.clients, 10, fresh=True, users=args.users)  # warm-up
        before = resident_mib(process.pid)
        samples: list[float] = []
        sampling = threading.Event()

        def sample() -> None:
            while not sampling.wait(args.duration / 6):
                samples.append(resident_mib(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        result = run_wrk(url, args.path, questions, args.clients, args.duration, fresh=True, users=args.users)
        sampling.set()
        sampler.join()
        after = resident_mib(process.pid)
    finally:
        stop(process)
    statuses = result["statuses"]
    deliberate = sum(n for s, n in statuses.items() if s in ("429", "503"))
    errors = sum(n for s, n in statuses.items() if not s.startswith("2") and s not in ("429", "503"))
    print(f"{args.clients} clients, {args.users} end users, {args.duration} s on {args.path}, fresh questions "
          f"(ready after {ready:.1f} s)")
    print(f"requests served: {result['requests']} ({result['rps']:.1f}/s); statuses: {statuses}")
    print(f"deliberate 429/503: {deliberate}; errors: {errors + result['errors']} "
          f"(other statuses {errors}, socket errors {result['errors']})")
    print(f"latency p50 {result['p50'] / 1000:.1f} ms, p95 {result['p95'] / 1000:.1f} ms, "
          f"p99 {result['p99'] / 1000:.1f} ms")
    print(f"server memory: {before:.0f} MiB before, {after:.0f} MiB after ({(after - before) / before:+.1%}); "
          f"during the run: {', '.join(f'{s:.0f}' for s in samples)} MiB")


if __name__ == "__main__":
    main()
