"""A bounded cache of finished answers, keyed by backend, question and history.

Only answers that are a pure function of their key are kept: those of non-generative backends that
were not degraded. Each composition root (one index) has its own cache, so a rebuilt index starts with an
empty one and never serves an old answer.

>>> cache = AnswerCache(2)
>>> key = AnswerCache.key("extractive", "q?", [])
>>> cache.get(key) is None
True
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence

from assistant.types import Answer, Citation, Turn


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
