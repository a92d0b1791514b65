"""The index survives what operators and machines do to it: kills mid-build, corruption, bad starts."""

import os
import signal
import subprocess
import sys
import time

from assistant.config import Settings
from assistant.index.build import IndexBuilder
from assistant.index.loaded import PolicyIndex
from assistant.index.store import current_build


def run_cli(args, env, timeout=120, **kwargs):
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, **kwargs)


def private_env(settings: Settings) -> dict:
    return {**os.environ, "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
            "ASSISTANT_INDEX_DIR": str(settings.index_dir)}


def test_a_build_killed_midway_leaves_the_previous_index_usable(tmp_path, corpus_copy, embedder):
    settings = Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "index")
    IndexBuilder(settings, embedder).build()
    before = current_build(settings.index_dir)
    # Enough new text that embedding takes a while, so the kill lands inside the build.
    for copy in range(6):
        bullets = "\n".join(f"- Measure {copy}-{i} improves public service number {i} in district {copy}. (ITIB)"
                             for i in range(80))
        (corpus_copy / f"copy-{copy}.md").write_text(f"# Extra {copy}\n\n## Services\n\n{bullets}\n")
    process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "index"], env=private_env(settings),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    builds = settings.index_dir / "builds"
    deadline = time.monotonic() + 120
    while not any(p.name.startswith("tmp-") for p in builds.iterdir()):
        assert process.poll() is None and time.monotonic() < deadline, "the build ended before it could be killed"
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert current_build(settings.index_dir) == before
    for path in corpus_copy.glob("copy-*.md"):
        path.unlink()
    index = PolicyIndex.load(settings)  # the previous build: complete, verified, not stale
    assert index.version == before.name
    # The next build cleans the abandoned folder up.
    document = corpus_copy / "industry-development-and-reform.md"
    document.write_text(document.read_text().replace("10-hectare", "11-hectare"))
    IndexBuilder(settings, embedder).build()
    assert not any(p.name.startswith("tmp-") for p in builds.iterdir())


def test_serve_refuses_to_start_on_a_corrupt_index(tmp_path, corpus_copy, embedder):
    settings = Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "index")
    IndexBuilder(settings, embedder).build()
    (current_build(settings.index_dir) / "dense.faiss").write_bytes(b"not an index")
    result = run_cli(["serve", "--port", "0"], private_env(settings))
    assert result.returncode == 2
    assert "corrupt" in result.stderr and "assistant index" in result.stderr and "Traceback" not in result.stderr


def test_serve_refuses_to_start_without_an_index(tmp_path, corpus_copy):
    settings = Settings(corpus_dir=corpus_copy, index_dir=tmp_path / "none")
    result = run_cli(["serve", "--port", "0"], private_env(settings))
    assert result.returncode == 2 and "no index" in result.stderr
