"""An answer run driven on an event loop: no thread per request for the work that is short.

An extractive answer is a few milliseconds of Python around one query embedding. Run in a thread per
request, as a plain route is, 32 concurrent questions are 32 threads taking turns at the GIL while they
wait for the same batched forward pass. Driven here instead, the steps run on the event loop, the
embedding is awaited from the batching encoder's one thread (:class:`VectorsWanted`), and only work that
may block for long (:class:`LongWork`: a feature loading, a model) moves to a worker thread.

>>> answer = await answer_inline(pipeline.run(context), encoder, run_in_threadpool)  # doctest: +SKIP

:func:`events_inline` gives the events as they come, for a streamed answer.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from contextlib import aclosing
from typing import Any

from assistant.answer.events import AnswerEvent, DoneEvent, LongWork, VectorsWanted
from assistant.query.encoding import QueryEncoder
from assistant.types import Answer

#: Runs a blocking call in a worker thread and awaits it (``starlette.concurrency.run_in_threadpool``).
Offload = Callable[..., Awaitable[Any]]


async def events_inline(events: Generator[AnswerEvent, None, None], encoder: QueryEncoder, offload: Offload,
                        in_thread: bool = False) -> AsyncIterator[AnswerEvent]:
    """The events of ``events`` a client sees, run on this loop until a step announces long work, then in threads.

    ``in_thread`` runs every step in ``offload``'s threads from the start (a model's answer). The query vectors
    are awaited from the encoder either way. However the iteration ends, ``events`` is closed.
    """
    try:
        while (event := await offload(next, events, None) if in_thread else next(events, None)) is not None:
            if isinstance(event, VectorsWanted):
                event.vectors = await encoder.encode_async(event.texts)
            elif isinstance(event, LongWork):
                in_thread = True
            else:
                yield event
    finally:
        events.close()


async def answer_inline(events: Generator[AnswerEvent, None, None], encoder: QueryEncoder, offload: Offload) -> Answer:
    """The answer at the end of ``events``, run on this loop until a step announces long work, then in threads."""
    async with aclosing(events_inline(events, encoder, offload)) as run:
        async for event in run:
            if isinstance(event, DoneEvent):
                return event.answer
    raise RuntimeError("the answer run ended without an answer")  # pragma: no cover - a bug
