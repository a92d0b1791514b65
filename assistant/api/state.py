"""What the running service holds: the assistant, and whether it is warm enough to be ready.

The index loads before the server starts (a broken index stops ``assistant serve`` with a clear message);
the assistant warms up (:meth:`~assistant.service.Assistant.warm`) in a background thread so ``/healthz``
answers at once and ``/readyz`` turns 200 only after the model has answered one query. Once warm, and again
after each index swap (:meth:`ServiceState.swap`), what the assistant holds is kept out of the garbage
collector's full passes (:func:`assistant.api.heap.settle`).
"""

from __future__ import annotations

import logging
import threading
import weakref

from assistant.api.heap import settle
from assistant.service import Assistant

log = logging.getLogger(__name__)


class ServiceState:
    """The assistant and its readiness, shared by every request."""

    def __init__(self, assistant: Assistant, settle_heap: bool = False) -> None:
        self.assistant = assistant
        #: Whether to settle the heap once warm and after each swap: a serving process's choice, not a test's,
        #: whose many assistants come and go.
        self.settle_heap = settle_heap
        self.ready = threading.Event()
        self.warmup_error: str | None = None
        self._settle_lock = threading.Lock()
        self.settling: threading.Thread | None = None

    def warm_up(self) -> None:
        """Warm the assistant up; mark ready when it is (nothing to do when it already is: a worker warms first)."""
        if self.ready.is_set():
            return
        try:
            self.assistant.warm()
        except Exception as exc:  # reported by /readyz rather than killing the server
            log.exception("warm-up failed")
            self.warmup_error = str(exc)
            return
        self.ready.set()
        if self.settle_heap:
            self.settling = threading.Thread(target=self._settle, args=(self.assistant,), name="settle-heap",
                                             daemon=True)
            self.settling.start()

    def swap(self, fresh: Assistant) -> None:
        """Serve ``fresh`` (warmed) from the next request on, then settle the heap in this thread.

        The swap is one reference assignment, and each request holds one assistant from its start to its end,
        so one answer never mixes versions. The caller must hold no reference to the assistant it replaces,
        or that one's objects stay under collection until the next swap.
        """
        replaced = weakref.ref(self.assistant)
        self.assistant = fresh
        if self.settle_heap:
            self._settle(fresh, replaced)

    def _settle(self, assistant: Assistant, replaced: weakref.ref[Assistant] | None = None) -> None:
        """Settle the heap for ``assistant``, unless another has been swapped in since (its swap settles)."""
        with self._settle_lock:
            if assistant is self.assistant:
                settle(assistant, replaced)

    def warm_up_in_background(self) -> threading.Thread:
        """Start :meth:`warm_up` on a daemon thread."""
        thread = threading.Thread(target=self.warm_up, name="warm-up", daemon=True)
        thread.start()
        return thread
