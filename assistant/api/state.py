"""What the running service holds: the assistant, and whether it is warm enough to be ready.

The index loads before the server starts (a broken index stops ``assistant serve`` with a clear message);
the assistant warms up (:meth:`~assistant.service.Assistant.warm`) in a background thread so ``/healthz``
answers at once and ``/readyz`` turns 200 only after the model has answered one query.
"""

from __future__ import annotations

import logging
import threading

from assistant.service import Assistant

log = logging.getLogger(__name__)


class ServiceState:
    """The assistant and its readiness, shared by every request."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.ready = threading.Event()
        self.warmup_error: str | None = None

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

    def warm_up_in_background(self) -> threading.Thread:
        """Start :meth:`warm_up` on a daemon thread."""
        thread = threading.Thread(target=self.warm_up, name="warm-up", daemon=True)
        thread.start()
        return thread
