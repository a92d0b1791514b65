"""LLM backends in the harness, against a chat-completions server on 127.0.0.1 (the real protocol over a
real socket): judge scores land on the right cases, an unreadable verdict is left out of the mean rather
than counted as zero, a rerun is answered from the cache without a single request, and ``assistant eval
--backend openai`` grades the LLM's answers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.config import Settings
from assistant.evaluation.judge import JudgeUnavailable, backend_judge
from assistant.evaluation.runner import run_suite, summarise
from assistant.evaluation.suite import Case
from assistant.service import Assistant
from tests.fake_openai import Reply

CASES = [
    Case(id="subsidy", question="How much is the AI Subsidy Scheme?", sources=["$3 billion AI Subsidy Scheme"],
         reference="The AI Subsidy Scheme has $3 billion."),
    Case(id="academy", question="When will the International Clinical Trial Academy be established?",
         sources=["International Clinical Trial Academy"], reference="It is expected to be established in 2027."),
    Case(id="football", question="Who won the 1998 football World Cup?", expect="refuse"),
]
VERDICTS = ['{"claims": 2, "supported": 2, "score": 1.0, "reason": "all supported"}',
            '{"score": 0.5, "reason": "the amount is right, the purpose is missing"}',
            "I would rather not answer in JSON.",
            'Verdict: {"score": 0.9, "reason": "close"}']


@pytest.fixture
def judge_settings(settings, fake_openai):
    return settings.model_copy(update={"openai_base_url": fake_openai.base_url, "openai_api_key": "test-key",
                                       "openai_model": "judge-model", "openai_read_timeout": 5.0})


def test_judge_scores_each_answer_and_leaves_unreadable_verdicts_out(assistant, fake_openai, judge_settings,
                                                                     tmp_path: Path):
    fake_openai.script = [Reply(content=v) for v in VERDICTS]
    judge = backend_judge("openai", judge_settings, tmp_path / "cache")
    results = {r.case.id: r for r in run_suite(assistant, CASES, judge=judge)}

    assert [results["subsidy"].metrics[m] for m in ("faithfulness", "correctness")] == [1.0, 0.5]
    assert results["academy"].metrics["faithfulness"] is None
    assert "judge reply not understood" in results["academy"].notes[0]
    assert results["academy"].metrics["correctness"] == 0.9
    assert results["football"].answer.refused
    assert results["football"].metrics["faithfulness"] is None
    summary = summarise(list(results.values()))
    assert (summary["faithfulness"], summary["faithfulness.n"]) == (1.0, 1)
    assert summary["correctness"] == pytest.approx(0.7)

    assert len(fake_openai.requests) == 4  # two verdicts per answered case, none for the refusal
    first = fake_openai.requests[0]
    assert first["model"] == "judge-model" and first["temperature"] == 0.0
    prompt = first["messages"][-1]["content"]
    assert "FAITHFULNESS" in prompt and "$3 billion" in prompt and "AI Subsidy Scheme" in prompt


def test_a_rerun_costs_nothing_and_another_model_asks_again(assistant, fake_openai, judge_settings, tmp_path: Path):
    fake_openai.script = [Reply(content=v) for v in VERDICTS]
    cache = tmp_path / "cache"
    first = run_suite(assistant, CASES, judge=backend_judge("openai", judge_settings, cache))
    sent = len(fake_openai.requests)

    rerun_judge = backend_judge("openai", judge_settings, cache)
    rerun = run_suite(assistant, CASES, judge=rerun_judge)
    assert len(fake_openai.requests) == sent and rerun_judge.calls == 0
    assert [r.metrics for r in rerun] == [r.metrics for r in first]

    other = judge_settings.model_copy(update={"openai_model": "another-judge"})
    run_suite(assistant, CASES, judge=backend_judge("openai", other, cache))
    assert len(fake_openai.requests) == 2 * sent


def test_a_backend_that_writes_no_text_cannot_judge():
    with pytest.raises(JudgeUnavailable, match="cannot judge"):
        backend_judge("extractive", Settings(), None)
    with pytest.raises(JudgeUnavailable, match="unknown backend"):
        backend_judge("no-such-backend", Settings(), None)


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    path = tmp_path / "llm.yaml"
    path.write_text(json.dumps([case.model_dump(exclude={"suite"}) for case in CASES[:1]]))
    return path


def eval_command(assistant: Assistant, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, dict]:
    """``assistant eval ... --report`` in-process against ``assistant``; the status and the report."""
    monkeypatch.setattr(Assistant, "from_settings", classmethod(lambda cls, settings: assistant))
    report = Path(args[0]).with_suffix(".report.json")
    return main(["eval", *args, "--report", str(report)]), json.loads(report.read_text())


def test_the_command_grades_an_llm_backends_answers(openai_assistant, fake_openai, suite, monkeypatch):
    code, report = eval_command(openai_assistant, monkeypatch, str(suite), "--backend", "openai")
    assert code == 0
    [case] = report["cases"]
    assert case["answer"]["backend"] == "openai" and not case["answer"]["degraded"]
    assert fake_openai.requests  # the answer came from the server
    assert case["metrics"]["grounded"] == 1.0 and case["metrics"]["citation_precision"] == 1.0
    assert report["settings"]["backend"] == "openai"


def test_the_command_judges_and_a_rerun_sends_nothing(openai_assistant, fake_openai, suite, monkeypatch,
                                                       tmp_path: Path):
    fake_openai.script = [Reply(content=v) for v in VERDICTS[:2]]
    judged = ("--backend", "extractive", "--judge", "openai", "--judge-cache", str(tmp_path / "cache"))
    code, report = eval_command(openai_assistant, monkeypatch, str(suite), *judged)
    assert code == 0
    assert (report["summary"]["faithfulness"], report["summary"]["correctness"]) == (1.0, 0.5)
    assert report["settings"]["judge"] == "openai:fake-model" and len(fake_openai.requests) == 2
    code, rerun = eval_command(openai_assistant, monkeypatch, str(suite), *judged)
    assert len(fake_openai.requests) == 2 and rerun["summary"]["correctness"] == 0.5
    assert main(["eval", str(suite), "--judge", "extractive"]) == 2  # writes no text, cannot judge
