"""A backend is used only when the server's configuration enables it: a request cannot switch one on.

On real servers on loopback: a request naming a backend the server does not configure is a 422 that names
the configured ones, in every place a backend can be named (the ask routes, the OpenAI-compatible model,
the CLI), and nothing is sent anywhere. The openai backend has no default server to fall back to.
"""

from __future__ import annotations

import httpx
import pytest

from assistant.backends import BackendError, configured_backends, create_backend
from assistant.backends.openai import OpenAIBackend
from assistant.cli import main
from assistant.service import Assistant

QUESTION = "When does the CorpID Platform launch?"


@pytest.fixture(autouse=True)
def no_openai_environment(monkeypatch):
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def ask_with(http: httpx.Client, backend: str) -> list[httpx.Response]:
    """The same question naming ``backend`` on each route that takes one."""
    return [http.post("/api/ask", json={"question": QUESTION, "backend": backend}),
            http.post("/api/ask/stream", json={"question": QUESTION, "backend": backend}),
            http.post("/v1/chat/completions", json={"model": f"policy-assistant/{backend}",
                                                    "messages": [{"role": "user", "content": QUESTION}]})]


@pytest.mark.parametrize("backend", ["openai", "nope"])
def test_a_backend_the_server_does_not_configure_is_a_422_naming_those_it_does(server_with, backend):
    server = server_with(backends=["extractive"])
    with httpx.Client(base_url=server.url, timeout=20) as http:
        for response in ask_with(http, backend):
            assert response.status_code == 422, response.text
            message = response.json()["error"]["message"]
            assert f"'{backend}'" in message and "configured" in message and "extractive" in message
            assert "local" not in message and "openai" not in message.replace(f"'{backend}'", "")
        models = {m["id"] for m in http.get("/v1/models").json()["data"]}
    assert models == {"policy-assistant", "policy-assistant/extractive"}


def test_openai_without_a_server_is_off_and_sends_nothing(server_with, fake_openai):
    server = server_with()  # the session's settings: no openai base URL
    with httpx.Client(base_url=server.url, timeout=20) as http:
        assert {r.status_code for r in ask_with(http, "openai")} == {422}
        assert "policy-assistant/openai" not in {m["id"] for m in http.get("/v1/models").json()["data"]}
    assert fake_openai.requests == []


def test_openai_is_on_once_a_server_is_configured(server_with, openai_assistant, fake_openai):
    server = server_with(openai_assistant, backend="extractive")
    with httpx.Client(base_url=server.url, timeout=20) as http:
        answer = http.post("/api/ask", json={"question": QUESTION, "backend": "openai"}).json()
        assert "policy-assistant/openai" in {m["id"] for m in http.get("/v1/models").json()["data"]}
    assert answer["backend"] == "openai" and fake_openai.requests


def test_openai_base_url_from_the_environment_enables_it(settings, monkeypatch):
    assert "openai" not in configured_backends(settings)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    assert "openai" in configured_backends(settings)


def test_the_openai_backend_has_no_default_server(settings):
    with pytest.raises(BackendError, match="ASSISTANT_OPENAI_BASE_URL"):
        OpenAIBackend(settings)


def test_openai_as_the_default_without_a_server_answers_degraded(settings, index, embedder):
    assistant = Assistant(settings.model_copy(update={"backend": "openai"}), index, embedder)
    answer = assistant.ask(QUESTION)
    assert answer.degraded and "end-2026" in answer.answer and "ASSISTANT_OPENAI_BASE_URL" in answer.reason


def test_an_explicit_list_decides_and_keeps_extractive_and_the_default(settings):
    listed = settings.model_copy(update={"backends": ["openai"], "backend": "local"})
    assert configured_backends(listed) == ["extractive", "local", "openai"]
    assert configured_backends(settings.model_copy(update={"local_enabled": False})) == ["extractive"]


def test_the_registry_builds_no_backend_the_settings_do_not_enable(settings):
    configured = ", ".join(configured_backends(settings))
    with pytest.raises(ValueError, match=f"'openai' is not configured on this server; configured: {configured}$"):
        create_backend("openai", settings)


def test_the_cli_names_the_configured_backends(assistant, monkeypatch, capsys):
    monkeypatch.setattr(Assistant, "from_settings", classmethod(lambda cls, settings: assistant))
    assert main(["ask", QUESTION, "--backend", "openai"]) == 2
    assert "backend 'openai' is not configured on this server; configured: extractive" in capsys.readouterr().err
