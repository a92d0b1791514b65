"""`assistant eval` as a release gate: a deliberately broken retriever fails against the baseline and the
cases that regressed are named; a healthy system passes; a missed --fail-under bar fails.

The command runs through the CLI's own ``main`` (argument parsing, suites, runner, report, exit status);
only the loading of the assistant is swapped: each run gets a new assistant over the session's index and
model, so its answer cache starts empty as in a new process, and no second model is loaded.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from assistant.cli import main
from assistant.config import PROJECT_ROOT
from assistant.service import Assistant

GOLDEN = PROJECT_ROOT / "eval" / "suites" / "golden.yaml"
CASES = 24


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first answerable golden cases, as a suite of their own."""
    records = [r for r in yaml.safe_load(GOLDEN.read_text()) if r.get("expect", "answer") == "answer"][:CASES]
    path = tmp_path_factory.mktemp("suite") / "golden-part.yaml"
    path.write_text(yaml.safe_dump(records, sort_keys=False))
    return path


def fresh(assistant: Assistant) -> Assistant:
    """A new assistant over the session's index and model, with empty caches."""
    return Assistant(assistant.settings, assistant.index, assistant.embedder)


@pytest.fixture
def run_assistant(assistant: Assistant) -> Assistant:
    return fresh(assistant)


@pytest.fixture
def cli(run_assistant: Assistant, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    """Run ``assistant ...`` in-process against ``run_assistant``; returns (exit status, stdout)."""
    monkeypatch.setattr(Assistant, "from_settings", classmethod(lambda cls, settings: run_assistant))

    def run(*args: str) -> tuple[int, str]:
        code = main(["eval", *args])
        return code, capsys.readouterr().out
    return run


@pytest.fixture
def broken_retrieval(run_assistant: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    """A retriever that loses its two best passages for every query."""
    search = run_assistant.retriever.search

    def broken(query, k=5, *args, **kwargs):
        return search(query, k + 2, *args, **kwargs)[2:]
    monkeypatch.setattr(run_assistant.retriever, "search", broken)


@pytest.fixture(scope="module")
def baseline(assistant: Assistant, suite: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of a healthy run, which must pass its bar."""
    path = tmp_path_factory.mktemp("reports") / "baseline.json"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Assistant, "from_settings", classmethod(lambda cls, settings: fresh(assistant)))
        assert main(["eval", str(suite), "--report", str(path), "--fail-under", "hit@1=0.8"]) == 0
    return path


def test_a_healthy_run_writes_a_report_to_compare_with(baseline: Path):
    report = json.loads(baseline.read_text())
    assert report["summary"]["cases"] == CASES
    assert [g["status"] for g in report["gates"]] == ["pass"]


def test_a_broken_retriever_fails_against_the_baseline_and_names_the_cases(cli, suite, baseline, broken_retrieval,
                                                                          tmp_path: Path):
    current = tmp_path / "current.json"
    code, out = cli(str(suite), "--baseline", str(baseline), "--report", str(current))
    assert code == 1
    comparison = json.loads(current.read_text())["comparison"]
    regressed = {m["metric"]: m for m in comparison["metrics"] if m["regressed"]}
    assert {"hit@1", "mrr@5", "facts"} <= set(regressed)  # retrieval and the answers built on it
    assert regressed["hit@1"]["p_value"] < 0.05
    before = {c["key"]: c["metrics"]["hit@1"] for c in json.loads(baseline.read_text())["cases"]}
    after = {c["key"]: c["metrics"]["hit@1"] for c in json.loads(current.read_text())["cases"]}
    lost = sorted(key for key in before if before[key] > after[key])
    assert sorted(regressed["hit@1"]["worse"]) == lost and len(lost) >= 5
    assert "REGRESSED" in out
    assert all(key in out for key in lost)


def test_the_same_system_passes_against_its_baseline(cli, suite: Path, baseline: Path):
    code, out = cli(str(suite), "--baseline", str(baseline))
    assert code == 0, out
    assert "REGRESSED" not in out


def test_a_missed_bar_fails_and_says_which(cli, suite: Path, broken_retrieval):
    code, out = cli(str(suite), "--retrieval-only", "--fail-under", "golden-part:hit@1=0.8")
    assert code == 1
    assert "FAIL golden-part: hit@1 >= 0.8" in out


def test_a_bad_argument_is_a_user_error(cli, suite: Path, tmp_path: Path):
    assert cli(str(suite), "--fail-under", "hit@1")[0] == 2
    assert cli(str(tmp_path / "missing.yaml"))[0] == 2
    assert cli(str(suite), "--backend", "no-such-backend")[0] == 2
