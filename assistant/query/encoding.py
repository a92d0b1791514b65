"""Query embeddings for many concurrent requests: one forward pass for all of them, repeats from a cache.

Embedding the query is most of the work of an extractive answer, and a forward pass over 16 short
queries costs little more than over one. Requests that arrive while a pass is running wait and go
together into the next one, so batching adds no delay at low load and saves most of the work at high
load. There is no extra thread: the first waiting request runs the pass (the "leader"); when its own
vectors are done it hands the role to the oldest request still waiting.

>>> encoder = QueryEncoder(Embedder())            # doctest: +SKIP
>>> encoder.encode(["How much is the AI Subsidy Scheme?"]).shape   # doctest: +SKIP
(1, 384)
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque

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


class _Request:
    """Texts waiting for vectors."""

    __slots__ = ("error", "lead", "texts", "vectors", "wake")

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.vectors: np.ndarray | None = None
        self.error: BaseException | None = None
        self.wake = threading.Event()
        self.lead = False


class QueryEncoder:
    """Batches and caches query embeddings; safe to call from any number of threads."""

    def __init__(self, embedder: Embedder, max_batch: int = 64, cache_size: int = 4096) -> None:
        self.embedder = embedder
        self.max_batch = max_batch
        self.cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._queue: deque[_Request] = deque()
        self._busy = False
        self._lock = threading.Lock()
        #: Forward passes run and texts embedded, for benchmarks.
        self.passes = 0
        self.embedded = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors for ``texts``, one row each, in order."""
        cached = self._cached(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in cached))
        if missing:
            cached.update(zip(missing, self._embed(missing), strict=True))
        return np.stack([cached[t] for t in texts])

    def _cached(self, texts: list[str]) -> dict[str, np.ndarray]:
        found = {}
        with self._lock:
            for text in texts:
                if text in self._cache:
                    self._cache.move_to_end(text)
                    found[text] = self._cache[text]
        return found

    def _embed(self, texts: list[str]) -> np.ndarray:
        request = _Request(texts)
        with self._lock:
            self._queue.append(request)
            request.lead = not self._busy
            self._busy = True
        while True:
            if request.lead:
                self._lead(request)
            else:
                request.wake.wait()
            if request.vectors is not None or request.error is not None:
                break
        if request.error is not None:
            raise request.error
        return request.vectors

    def _lead(self, own: _Request) -> None:
        """Run passes until ``own`` is done, then hand the lead to the oldest waiting request."""
        while own.vectors is None and own.error is None:
            with self._lock:
                batch, size = [], 0
                while self._queue and (not batch or size + len(self._queue[0].texts) <= self.max_batch):
                    batch.append(self._queue.popleft())
                    size += len(batch[-1].texts)
            self._run(batch)
        with self._lock:
            if self._queue:
                successor = self._queue[0]
                successor.lead = True
                successor.wake.set()
            else:
                self._busy = False

    def _run(self, batch: list[_Request]) -> None:
        texts = [t for request in batch for t in request.texts]
        try:
            vectors = self.embedder.encode(texts)
        except BaseException as exc:  # handed to every waiting request, re-raised in its own thread
            for request in batch:
                request.error = exc
                request.wake.set()
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
            request.wake.set()
