"""``assistant search``, ``assistant ask`` and ``assistant serve`` as a user runs them, over the real index."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import pytest

from assistant.cli import main
from assistant.service import Assistant
from tests.conftest import free_port, wait_until_ready


@pytest.fixture
def cli(assistant: Assistant, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    """Run ``assistant ...`` in-process on the session's assistant; returns (exit status, stdout)."""
    monkeypatch.setattr(Assistant, "from_settings", classmethod(lambda cls, settings: assistant))

    def run(*args: str) -> tuple[int, str]:
        code = main(list(args))
        return code, capsys.readouterr().out
    return run


def test_search_as_json(cli):
    code, out = cli("search", "computing power subsidy", "--k", "3", "--json")
    results = json.loads(out)
    assert code == 0 and len(results) == 3
    assert set(results[0]) == {"id", "text", "section", "bureaux", "score", "document", "document_title",
                               "document_date", "url", "paragraph"}
    assert "AI Subsidy Scheme" in " ".join(r["text"] for r in results)
    assert {r["document"] for r in results} == {"industry-development-and-reform"}


def test_search_filtered_by_a_document_that_is_not_there_finds_nothing(cli):
    code, out = cli("search", "hydrogen", "--document", "no-such-document")
    assert code == 0 and "no passages found" in out


def test_search_filtered_by_bureau_as_text(cli):
    code, out = cli("search", "hydrogen", "--k", "2", "--bureau", "EEB")
    assert code == 0 and out.startswith("1. [") and "2. [" in out and "3. [" not in out
    passages = out.split("\n2. [")
    assert all("(EEB)" in passage and "ydrogen" in passage for passage in passages)


def test_ask_as_json_and_as_text(cli):
    code, out = cli("ask", "How much is the AI Subsidy Scheme?", "--json")
    answer = json.loads(out)
    assert code == 0 and not answer["refused"] and "$3 billion" in answer["answer"]
    assert answer["citations"][0]["n"] == 1 and "[1]" in answer["answer"]
    code, out = cli("ask", "Which bureau runs the CorpID Platform?")
    assert code == 0 and "[1]" in out and "Innovation, Technology and Industry Bureau" in out


def test_ask_refuses_off_topic(cli):
    code, out = cli("ask", "Who won the football World Cup in 1966?", "--json")
    assert code == 0 and json.loads(out)["refused"] is True


def test_serve_listens_where_it_is_told(settings):
    port = free_port()
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
           "ASSISTANT_INDEX_DIR": str(settings.index_dir), "ASSISTANT_FEEDBACK_DB": str(settings.feedback_db)}
    process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port",
                                str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(url, process)
        answer = httpx.post(f"{url}/api/ask", json={"question": "When will the CorpID Platform launch?"}).json()
        assert "end-2026" in answer["answer"]
    finally:
        process.terminate()
        process.wait(timeout=30)
