"""Latency of /api/search and /api/ask over the golden questions, against a live server.

    .venv/bin/python eval/bench_latency.py [--url http://127.0.0.1:8000] [--rounds 5]

Without --url it starts `assistant serve` on a free loopback port, waits for /readyz and stops it after.
Each golden question is sent --rounds times, one request at a time; it prints p50 and p95 per endpoint.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent


def start_server() -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy())
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            sys.exit("the server exited; is the index built? run `assistant index`")
        time.sleep(0.1)
    process.kill()
    sys.exit("the server did not become ready within 120 s")


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running server; default: start one")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--suite", default=str(ROOT / "eval" / "suites" / "golden.yaml"))
    args = parser.parse_args()
    questions = [case["question"] for case in yaml.safe_load(Path(args.suite).read_text()) if not case.get("history")]
    process, url = (None, args.url) if args.url else start_server()
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            timings: dict[str, list[float]] = {"/api/search": [], "/api/ask": []}
            for _ in range(args.rounds):
                for question in questions:
                    started = time.perf_counter()
                    client.get("/api/search", params={"q": question, "k": 5}).raise_for_status()
                    timings["/api/search"].append((time.perf_counter() - started) * 1000)
                    started = time.perf_counter()
                    client.post("/api/ask", json={"question": question}).raise_for_status()
                    timings["/api/ask"].append((time.perf_counter() - started) * 1000)
    finally:
        if process:
            process.terminate()
            process.wait(timeout=10)
    print(f"{len(questions)} questions x {args.rounds} rounds, one request at a time, against {url}")
    print(f"{'endpoint':<12} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for endpoint, values in timings.items():
        print(f"{endpoint:<12} {len(values):>5} {percentile(values, 50):>8.1f} {percentile(values, 95):>8.1f}")


if __name__ == "__main__":
    main()
