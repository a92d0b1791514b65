"""Other suite formats end to end: a RAGAS-style suite over the policy document, and a small BEIR folder over
a corpus of its own (retrieval only, through the real ``assistant`` process); and the reports they write.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.config import PROJECT_ROOT
from assistant.evaluation.metrics import hit_at_k, ndcg_at_k
from assistant.service import Assistant

# Passages copied from corpus/industry-development-and-reform.md, as a RAGAS test set would carry them.
SUBSIDY = ("Continue to implement the $3 billion AI Subsidy Scheme to support local institutions, R&D centres and "
           "enterprises, etc. to leverage the computing power of Cyberport's AI Supercomputing Centre. (ITIB)")
SUPERCOMPUTING = ("Cyberport's AI Supercomputing Centre to enhance its computing power within 2025 to meet the demand "
                  "of local institutions, R&D centres and enterprises in computing power and application of AI. (ITIB)")
ACADEMY = ("Promote the development of a talent pool for clinical trials in the Guangdong-Hong Kong-Macao Greater Bay "
           "Area (GBA) and actively advance the preparations for the International Clinical Trial Academy, which is "
           "expected to be established in 2027. (HHB)")
RAGAS = [
    {"user_input": "How much money is in the AI Subsidy Scheme?", "reference": "The scheme has $3 billion.",
     "reference_contexts": [SUBSIDY], "response": "from an earlier run", "retrieved_contexts": ["ignored"]},
    {"user_input": "When will the International Clinical Trial Academy be established?",
     "reference": "It is expected to be established in 2027.", "reference_contexts": [ACADEMY]},
    {"user_input": "What computing power support does Cyberport offer?", "reference": "Its AI Supercomputing Centre.",
     "reference_contexts": [f"{SUPERCOMPUTING}\n{SUBSIDY}"]},  # one context spanning two passages
]

BEIR_DOCUMENTS = [
    ("d1", "Sourdough", "Sourdough bread rises with a fermented starter of wild yeast and lactic acid bacteria."),
    ("d2", "Volcanoes", "A volcano erupts when magma rises through the crust and escapes as lava and ash."),
    ("d3", "Chess", "In chess, castling moves the king two squares towards a rook, which jumps over the king."),
    ("d4", "Tides", "Ocean tides are caused by the gravitational pull of the Moon and, to a lesser extent, the Sun."),
    ("d5", "Bees", "Honey bees communicate the direction of flowers to their hive mates with a waggle dance."),
    ("d6", "Glaciers", "Glaciers form where snow accumulates faster than it melts and compacts into ice."),
    ("d7", "Moon", "The Moon orbits the Earth about every 27 days and always shows the same face."),
    ("d8", "Espresso", "Espresso is brewed by forcing hot water through finely ground coffee under pressure."),
]
BEIR_QUERIES = {"q1": "how do bees tell each other where flowers are", "q2": "what makes lava come out of a mountain",
                "q3": "why does the sea level rise and fall every day", "q4": "king and rook special move",
                "q5": "a query whose only judgement is not relevant"}
BEIR_QRELS = [("q1", "d5", 1), ("q2", "d2", 1), ("q3", "d4", 2), ("q3", "d7", 1), ("q4", "d3", 1), ("q5", "d1", 0)]


@pytest.fixture
def cli(assistant: Assistant, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    """Run ``assistant eval ...`` in-process against the session's assistant; returns (status, stdout)."""
    monkeypatch.setattr(Assistant, "from_settings", classmethod(lambda cls, settings: assistant))

    def run(*args: str) -> tuple[int, str]:
        return main(["eval", *args]), capsys.readouterr().out
    return run


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def beir_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny-beir"
    (folder / "qrels").mkdir(parents=True)
    write_jsonl(folder / "corpus.jsonl", [{"_id": i, "title": t, "text": x} for i, t, x in BEIR_DOCUMENTS])
    write_jsonl(folder / "queries.jsonl", [{"_id": q, "text": t} for q, t in BEIR_QUERIES.items()])
    rows = ["query-id\tcorpus-id\tscore", *(f"{q}\t{d}\t{s}" for q, d, s in BEIR_QRELS)]
    (folder / "qrels" / "test.tsv").write_text("\n".join(rows) + "\n")
    return folder


def test_a_ragas_suite_runs_end_to_end(cli, tmp_path: Path):
    suite = write_jsonl(tmp_path / "ragas.jsonl", RAGAS)
    code, out = cli(str(suite), "--report", str(tmp_path / "r.json"))
    assert code == 0, out
    report = json.loads((tmp_path / "r.json").read_text())
    cases = {c["id"]: c for c in report["cases"]}
    assert set(cases) == {"ragas-1", "ragas-2", "ragas-3"}
    assert all(len(c["relevant"]) >= 1 for c in cases.values())
    assert len(cases["ragas-3"]["relevant"]) >= 2  # the spanning context matched both passages
    assert report["summary"]["hit@5"] == 1.0 and report["summary"]["hit@5.n"] == 3
    assert "facts" not in report["summary"]  # no expected facts given: not measured, not zero
    assert "$3 billion" in cases["ragas-1"]["answer"]["answer"]
    assert cases["ragas-1"]["metrics"]["citation_recall"] == 1.0


def test_a_beir_folder_runs_end_to_end_in_the_real_command(beir_folder: Path, tmp_path: Path):
    report_path = tmp_path / "beir.json"
    command = [sys.executable, "-m", "assistant.cli", "eval", str(beir_folder), "--k", "3",
               "--report", str(report_path), "--fail-under", "tiny-beir:hit@3=1"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT, env=os.environ.copy(),
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(report_path.read_text())
    cases = {c["id"]: c for c in report["cases"]}
    assert set(cases) == {"q1", "q2", "q3", "q4"}  # q5 has no relevant document
    assert all(c["answer"] is None for c in cases.values())  # retrieval only
    assert set(cases["q3"]["relevant"]) == {"d4", "d7"}
    for case in cases.values():
        assert set(case["retrieved"]) <= {d for d, _, _ in BEIR_DOCUMENTS}
        relevant = set(case["relevant"])
        assert case["metrics"]["hit@1"] == hit_at_k(case["retrieved"], relevant, 1)
        assert case["metrics"]["ndcg@3"] == pytest.approx(ndcg_at_k(case["retrieved"], relevant, 3))
    assert report["summary"]["hit@3"] == 1.0
    assert "tiny-beir" in done.stdout and "gates: 1 passed" in done.stdout


def test_the_html_report_is_self_contained_and_escapes_what_suites_say(cli, tmp_path: Path):
    hostile = '<script>alert("owned")</script> What is the AI Subsidy Scheme?'
    suite = tmp_path / "hostile.yaml"
    suite.write_text(json.dumps([{"id": "x<b>1</b>", "question": hostile, "sources": ["$3 billion AI Subsidy"],
                                  "tags": ["<img src=x onerror=alert(1)>"]},
                                 {"id": "off", "question": "Who won the 1998 World Cup?", "expect": "refuse"}]))
    html_path, json_path = tmp_path / "r.html", tmp_path / "r.json"
    code, _ = cli(str(suite), "--html", str(html_path), "--report", str(json_path))
    assert code == 0
    page = html_path.read_text()
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>1</b>" not in page
    assert "&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt;" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//|<link\b|@import|url\(""", page)
    assert page.count('<details class="case') == 2 and "<svg" in page
    assert "$3 billion" in page  # the answer and its citation are in the drill-down
    json.loads(json_path.read_text(), parse_constant=lambda name: pytest.fail(f"{name} in the JSON report"))
