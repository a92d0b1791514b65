"""An answer run driven on an event loop: no thread per request for the work that is short.

An extractive answer is a few milliseconds of Python around one query embedding. Run in a thread per
request, as a plain route is, 32 concurrent questions are 32 threads taking turns at the GIL while they
wait for the same batched forward pass. Driven here instead, the steps run on the event loop, the
embedding is awaited from the batching encoder's one thread (:class:`VectorsWanted`), and only work that
may block for long (:class:`LongWork`: a feature loading, a model) moves to a worker thread.

>>> answer = await answer_inline(pipeline.run(context), encoder, run_in_threadpool)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from assistant.answer.events import AnswerEvent, DoneEvent, LongWork, VectorsWanted
from assistant.query.encoding import QueryEncoder
from assistant.types import Answer

#: Runs a blocking call in a worker thread and awaits it (``starlette.concurrency.run_in_threadpool``).
Offload = Callable[..., Awaitable[Any]]


async def answer_inline(events: Iterator[AnswerEvent], encoder: QueryEncoder, offload: Offload) -> Answer:
    """The answer at the end of ``events``, run on this loop until a step announces long work, then in threads."""
    in_thread = False
    while True:
        event = await offload(next, events, None) if in_thread else next(events, None)
        if event is None:  # pragma: no cover - every run ends with an answer; a missing one is a bug
            raise RuntimeError("the answer run ended without an answer")
        if isinstance(event, VectorsWanted):
            event.vectors = await encoder.encode_async(event.texts)
        elif isinstance(event, LongWork):
            in_thread = True
        elif isinstance(event, DoneEvent):
            return event.answer
