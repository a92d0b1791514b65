"""Query embeddings for many concurrent requests: one forward pass for all of them, repeats from a cache.

Embedding the query is most of the work of an extractive answer, and a forward pass over 16 short
queries costs little more than over one. One embedding thread runs the passes: requests that arrive
while a pass runs wait in a queue and go together into the next one, so batching adds no delay at low
load and saves most of the work at high load. A request waits without holding a thread of its own:
:meth:`QueryEncoder.encode_async` is awaited on the event loop (the service's answers), and
:meth:`QueryEncoder.encode` blocks the calling thread (commands, evaluation, the generative backends'
threads). Both feed the same queue, so their texts share passes.

>>> encoder = QueryEncoder(Embedder())            # doctest: +SKIP
>>> encoder.encode(["How much is the AI Subsidy Scheme?"]).shape   # doctest: +SKIP
(1, 384)
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from functools import partial

import numpy as np

from assistant.index.embedding import Embedder
from assistant.text.sentences import split_sentences


def query_phrasings(question: str) -> list[str]:
    """The question, and each of its sentences when it has several.

    Citizens write "My bike was stolen. Can I report it without forms?": the whole text embeds close to
    nothing, the second sentence close to the right measure. Each chunk keeps its best cosine over these.
    """
    sentences = split_sentences(question)
    return [question, *sentences] if len(sentences) > 1 else [question]


#: Seconds the embedding thread waits for work before it ends.
IDLE_SECONDS = 10.0


class _Request:
    """Texts waiting for vectors, and how to tell their owner when they are ready."""

    __slots__ = ("done", "error", "texts", "vectors")

    def __init__(self, texts: list[str], done: Callable[[], object]) -> None:
        self.texts = texts
        self.done = done
        self.vectors: np.ndarray | None = None
        self.error: BaseException | None = None

    def result(self) -> np.ndarray:
        """The vectors, or the pass's error raised in the owner's thread."""
        if self.error is not None:
            raise self.error
        return self.vectors


class QueryEncoder:
    """Batches and caches query embeddings; safe to call from any number of threads and event loops."""

    def __init__(self, embedder: Embedder, max_batch: int = 64, cache_size: int = 4096) -> None:
        self.embedder = embedder
        self.max_batch = max_batch
        self.cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._queue: deque[_Request] = deque()
        self._lock = threading.Lock()
        self._waiting = threading.Condition(self._lock)
        self._worker: threading.Thread | None = None
        #: Forward passes run and texts embedded, for benchmarks.
        self.passes = 0
        self.embedded = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors for ``texts``, one row each, in order; blocks this thread until they are ready."""
        cached, missing = self._lookup(texts)
        if missing:
            ready = threading.Event()
            request = self._submit(missing, ready.set)
            ready.wait()
            cached.update(zip(missing, request.result(), strict=True))
        return np.stack([cached[t] for t in texts])

    async def encode_async(self, texts: list[str]) -> np.ndarray:
        """The same vectors, awaited: the event loop serves other requests while the pass runs."""
        cached, missing = self._lookup(texts)
        if missing:
            loop = asyncio.get_running_loop()
            ready = loop.create_future()
            request = self._submit(missing, partial(loop.call_soon_threadsafe, _set_done, ready))
            await ready
            cached.update(zip(missing, request.result(), strict=True))
        return np.stack([cached[t] for t in texts])

    def _lookup(self, texts: list[str]) -> tuple[dict[str, np.ndarray], list[str]]:
        """The cached vectors of ``texts``, and the distinct texts still to embed."""
        found = {}
        with self._lock:
            for text in texts:
                if text in self._cache:
                    self._cache.move_to_end(text)
                    found[text] = self._cache[text]
        return found, list(dict.fromkeys(t for t in texts if t not in found))

    def _submit(self, texts: list[str], done: Callable[[], object]) -> _Request:
        request = _Request(texts, done)
        with self._lock:
            self._queue.append(request)
            if self._worker is None:
                self._worker = threading.Thread(target=self._serve, name="query-embedding", daemon=True)
                self._worker.start()
            self._waiting.notify()
        return request

    def _serve(self) -> None:
        """The embedding thread: a pass over as many waiting requests as fit in ``max_batch`` texts, repeated.

        Idle for ``IDLE_SECONDS`` it ends (the next request starts another), so an encoder replaced by a
        reindex does not keep a thread, or itself, alive.
        """
        while True:
            with self._lock:
                while not self._queue:
                    if not self._waiting.wait(IDLE_SECONDS) and not self._queue:
                        self._worker = None
                        return
                batch, size = [], 0
                while self._queue and (not batch or size + len(self._queue[0].texts) <= self.max_batch):
                    batch.append(self._queue.popleft())
                    size += len(batch[-1].texts)
            self._run(batch)

    def _run(self, batch: list[_Request]) -> None:
        texts = [t for request in batch for t in request.texts]
        try:
            vectors = self.embedder.encode(texts)
        except BaseException as exc:  # handed to every waiting request, re-raised in its owner's thread
            for request in batch:
                request.error = exc
                request.done()
            return
        self.passes += 1
        self.embedded += len(texts)
        start = 0
        with self._lock:
            for request in batch:
                request.vectors = vectors[start:start + len(request.texts)]
                start += len(request.texts)
                for text, vector in zip(request.texts, request.vectors, strict=True):
                    self._cache[text] = vector.copy()  # a row of its own, not a view pinning the batch
                    self._cache.move_to_end(text)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        for request in batch:
            request.done()


def _set_done(future: asyncio.Future) -> None:
    """Resolve ``future`` unless its awaiting request has gone (cancelled)."""
    if not future.done():
        future.set_result(None)
