"""The answer flow: a list of named steps run in order over one :class:`~assistant.answer.context.AnswerContext`.

A step (:class:`Step`) is a small class configured in ``__init__`` whose ``run(context)`` reads what
earlier steps found, adds its part and yields the events it has for the client (sources, text). The runner
times each step under its own name (the answer's ``timings``), stops when a step ends the run with an
answer, always runs the finishing step, and sends the answer as the last event.

>>> pipeline = Pipeline([Screen(...), Cache(...), ...], Finish(...))     # doctest: +SKIP
>>> events = list(pipeline.run(AnswerContext("What is CorpID?", [], writer)))   # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from assistant.answer.context import AnswerContext
from assistant.answer.events import AnswerEvent, DoneEvent, SourcesEvent


class Step(Protocol):
    """One step of the answer flow."""

    #: The step's name: its key in the answer's timings.
    name: str

    def run(self, context: AnswerContext) -> Iterable[AnswerEvent]:
        """Do this step's part of ``context``; the events it yields go to the client as they come."""
        ...


class Pipeline:
    """Runs ``steps`` in order until one ends the run, then ``finish``; yields every event, the answer last."""

    def __init__(self, steps: Sequence[Step], finish: Step) -> None:
        self.steps = list(steps)
        self.finish = finish

    def step(self, name: str) -> Step:
        """The step called ``name`` (for the few callers that run one step on its own)."""
        return next(step for step in [*self.steps, self.finish] if step.name == name)

    def run(self, context: AnswerContext) -> Iterator[AnswerEvent]:
        """The events of one answer: the steps' own, then a :class:`DoneEvent` with the timed answer."""
        for step in self.steps:
            yield from self._timed(step, context)
            if context.ended:
                break
        yield from self._timed(self.finish, context)
        if context.answer is None:  # pragma: no cover - every flow ends with an answer; a missing one is a bug
            raise RuntimeError("the answer flow ended without an answer")
        timings = {**context.timings, "total": round(sum(context.timings.values()), 3)}
        yield DoneEvent(context.answer.model_copy(update={"timings": timings}))

    @staticmethod
    def _timed(step: Step, context: AnswerContext) -> Iterator[AnswerEvent]:
        """``step``'s events, its milliseconds recorded (time spent by the consumer between events included)."""
        started = time.perf_counter()
        for event in step.run(context):
            if isinstance(event, SourcesEvent):
                context.sources = event.citations
            yield event
        context.timings[step.name] = round((time.perf_counter() - started) * 1000, 3)
