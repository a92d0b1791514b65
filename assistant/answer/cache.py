"""A bounded cache of finished answers, keyed by backend, question and history.

Only answers that are a pure function of their key are kept: those of non-generative backends that
were not degraded. Each composition root (one index) has its own cache, so a rebuilt index starts with an
empty one and never serves an old answer. :class:`AnswerCache` lives in this process;
:class:`RedisAnswerCache` is shared by replicas (``ASSISTANT_REDIS_URL``), keyed by index version too.

>>> cache = AnswerCache(2)
>>> key = AnswerCache.key("extractive", "q?", [])
>>> cache.get(key) is None
True
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TypeVar

from assistant.config import Settings
from assistant.types import Answer, Citation, Turn

log = logging.getLogger(__name__)
T = TypeVar("T")


class AnswerCache:
    """Least-recently-used answers with the sources that were sent before them."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[str, tuple[list[Citation], Answer]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0

    @staticmethod
    def key(backend: str, question: str, history: Sequence[Turn]) -> str:
        """A digest of everything the answer depends on, besides the index."""
        payload = json.dumps([backend, question, [[t.role, t.content] for t in history]])
        return hashlib.sha256(payload.encode()).hexdigest()

    def get(self, key: str) -> tuple[list[Citation], Answer] | None:
        """The sources and answer stored under ``key``, or ``None``; a hit is counted."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                self.hits += 1
            return entry

    def put(self, key: str, sources: list[Citation], answer: Answer) -> None:
        """Keep ``answer`` and the sources sent before it, dropping the least recently used past ``size``."""
        if self.size <= 0:
            return
        with self._lock:
            self._entries[key] = (sources, answer)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


class RedisAnswerCache:
    """The same answers in Redis, shared by every replica serving one index version.

    Keys carry the index version, so replicas on a new build never read an old build's answers; entries
    expire after ``ttl`` seconds (Redis forgets them, no replica has to). Redis being down is a miss and a
    skipped store, never an error: answering does not depend on the cache. After a failure, Redis is not
    asked again for ``retry_after`` seconds, so a dead server does not slow every answer down.
    """

    def __init__(self, client: object, version: str, ttl: int = 3600, retry_after: float = 1.0) -> None:
        self.client = client
        self.prefix = f"assistant:answer:{version}:"
        self.ttl = ttl
        self.retry_after = retry_after
        self.hits = 0
        self.failures = 0
        self._down_until = 0.0

    @classmethod
    def connect(cls, url: str, version: str) -> RedisAnswerCache:
        """A cache on the Redis at ``url`` (connections are made on first use and remade after a failure)."""
        import redis  # only a deployment with ASSISTANT_REDIS_URL needs it loaded

        return cls(redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25), version)

    def get(self, key: str) -> tuple[list[Citation], Answer] | None:
        """The sources and answer stored under ``key``, or ``None`` (also while Redis is down)."""
        raw = self._call(lambda: self.client.get(self.prefix + key))
        if raw is None:
            return None
        entry = json.loads(raw)
        self.hits += 1
        return [Citation.model_validate(c) for c in entry["sources"]], Answer.model_validate(entry["answer"])

    def put(self, key: str, sources: list[Citation], answer: Answer) -> None:
        """Keep ``answer`` and its sources for ``ttl`` seconds (nothing while Redis is down)."""
        value = json.dumps({"sources": [c.model_dump(mode="json") for c in sources],
                            "answer": answer.model_dump(mode="json")}, ensure_ascii=False)
        self._call(lambda: self.client.set(self.prefix + key, value, ex=self.ttl))

    def _call(self, operation: Callable[[], T]) -> T | None:
        import redis

        if time.monotonic() < self._down_until:
            return None
        try:
            return operation()
        except redis.RedisError as exc:
            self.failures += 1
            self._down_until = time.monotonic() + self.retry_after
            log.warning("the answer cache's Redis is unavailable (%s): answering without it", exc)
            return None


def answer_cache(settings: Settings, version: str) -> AnswerCache | RedisAnswerCache:
    """The cache these settings ask for: Redis when ``redis_url`` is set, else this process's memory."""
    if settings.redis_url:
        return RedisAnswerCache.connect(settings.redis_url, version)
    return AnswerCache(settings.answer_cache_size)
