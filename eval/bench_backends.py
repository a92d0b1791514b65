"""Backends compared: the local model's speed, and each backend's quality on the golden suite.

    .venv/bin/python eval/bench_backends.py [--suite eval/suites/golden.yaml] [--limit N]

Prints, for the local backend (SmolLM2-135M through llama-cpp-python), the model load time, time to first
token and tokens per second; then, for each backend, expected facts found, citation precision, grounded,
refusals and degraded answers over the suite. The openai backend talks to llama.cpp's own OpenAI-compatible
server (``python -m llama_cpp.server``, started here on a free loopback port with the same model) when
that server's extras are installed, so it is measured against a real protocol peer.
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

from assistant.backends import create_backend
from assistant.backends.local import bundled_model_path, load_model
from assistant.config import get_settings
from assistant.evaluation.runner import RunOptions, run_suite, summarise
from assistant.evaluation.suite import load_suite
from assistant.service import Assistant
from assistant.types import Answer

ROOT = Path(__file__).resolve().parent.parent
PROMPTS = ["What does the AI Subsidy Scheme support?", "When will the CorpID Platform launch?",
           "What will the Fire Services Department introduce?"]


def local_speed(assistant: Assistant) -> None:
    """Print the local model's load time, time to first token and tokens per second."""
    settings = assistant.settings
    started = time.perf_counter()
    model = load_model(str(bundled_model_path()), settings.local_context, settings.local_threads or os.cpu_count())
    print(f"local: model load {time.perf_counter() - started:.2f} s")
    backend = create_backend("local", settings)
    first_tokens, rates = [], []
    for question in PROMPTS:
        plan = assistant.plan(question, *assistant.retrieve(question))
        assert not isinstance(plan, Answer), f"the document should answer {question!r}"
        sources = [assistant.composer.citation(n, passage) for n, passage in enumerate(plan.sources, 1)]
        request = assistant.prompts.answer_request(question, sources, "")
        started = time.perf_counter()
        first, text = None, ""
        for piece in backend.generate(request):
            first = first or time.perf_counter()
            text += piece
        elapsed = time.perf_counter() - started
        tokens = len(model.tokenize(text.encode(), add_bos=False))
        first_tokens.append(first - started)
        rates.append(tokens / max(elapsed - (first - started), 1e-6))
    print(f"local: time to first token p50 {statistics.median(first_tokens):.2f} s, "
          f"{statistics.median(rates):.1f} tokens/s (median of {len(PROMPTS)} prompts)")


def start_llama_server() -> tuple[subprocess.Popen | None, str | None]:
    """A llama.cpp server on a free loopback port, when llama-cpp-python has one, and its URL."""
    try:
        import llama_cpp.server  # noqa: F401
    except ImportError:
        return None, None
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(bundled_model_path()),
                                "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    for _ in range(300):
        try:
            if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    return None, None


def quality(assistant: Assistant, backend: str, cases: list) -> None:
    """Print ``backend``'s summary metrics on ``cases``."""
    results = run_suite(assistant, cases, RunOptions(backend=backend))
    summary = summarise(results)
    degraded = sum(r.answer.degraded for r in results if r.answer) / len(results)

    def show(name: str) -> str:
        value = summary.get(name)
        return f"{value:.3f}" if isinstance(value, float) else "n/a"

    print(f"{backend:<11} facts {show('facts'):>6}  citation precision {show('citation_precision'):>6}  "
          f"grounded {show('grounded'):>6}  refused-when-expected {show('refused_when_expected'):>6}  "
          f"degraded {degraded:.3f}  p50 {summary['latency_p50_ms']:.0f} ms")


def main() -> None:
    """Measure the local model, then each backend's quality."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suite", default=str(ROOT / "eval" / "suites" / "golden.yaml"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N cases (the local model is slow)")
    args = parser.parse_args()
    settings = get_settings()
    assistant = Assistant.from_settings(settings)
    local_speed(assistant)
    cases = load_suite(Path(args.suite))
    cases = cases[: args.limit] if args.limit else cases
    server, url = start_llama_server()
    try:
        quality(assistant, "extractive", cases)
        quality(assistant, "local", cases)
        if url:
            remote = settings.model_copy(update={"openai_base_url": url, "openai_model": "smollm2",
                                                 "openai_api_key": "none"})
            quality(Assistant(remote, assistant.index, assistant.embedder), "openai", cases)
        else:
            print("openai      skipped: pip install 'llama-cpp-python[server]' to measure it against its server")
    finally:
        if server:
            server.terminate()


if __name__ == "__main__":
    main()
