"""``assistant eval SUITE --url URL`` against a real running service gives the in-process numbers and exit status.

Both runs go through the CLI's own ``main``; the in-process one over a fresh assistant on the session's index,
the remote one over HTTP against a live server built on another fresh assistant over the same index.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import yaml
from pydantic import SecretStr

from assistant.api import create_app
from assistant.cli import main
from assistant.config import PROJECT_ROOT
from assistant.service import Assistant
from tests.conftest import LiveServer

GOLDEN = PROJECT_ROOT / "eval" / "suites" / "golden.yaml"
TOKEN = "remote-eval-admin-token"
#: Metrics that measure the run, not the answers: they may differ between the two.
RUN_METRICS = ("latency_p50_ms", "latency_p95_ms")


def fresh(assistant: Assistant, **changes: object) -> Assistant:
    return Assistant(assistant.settings.model_copy(update=changes), assistant.index, assistant.embedder)


@pytest.fixture(scope="module")
def service(assistant: Assistant, tmp_path_factory: pytest.TempPathFactory):
    server = LiveServer(create_app(fresh(assistant, admin_token=SecretStr(TOKEN),
                                         feedback_db=tmp_path_factory.mktemp("remote") / "store.sqlite3"))).start()
    yield server
    server.stop()


def run(assistant: Assistant, *args: str) -> int:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Assistant, "from_settings", classmethod(lambda cls, settings: fresh(assistant)))
        return main(["eval", *args])


def numbers(path: Path) -> dict[str, float]:
    summary = json.loads(path.read_text())["summary"]
    return {k: v for k, v in summary.items() if isinstance(v, (int, float)) and k not in RUN_METRICS}


def test_the_golden_suite_over_http_gives_the_in_process_numbers_and_status(assistant, service, tmp_path):
    local, remote = tmp_path / "local.json", tmp_path / "remote.json"
    gate = ["--fail-under", "hit@1=0.8"]
    assert run(assistant, str(GOLDEN), "--report", str(local), *gate) == 0
    assert run(assistant, str(GOLDEN), "--url", service.url, "--admin-token", TOKEN, "--report", str(remote),
               *gate) == 0
    here, there = numbers(local), numbers(remote)
    assert here.keys() == there.keys() and here["cases"] == 93
    far = {k: (here[k], there[k]) for k in here if abs(here[k] - there[k]) > 0.01}
    assert not far, far
    report = json.loads(remote.read_text())
    assert report["settings"]["url"] == service.url and report["settings"]["index"] == assistant.index.version


def test_a_missed_bar_fails_over_http_as_in_process(assistant, service, tmp_path):
    records = yaml.safe_load(GOLDEN.read_text())[:8]
    suite = tmp_path / "golden-few.yaml"
    suite.write_text(yaml.safe_dump(records, sort_keys=False))
    impossible = ["--fail-under", "hit@1=1.01"]
    assert run(assistant, str(suite), *impossible) == 1
    assert run(assistant, str(suite), "--url", service.url, "--admin-token", TOKEN, *impossible) == 1


def test_a_switched_off_service_or_a_missing_token_stops_the_run_with_a_message(assistant, service, tmp_path, capsys):
    records = yaml.safe_load(GOLDEN.read_text())[:2]
    suite = tmp_path / "golden-two.yaml"
    suite.write_text(yaml.safe_dump(records, sort_keys=False))
    assert run(assistant, str(suite), "--url", service.url) == 2
    assert "401" in capsys.readouterr().err
    auth = {"Authorization": f"Bearer {TOKEN}"}
    httpx.post(service.url + "/api/admin/switch", headers=auth, json={"answers": False, "message": "Paused."})
    try:
        assert run(assistant, str(suite), "--url", service.url, "--admin-token", TOKEN) == 2
        assert "switched_off" in capsys.readouterr().err
    finally:
        httpx.post(service.url + "/api/admin/switch", headers=auth, json={"answers": True})
