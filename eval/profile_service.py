"""Where the service's time goes under load: a sampling profile, summed per layer and per answer step.

    .venv/bin/python eval/profile_service.py [--path /api/ask] [--clients 32] [--duration 20]
                                             [--suite eval/suites/chinese.yaml]

Starts ``assistant serve`` (limits lifted, as ``bench_perf.py`` does), drives it with ``wrk`` at ``--clients``
concurrent fresh questions (no cache can help), and records every thread of the server with ``py-spy``
(a sampling profiler from PyPI: it reads the processes from outside, the workers included, so the profile
costs the server nothing).
Idle samples (threads waiting on a lock, a socket or the event loop's selector) are left out: the table is
where the CPU goes. Each sample is given to the innermost frame whose module names a layer, so time in the
``re`` module called from ``assistant/query`` counts as reading the question.

Prints two Markdown tables: the share of samples per layer, and per answer step (``assistant/answer/steps``).
Needs ``wrk`` and ``py-spy`` (root, or ptrace allowed).
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_perf import GOLDEN_SUITE, lifted_limits, run_wrk, start_server, stop, suite_questions

#: (layer, pattern on a frame's file): the first pattern a frame's file matches names its layer.
LAYERS = [
    ("waiting (lock, queue, selector)", r"^(Condition\.wait|Queue\.get|Event\.wait|.*select|_worker) "),
    ("embedding model (torch)", r"(^|/)(torch|sentence_transformers|transformers|tokenizers)/"),
    ("logging and metrics", r"(^|/)(logging|prometheus_client)/|assistant/api/(logs|metrics)\.py"),
    ("JSON and validation", r"(^|/)(pydantic\w*|json|orjson)/|assistant/api/schemas\.py"),
    ("middleware and limits", r"assistant/api/(middleware|limits|strict|identity|cancellation)\.py"),
    ("query embedding batcher", r"assistant/query/encoding\.py"),
    ("reading the question", r"assistant/query/|assistant/text/"),
    ("retrieval (FAISS, BM25, fusion)", r"assistant/retrieval/|assistant/index/|(^|/)(faiss|rank_bm25)"),
    ("answer flow (steps, composer, checks)", r"assistant/answer/|assistant/schemes/|assistant/backends/"),
    ("routes", r"assistant/api/"),
    ("HTTP stack (uvicorn, starlette, fastapi)", r"(^|/)(uvicorn|h11|httptools|starlette|fastapi)/"),
    ("event loop and thread hops", r"(^|/)(asyncio|anyio|concurrent)/|threading\.py|queue\.py|selectors\.py"),
    ("numpy", r"(^|/)numpy/"),
]
FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^():]+)(?::\d+)?\)$")
STEP = re.compile(r"assistant/answer/steps/(\w+)\.py")


def record(pid: int, seconds: int, output: Path) -> subprocess.Popen:
    """Start py-spy on ``pid`` for ``seconds``, writing collapsed stacks to ``output``."""
    return subprocess.Popen(["py-spy", "record", "--pid", str(pid), "--duration", str(seconds), "--rate", "250",
                             "--format", "raw", "--nonblocking", "--subprocesses", "--output", str(output)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def layer_of(frames: list[str]) -> str:
    """The layer of one sample: that of its innermost frame that names one."""
    for frame in reversed(frames):
        match = FRAME.match(frame)
        path = match["file"] if match else frame
        for layer, pattern in LAYERS:
            if re.search(pattern, frame if pattern.startswith("^(") else path):
                return layer
    return "other"


def step_of(frames: list[str]) -> str | None:
    """The answer step a sample ran in (the outermost step frame), or None outside the steps."""
    for frame in frames:
        if match := STEP.search(frame):
            return match[1]
    return None


def summarise(collapsed: Path) -> tuple[collections.Counter, collections.Counter, int]:
    """Samples per layer and per step, and the total, from py-spy's collapsed stacks."""
    layers, steps, total = collections.Counter(), collections.Counter(), 0
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames, n = stack.split(";"), int(count)
        # The first frame is the thread ("process 123:..."/"thread (0x..)"): not code.
        frames = [f for f in frames if FRAME.match(f)]
        total += n
        layers[layer_of(frames)] += n
        if step := step_of(frames):
            steps[step] += n
    return layers, steps, total


def table(title: str, counts: collections.Counter, total: int) -> str:
    """A Markdown table of ``counts`` as shares of ``total``."""
    rows = [f"| {title} | share of CPU samples |", "| --- | ---: |"]
    rows += [f"| {name} | {n / total:.1%} |" for name, n in counts.most_common()]
    return "\n".join(rows)


def main() -> None:
    """Profile the service under load and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", default="/api/ask", choices=["/api/ask", "/api/search"])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--suite", type=Path, default=GOLDEN_SUITE, help="the suite whose questions are sent")
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--warm-up", type=int, default=10,
                        help="seconds of load before sampling: a worker loads the cross-language dictionary in the "
                             "background once it serves (about 4 s here), which is no request's cost")
    args = parser.parse_args()
    for tool in ("wrk", "py-spy"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed: apt-get install wrk; pip install py-spy")
    process, url, _ = start_server({**os.environ, **lifted_limits()})
    with tempfile.TemporaryDirectory() as folder:
        collapsed = Path(folder) / "profile.txt"
        try:
            run_wrk(url, args.path, suite_questions(args.suite), args.clients, args.warm_up, fresh=True)  # warm up
            profiler = record(process.pid, args.duration, collapsed)
            result = run_wrk(url, args.path, suite_questions(args.suite), args.clients, args.duration, fresh=True)
            profiler.wait(timeout=args.duration + 30)
        finally:
            stop(process)
        layers, steps, total = summarise(collapsed)
        if os.environ.get("KEEP_PROFILE"):
            shutil.copy(collapsed, os.environ["KEEP_PROFILE"])
    print(f"{args.path}, {args.clients} clients, fresh questions, {args.duration} s: {result['rps']:.1f} rps, "
          f"p95 {result['p95'] / 1000:.0f} ms; {total} CPU samples at 250 Hz\n")
    print(table("layer", layers, total) + "\n")
    print(table("answer step", steps, total))


if __name__ == "__main__":
    main()
