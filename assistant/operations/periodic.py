"""A job run at start and then every ``interval_seconds`` on a daemon thread, while the service runs."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Periodic:
    """Runs ``task`` now and every ``interval_seconds`` until :meth:`close`; a failing run waits for the next."""

    def __init__(self, name: str, task: Callable[[], object], interval_seconds: float) -> None:
        self.name = name
        self.task = task
        self.interval_seconds = interval_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.task()
            except Exception:  # the store may be down for a while: try again at the next interval
                log.warning("%s failed; retrying in %.0f s", self.name, self.interval_seconds, exc_info=True)
            self._stop.wait(self.interval_seconds)

    def start(self) -> None:
        """Start the thread."""
        self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop the thread (a run in progress finishes first)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
