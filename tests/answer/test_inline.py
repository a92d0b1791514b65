"""An answer driven on the event loop (assistant/answer/inline.py): extractive steps without threads, a model's in
threads."""

from __future__ import annotations

import asyncio
from contextlib import aclosing

from assistant.answer.events import DeltaEvent, DoneEvent, LongWork, SourcesEvent, VectorsWanted
from assistant.service import Assistant


async def _events(assistant: Assistant, question: str, offload) -> list:
    async with aclosing(assistant.ask_events(question, offload=offload)) as events:
        return [event async for event in events]


def test_an_extractive_answer_streams_on_the_loop_without_a_thread(assistant: Assistant) -> None:
    assistant.ask("What is the Smart Slope Catalogue?")  # features that load on first use have loaded

    async def no_thread(*_args):
        raise AssertionError("an extractive answer must not leave the event loop")

    events = asyncio.run(_events(assistant, "When will the CorpID Platform launch?", no_thread))
    assert isinstance(events[0], SourcesEvent) and isinstance(events[-1], DoneEvent)
    assert not any(isinstance(e, VectorsWanted | LongWork) for e in events)  # the caller's, never the client's
    assert events[-1].answer.citations and not events[-1].answer.refused


def test_a_model_answer_streams_from_threads(openai_assistant: Assistant, fake_openai) -> None:
    hops = []

    async def counted(function, *args):
        hops.append(function)
        return await asyncio.to_thread(function, *args)

    events = asyncio.run(_events(openai_assistant, "When will the CorpID Platform launch?", counted))
    assert hops, "a model's answer blocks: its steps run in threads"
    assert any(isinstance(e, DeltaEvent) for e in events) and isinstance(events[-1], DoneEvent)
    assert events[-1].answer.backend == "openai"


def test_leaving_a_stream_early_closes_the_answer_run(assistant: Assistant, monkeypatch) -> None:
    closed = []
    run = assistant.pipeline.run

    def watched(context):
        try:
            yield from run(context)
        finally:
            closed.append(True)

    monkeypatch.setattr(assistant.pipeline, "run", watched)

    async def first_event():
        async with aclosing(assistant.ask_events("What is CorpID?", offload=asyncio.to_thread)) as events:
            async for event in events:
                assert not closed  # still running: the answer has not been made yet
                return event

    assert isinstance(asyncio.run(first_event()), SourcesEvent)
    assert closed == [True]  # the client left after the sources: the run stopped there, not at garbage collection
