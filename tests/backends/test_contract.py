"""The backend contract (assistant/backends/testing.py), run for every built-in backend and the scripted one.

The openai backend talks to a chat-completions server on loopback (tests/fake_openai.py); the local one
runs SmolLM2 for real (slow).
"""

from __future__ import annotations

import pytest

from assistant.backends import available_backends, create_backend
from assistant.backends.testing import AnsweringContract, ScriptedBackend, backends_with
from assistant.service import Assistant


def test_every_built_in_backend_is_listed():
    assert {"extractive", "openai", "local"} <= set(available_backends())


class TestExtractive(AnsweringContract):
    @pytest.fixture
    def backend(self, settings):
        return create_backend("extractive", settings)

    @pytest.fixture
    def assistant(self, settings, index, embedder, backend):
        return Assistant(settings, index, embedder, backends_with(backend, settings))


class TestOpenAI(AnsweringContract):
    @pytest.fixture
    def assistant(self, openai_assistant):
        return openai_assistant

    @pytest.fixture
    def backend(self, assistant):
        return assistant.backend("openai")


@pytest.mark.slow
class TestLocal(AnsweringContract):
    @pytest.fixture
    def backend(self, settings):
        return create_backend("local", settings)

    @pytest.fixture
    def assistant(self, settings, index, embedder, backend):
        return Assistant(settings, index, embedder, backends_with(backend, settings))


class TestScripted(AnsweringContract):
    """The scripted backend the flow's tests use keeps the contract too (with a grounded reply)."""

    @pytest.fixture
    def backend(self):
        return ScriptedBackend(["The AI Subsidy Scheme has $3 billion [1]."])

    @pytest.fixture
    def assistant(self, settings, index, embedder, backend):
        return Assistant(settings, index, embedder, backends_with(backend, settings))


def test_a_contract_without_its_fixture_says_what_to_provide():
    with pytest.raises(NotImplementedError, match="backend fixture"):
        AnsweringContract.backend.__wrapped__(AnsweringContract())
