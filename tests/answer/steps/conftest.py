"""Fixtures for the step tests: a context to run one step on, and the two writers over a scripted backend."""

from __future__ import annotations

import pytest

from assistant.answer.context import AnswerContext
from assistant.answer.writers import DraftWriter, VerifiedWriter
from assistant.backends.testing import ScriptedBackend
from assistant.query.reading import read_question
from assistant.types import Turn


@pytest.fixture
def draft_writer() -> DraftWriter:
    return DraftWriter(ScriptedBackend(generative=False))


@pytest.fixture
def scripted() -> ScriptedBackend:
    return ScriptedBackend(["The AI Subsidy Scheme has $3 billion [1]."])


@pytest.fixture
def verified_writer(assistant, scripted) -> VerifiedWriter:
    return assistant.writers.writer(scripted)


@pytest.fixture
def context(draft_writer):
    """``context(question, history=(), writer=None, read=True)``: a run's context, read as the read step reads."""
    def make(question: str, history: list[Turn] | tuple = (), writer=None, read: bool = True) -> AnswerContext:
        made = AnswerContext(question, list(history), writer or draft_writer)
        if read:
            made.reading = read_question(question, made.history)
            made.query = made.reading.standalone
        return made

    return make
