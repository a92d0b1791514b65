"""Optional LLM-judge metrics, each a score in [0, 1]: faithfulness and correctness.

Faithfulness: are the answer's claims in the cited passages? Correctness: does it agree with the case's
reference answer?

The deterministic metrics stay the main signal; a judge adds a second opinion where string matching cannot
see (a paraphrased fact, a wrong claim without a number). Any backend can judge: a :class:`Judge` needs only
a ``chat`` function from messages to text, and :func:`backend_judge` makes one from the backend registry.
The prompts are ``prompts/judge_*.j2``. Replies are cached on disk under a hash of model and prompt, so a
rerun of an unchanged suite sends nothing; a reply that is not understood counts as not measured, never 0.

>>> parse_verdict('Sure. {"score": 0.5, "reason": "one claim is unsupported"}')
Verdict(score=0.5, reason='one claim is unsupported')
>>> parse_verdict("I think it is fine").score is None
True
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.answer.prompts import PromptLibrary
from assistant.backends import BackendError, ChatMessage, GenerationRequest, create_backend
from assistant.config import Settings
from assistant.evaluation.suite import Case
from assistant.text.markers import strip_markers
from assistant.types import Answer

Chat = Callable[[list[ChatMessage]], str]

FAITHFULNESS_PROMPT = "judge_faithfulness.j2"
CORRECTNESS_PROMPT = "judge_correctness.j2"
_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)
# Long enough for the JSON verdict and its one-sentence reason.
_JUDGE_MAX_TOKENS = 256


class JudgeUnavailable(ValueError):
    """The named backend cannot judge (it writes no text of its own, or does not exist)."""


@dataclass(frozen=True)
class Verdict:
    """A judge's score, or ``None`` with the reason it could not be read."""

    score: float | None
    reason: str


def parse_verdict(text: str) -> Verdict:
    """The ``{"score": ..., "reason": ...}`` object in a judge's reply."""
    match = _JSON_OBJECT.search(text)
    try:
        data = json.loads(match.group(0)) if match else None
        score = float(data["score"])  # type: ignore[index]
    except (ValueError, TypeError, KeyError):
        return Verdict(None, f"judge reply not understood: {text[:120]!r}")
    if not 0.0 <= score <= 1.0:
        return Verdict(None, f"judge score {score} is outside [0, 1]")
    return Verdict(score, str(data.get("reason", "")))


class JudgeCache:
    """Raw judge replies on disk, one small JSON file per key; written atomically."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> str | None:
        """The reply stored under ``key``, or ``None``."""
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))["reply"]
        except (OSError, ValueError, KeyError):
            return None

    def put(self, key: str, reply: str) -> None:
        """Store ``reply`` under ``key``."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{uuid.uuid4().hex}.tmp")
        temporary.write_text(json.dumps({"reply": reply}), encoding="utf-8")
        os.replace(temporary, path)


class Judge:
    """Scores answers with a chat model; ``calls`` counts the requests actually sent (cache misses)."""

    def __init__(self, chat: Chat, model: str, prompts: PromptLibrary, cache: JudgeCache | None = None) -> None:
        self.chat = chat
        self.model = model
        self.prompts = prompts
        self.cache = cache
        self.calls = 0

    def verdict(self, template: str, **variables: object) -> Verdict:
        """Render ``template``, ask the model (or the cache), and read the score."""
        prompt = self.prompts.render(template, **variables)
        key = hashlib.sha256(f"{self.model}\0{prompt}".encode()).hexdigest()
        reply = self.cache.get(key) if self.cache else None
        if reply is None:
            self.calls += 1
            try:
                reply = self.chat([ChatMessage(role="user", content=prompt)])
            except BackendError as exc:
                return Verdict(None, f"judge failed: {exc}")
            if self.cache:
                self.cache.put(key, reply)
        return parse_verdict(reply)

    def grade(self, case: Case, answer: Answer) -> tuple[dict[str, float | None], list[str]]:
        """Faithfulness and correctness of an answer (``None`` for a refusal or without a reference)."""
        if answer.refused:
            return {"faithfulness": None, "correctness": None}, []
        text = strip_markers(answer.answer)
        verdicts = {"faithfulness": self.verdict(FAITHFULNESS_PROMPT, question=case.question, answer=text,
                                                 contexts=[c.text for c in answer.citations])}
        if case.reference:
            verdicts["correctness"] = self.verdict(CORRECTNESS_PROMPT, question=case.question, answer=text,
                                                   reference=case.reference)
        metrics = {"faithfulness": None, "correctness": None} | {k: v.score for k, v in verdicts.items()}
        notes = [f"{name}: {v.reason}" for name, v in verdicts.items() if v.score is None]
        return metrics, notes


def model_label(name: str, settings: Settings) -> str:
    """The backend and the model it runs, e.g. ``openai:gpt-4o-mini``: part of every cache key."""
    model = getattr(settings, f"{name}_model", None) or getattr(settings, f"{name}_model_path", None)
    return f"{name}:{model or 'default'}"


def backend_judge(name: str, settings: Settings, cache_dir: Path | None) -> Judge:
    """A judge that asks backend ``name`` from the registry; :class:`JudgeUnavailable` if it cannot."""
    try:
        backend = create_backend(name, settings)
    except ValueError as exc:
        raise JudgeUnavailable(str(exc)) from exc
    if not backend.generative:
        raise JudgeUnavailable(f"backend '{name}' writes no text of its own and cannot judge; name an LLM backend")

    def chat(messages: list[ChatMessage]) -> str:
        return backend.complete(GenerationRequest(messages=messages, max_tokens=_JUDGE_MAX_TOKENS, temperature=0.0))

    cache = JudgeCache(cache_dir) if cache_dir else None
    return Judge(chat, model_label(name, settings), PromptLibrary(settings.prompts_dir), cache)
