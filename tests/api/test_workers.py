"""``assistant serve`` on every core: worker processes sharing one port, one rate-limit allowance and the metrics.

The limiter is checked alone (two limiters on one file, and processes racing for the last tokens), then a
real ``assistant serve --workers 2`` on the session's index: concurrent requests on fresh connections reach
both workers, the shared burst lets exactly as many through as one process would, ``/metrics`` counts every
worker's requests, a killed worker is started again, and SIGTERM stops them all.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from assistant.api.limits import FileLimiter, Rule
from assistant.api.workers import worker_environment, worker_pids
from assistant.config import Settings
from tests.conftest import free_port, wait_until_ready

RULE = Rule("request", per_minute=1, burst=5)


def test_two_limiters_on_one_file_spend_from_one_bucket(tmp_path):
    first, second = FileLimiter(str(tmp_path / "limits.sqlite3")), FileLimiter(str(tmp_path / "limits.sqlite3"))
    waits = [(first if i % 2 else second).hit(RULE, "client", now=100.0) for i in range(7)]
    assert waits[:5] == [0.0] * 5 and all(w > 0 for w in waits[5:])
    assert first.peek(RULE, "other", now=100.0) == 0.0  # another key has its own bucket
    assert second.hit(RULE, "client", now=100.0 + 60.0) == 0.0  # one token back a minute later


def test_refilled_buckets_are_swept(tmp_path):
    limiter = FileLimiter(str(tmp_path / "limits.sqlite3"))
    limiter.SWEEP_EVERY = 10
    for i in range(9):
        limiter.hit(RULE, f"client-{i}", now=0.0)
    limiter.hit(RULE, "late", now=10_000.0)  # the tenth check sweeps: the first nine have long refilled
    rows = limiter._connection().execute("SELECT key FROM buckets").fetchall()
    assert rows == [("late",)]


def _spend(path: str, results) -> None:
    limiter = FileLimiter(path)
    results.put(sum(limiter.hit(Rule("race", per_minute=0.001, burst=50), "client") == 0.0 for _ in range(40)))


def test_processes_racing_never_spend_the_same_token(tmp_path):
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    processes = [context.Process(target=_spend, args=(str(tmp_path / "limits.sqlite3"), results)) for _ in range(3)]
    for process in processes:
        process.start()
    spent = sum(results.get(timeout=60) for _ in processes)
    for process in processes:
        process.join(timeout=30)
    assert spent == 50  # 120 attempts at a burst of 50: exactly the burst goes through


def test_workers_share_a_signing_key_and_limits_unless_configured():
    shared = worker_environment(Settings(), 2, Path("/run/x"))
    assert len(shared["ASSISTANT_IDENTITY_SECRET"]) >= 32 and shared["ASSISTANT_LIMITS_DB"] == "/run/x/limits.sqlite3"
    assert shared["ASSISTANT_WORKERS"] == "1" and shared["ASSISTANT_INDEX_POLL_SECONDS"] == "2.0"
    configured = worker_environment(Settings(identity_secret="s" * 20, redis_url="redis://127.0.0.1:1/0",
                                             index_poll_seconds=5), 2, Path("/run/x"))
    assert not {"ASSISTANT_IDENTITY_SECRET", "ASSISTANT_LIMITS_DB", "ASSISTANT_INDEX_POLL_SECONDS"} & set(configured)


def _children(pid: int) -> set[int]:
    return set(worker_pids(pid))


def _search_once(url: str) -> int:
    with httpx.Client(timeout=60) as client:  # a connection of its own: the kernel picks the worker
        return client.get(f"{url}/api/search", params={"q": "AI Subsidy Scheme"}).status_code


def _requests_counted(url: str) -> dict[str, float]:
    """GET requests by status that ``/metrics`` reports, but for the probes (a refused one matches no route)."""
    text = httpx.get(f"{url}/metrics", timeout=10).text
    counted: dict[str, float] = {}
    for route, status, n in re.findall(r'assistant_requests_total\{method="GET",route="([^"]+)",status="(\d+)"\} '
                                       r'(\S+)', text):
        if route not in ("/readyz", "/metrics"):
            counted[status] = counted.get(status, 0.0) + float(n)
    return counted


@pytest.mark.slow
def test_two_workers_share_the_port_the_limits_and_the_metrics(index, settings, tmp_path):
    port, log = free_port(), tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
           "ASSISTANT_INDEX_DIR": str(settings.index_dir),
           "ASSISTANT_FEEDBACK_DB": str(tmp_path / "feedback.sqlite3"), "TMPDIR": str(tmp_path),
           "ASSISTANT_RATE_LIMIT_BURST": "20", "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0.01"}
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port),
                                    "--workers", "2"], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_ready(url, process, 120, log)
        workers = _children(process.pid)
        assert len(workers) == 2
        time.sleep(3)  # both warmed up: either may take a connection
        with ThreadPoolExecutor(16) as pool:
            statuses = list(pool.map(lambda _: _search_once(url), range(40)))
        # Both workers answered (each counts into a metrics file named by its pid) ...
        counted_by = {int(m[1]) for f in tmp_path.glob("assistant-workers-*/metrics/*.db")
                      if (m := re.search(r"_(\d+)\.db$", f.name))}
        assert counted_by == workers, (counted_by, workers)
        # ... and spent from one allowance: one process's burst in all, not one per worker.
        assert statuses.count(200) == 20 and statuses.count(429) == 20, statuses
        assert _requests_counted(url) == {"200": 20.0, "429": 20.0}

        killed = next(iter(workers))
        os.kill(killed, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while len(_children(process.pid) - {killed}) < 2:
            assert time.monotonic() < deadline, "the killed worker was not started again"
            time.sleep(0.5)
        assert "starting it again" in log.read_text()
        assert httpx.get(f"{url}/healthz", timeout=10).status_code == 200

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert not any(Path(f"/proc/{pid}").exists() for pid in _children_gone(workers | {killed}))
        assert not list(tmp_path.glob("assistant-workers-*"))  # the shared files go with the server
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _children_gone(pids: set[int]) -> set[int]:
    """``pids`` that still exist as processes other than zombies (a reaped worker's pid is gone)."""
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1].split()[0]
        except (FileNotFoundError, IndexError):
            continue
        if state != "Z":
            alive.add(pid)
    return alive
