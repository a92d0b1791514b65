"""Performance of the service on this machine, next to the floor the embedding model sets.

    .venv/bin/python eval/bench_perf.py [--duration 15] [--concurrency 1 8 32] [--fresh] [--skip-build]
                                        [--workers N] [--suite eval/suites/chinese.yaml]

Prints one table:
- cold start: from launching ``assistant serve`` to ``/readyz`` answering 200 (median of 3 starts);
- ``/api/search`` and ``/api/ask`` latency p50/p95/p99 and requests per second at each concurrency,
  driven by ``wrk`` (C, so the load generator takes little of the 2 cores) over the golden questions, or
  another suite's (``--suite eval/suites/chinese.yaml``: Chinese questions, which take longer to read);
- next to each latency, the floor measured in the same run (the time to embed one query with the same
  model, in this process: one of the questions as the clients send them, a ``--fresh`` question with its
  unique tail, which adds about ten tokens) and the ratio of the latency to it;
- next to each throughput, the embedding ceiling measured in the same run (questions per second the same
  model and dtype encode in batches of 32 with torch on every core: the most the service could answer if
  embedding were its only cost) and the row's share of it;
- the server's memory after the load: the proportional set size (PSS) of its supervisor and each worker
  process (``--workers``, default: one per core), so the cost of one more worker shows;
- index build time and peak memory of a full ``assistant index --force`` into a temporary folder.

``--fresh`` makes every request's question unique (a counter is appended), so neither the answer cache
nor the query-embedding cache can help: it measures the work, not the caches. Rate limits are lifted
for the run (one address sends everything). Needs ``wrk`` (``apt-get install wrk``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
LUA = r"""
local questions = {QUESTIONS}
local path, fresh, users = "{PATH}", {FRESH}, {USERS}
local counter = 0
local threads = {}
function setup(thread) table.insert(threads, thread); thread:set("tid", #threads) end
function init(args) statuses = {} end
-- The tail goes before the question's closing mark, inside its sentence: after "？" a Chinese question's English
-- rendering would read "... launch. Ref 3fa2b1c9x1x17", a second sentence embedded as a phrasing of its own.
local stops = {"？", "?", "。", ".", "！", "!"}
local function with_tail(q, tail)
  for _, stop in ipairs(stops) do
    if #q > #stop and q:sub(-#stop) == stop then return q:sub(1, -#stop - 1) .. tail .. stop end
  end
  return q .. tail
end
local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
function request()
  counter = counter + 1
  local q = questions[(counter % #questions) + 1]
  -- A lower-case tail: it makes the question unique without starting a second sentence (phrasing).
  -- fresh_question() in Python writes the same tail, so that the floor is measured on questions like these.
  if fresh then q = with_tail(q, " ref {RUN}x" .. tostring(tid) .. "x" .. tostring(counter)) end
  local headers = {["Content-Type"] = "application/json"}
  if users > 0 then  -- as a trusted proxy forwards them: the end user and the address it came from
    local user = (tid * 7919 + counter) % users
    headers["X-End-User-Id"] = "user-" .. tostring(user)
    headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(user / 65536) % 256,
                                               math.floor(user / 256) % 256, user % 256)
  end
  if path == "/api/search" then
    return wrk.format("GET", "/api/search?k=5&q=" .. urlencode(q), headers)
  end
  local body = '{"question": "' .. q:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"}'
  return wrk.format("POST", path, headers, body)
end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do counts[status] = (counts[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(counts) do table.insert(parts, string.format('"%d": %d', status, n)) end
  io.write(string.format('RESULT {"requests": %d, "seconds": %f, "p50": %d, "p95": %d, "p99": %d, '
    .. '"errors": %d, "statuses": {%s}}\n', summary.requests, summary.duration / 1e6, latency:percentile(50),
    latency:percentile(95), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    table.concat(parts, ", ")))
end
"""


def lifted_limits() -> dict[str, str]:
    """Settings that put every per-client and per-address limit out of reach: one address drives every request."""
    return {"ASSISTANT_RATE_LIMIT_PER_MINUTE": "1e9", "ASSISTANT_RATE_LIMIT_BURST": "1000000000",
            "ASSISTANT_ADDRESS_RATE_LIMIT_PER_MINUTE": "1e9", "ASSISTANT_ADDRESS_RATE_LIMIT_BURST": "1000000000",
            "ASSISTANT_MAX_CONCURRENT_REQUESTS": "1000", "ASSISTANT_CONCURRENCY_SHARE": "1"}


GOLDEN_SUITE = ROOT / "eval" / "suites" / "golden.yaml"


def suite_questions(suite: Path = GOLDEN_SUITE) -> list[str]:
    """A suite's single-turn questions: the load the benchmarks here send (the golden suite unless told)."""
    cases = yaml.safe_load(suite.read_text(encoding="utf-8"))
    return [c["question"] for c in cases if not c.get("history")]


def free_port() -> int:
    """A free port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


#: Where each server started here keeps its database, unless the environment names one: the conversation log
#: of earlier runs (thousands of records a minute under load) would otherwise grow the project's
#: ``var/feedback.sqlite3``, and the daily scoring a server runs at start would read them all.
STORES = tempfile.TemporaryDirectory(prefix="bench-stores-")


def start_server(env: dict) -> tuple[subprocess.Popen, str, float]:
    """Launch ``assistant serve`` with a database of its own; return it, its URL and the seconds to /readyz 200."""
    store = Path(tempfile.mkdtemp(dir=STORES.name))
    env = {"ASSISTANT_FEEDBACK_DB": str(store / "feedback.sqlite3"), "ASSISTANT_SPOOL_DB": str(store / "spool.sqlite3"),
           **env}
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return process, url, time.perf_counter() - started
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.perf_counter() - started > 120:
            process.kill()
            sys.exit("the server did not start; is the index built? (assistant index)")
        time.sleep(0.02)


def stop(process: subprocess.Popen) -> None:
    """Stop a server this script started."""
    process.terminate()
    process.wait(timeout=20)


def cold_start(env: dict, runs: int = 3) -> float:
    """Median seconds from launching ``assistant serve`` to ``/readyz`` answering 200."""
    times = []
    for _ in range(runs):
        process, _, seconds = start_server(env)
        stop(process)
        times.append(seconds)
    return statistics.median(times)


#: The closing marks the wrk script puts the tail before (its ``stops``), in the same order.
STOPS = ("？", "?", "。", ".", "！", "!")


def fresh_question(question: str, run: str, thread: int, counter: int) -> str:
    """``question`` made unique as the wrk script makes it under ``--fresh``: the same tail, in the same place.

    >>> fresh_question("How much is it?", "3fa2b1c9", 1, 17), fresh_question("幾時推出？", "3fa2b1c9", 1, 17)
    ('How much is it ref 3fa2b1c9x1x17?', '幾時推出 ref 3fa2b1c9x1x17？')
    """
    tail = f" ref {run}x{thread}x{counter}"
    stop = next((s for s in STOPS if len(question) > len(s) and question.endswith(s)), "")
    return f"{question[:len(question) - len(stop)]}{tail}{stop}"


def embedding_limits(questions: list[str], fresh: bool, batch: int = 32) -> tuple[float, float]:
    """The floor and the ceiling the embedding model sets, with the service's model and dtype.

    Returns the median milliseconds to embed one query alone (with the service's threads: one, which is
    fastest for one query), and the questions per second encoded in batches of ``batch`` with torch on every
    core, as issue 19 measures the ceiling (each batch of unique questions, as ``--fresh`` sends them). Both
    embed the questions as the clients send them: with ``fresh``, each with the tail that makes it unique.
    """
    from assistant.config import get_settings
    from assistant.index.embedding import Embedder

    embedder = Embedder.from_settings(get_settings())
    embedder.encode(["warm up"] * batch)
    run = uuid.uuid4().hex[:8]
    times = []
    for counter, question in enumerate(questions * 3, 1):
        text = fresh_question(question, run, 1, counter) if fresh else question
        started = time.perf_counter()
        embedder.encode([text])
        times.append((time.perf_counter() - started) * 1000)
    rounds = max(1, 3 * len(questions) // batch)
    batches = [[fresh_question(questions[(i * batch + j) % len(questions)], run, 2, i * batch + j + 1)
                for j in range(batch)] for i in range(rounds)]
    embedder.threads = os.cpu_count() or 1
    embedder.encode(batches[0])
    started = time.perf_counter()
    for texts in batches:
        embedder.encode(texts)
    ceiling = rounds * batch / (time.perf_counter() - started)
    return statistics.median(times), ceiling


def run_wrk(url: str, path: str, questions: list[str], connections: int, duration: int, fresh: bool,
            users: int = 0) -> dict:
    """One wrk run.

    ``users`` > 0 spreads the requests over that many end users, each with its own address, as a trusted
    proxy (the server must list 127.0.0.1 in ASSISTANT_TRUSTED_PROXIES) forwards them.
    """
    # UTF-8 as it is: LuaJIT reads a Chinese question's bytes, not JSON's \u escapes.
    script = LUA.replace("{QUESTIONS}", "{" + ", ".join(json.dumps(q, ensure_ascii=False) for q in questions) + "}")
    script = script.replace("{PATH}", path).replace("{FRESH}", "true" if fresh else "false")
    script = script.replace("{USERS}", str(users)).replace("{RUN}", uuid.uuid4().hex[:8])
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    threads = min(2, connections)
    output = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s",
                             "--timeout", "10s", "-s", handle.name, url], capture_output=True, text=True).stdout
    os.unlink(handle.name)
    line = next(row for row in output.splitlines() if row.startswith("RESULT "))
    result = json.loads(line[len("RESULT "):])
    non_2xx = sum(n for status, n in result["statuses"].items() if not status.startswith("2"))
    result |= {"rps": result["requests"] / result["seconds"], "non_2xx": non_2xx}
    return result


def index_build(env: dict) -> tuple[float, float]:
    """Seconds and peak resident memory (MiB) of ``assistant index --force`` into a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        build_env = {**env, "ASSISTANT_INDEX_DIR": folder}
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "assistant.cli", "index", "--force"], env=build_env, check=True,
                       capture_output=True)
        seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kib / 1024


def process_tree_pss(pid: int) -> list[tuple[str, float]]:
    """(process, MiB) of ``pid`` and its children: each one's proportional set size, shared pages divided."""
    def pss(process: int) -> float:
        rollup = Path(f"/proc/{process}/smaps_rollup").read_text()
        return next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")) / 1024

    from assistant.api.workers import worker_pids

    workers = worker_pids(pid)
    return [("supervisor" if workers else "server", pss(pid))] + [(f"worker {i + 1}", pss(c))
                                                                 for i, c in enumerate(workers)]


def main() -> None:
    """Measure everything and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per measurement")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--fresh", action="store_true", help="unique questions: no cache can help")
    parser.add_argument("--skip-build", action="store_true", help="do not measure the index build")
    parser.add_argument("--workers", type=int, default=0, help="worker processes of the server (0: one per core)")
    parser.add_argument("--suite", type=Path, default=GOLDEN_SUITE,
                        help="the suite whose questions are sent (eval/suites/chinese.yaml for Chinese load)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    questions = suite_questions(args.suite)
    env = {**os.environ, **lifted_limits(), "ASSISTANT_WORKERS": str(args.workers)}
    build = None if args.skip_build else index_build(env)
    start = cold_start(env)
    floor, ceiling = embedding_limits(questions, args.fresh)
    process, url, _ = start_server(env)
    rows = []
    try:
        for path in ("/api/search", "/api/ask"):
            for connections in args.concurrency:
                rows.append((path, connections, run_wrk(url, path, questions, connections, args.duration, args.fresh)))
        memory = process_tree_pss(process.pid)
    finally:
        stop(process)
    mode = (f"fresh questions of {args.suite.name} (no cache hits)" if args.fresh
            else f"questions of {args.suite.name} repeated (caches warm)")
    print(f"\n{os.cpu_count()} cores; {mode}; {args.duration} s per row; "
          f"floor = embed one query as sent: {floor:.2f} ms")
    print(f"embedding ceiling = batches of 32: {ceiling:.0f} questions/s (same model and dtype, torch on every core)")
    print(f"cold start to ready: {start:.2f} s (median of 3)")
    print("server memory after the load (PSS): " + ", ".join(f"{name} {mib:.0f} MiB" for name, mib in memory)
          + f"; {sum(mib for _, mib in memory):.0f} MiB in all")
    if build:
        print(f"index build (--force): {build[0]:.1f} s, "
              f"peak memory {build[1]:.0f} MiB")
    print(f"\n{'endpoint':<12}{'clients':>8}{'rps':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'p50/floor':>10}"
          f"{'of ceiling':>11}{'non-2xx':>9}{'errors':>8}")
    for path, connections, r in rows:
        p50, p95, p99 = r["p50"] / 1000, r["p95"] / 1000, r["p99"] / 1000
        print(f"{path:<12}{connections:>8}{r['rps']:>9.1f}{p50:>9.2f}{p95:>9.2f}{p99:>9.2f}{p50 / floor:>10.2f}"
              f"{r['rps'] / ceiling:>11.0%}{r['non_2xx']:>9}{r['errors']:>8}")


if __name__ == "__main__":
    main()
