"""A circuit breaker, so a backend that keeps failing is skipped for a while instead of being waited on.

After ``threshold`` failures in a row the circuit opens: calls are refused at once (the pipeline answers
extractively, flagged degraded) until ``reset_after`` seconds have passed; then one trial call is let
through (half-open), and its success closes the circuit again while its failure re-opens it.

>>> breaker = CircuitBreaker(threshold=2, reset_after=60)
>>> breaker.record_failure(); breaker.record_failure(); breaker.allow()
False
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class CircuitBreaker:
    """Counts consecutive failures of one dependency; thread-safe."""

    def __init__(self, threshold: int = 5, reset_after: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.threshold = threshold
        self.reset_after = reset_after
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False
        self._lock = threading.Lock()

    def allow(self) -> bool:
        """Whether a call may go ahead now."""
        with self._lock:
            if self._opened_at is None:
                return True
            if self._clock() - self._opened_at < self.reset_after or self._trial_running:
                return False
            self._trial_running = True  # half-open: exactly one trial call
            return True

    def record_success(self) -> None:
        """A call succeeded: close the circuit."""
        with self._lock:
            self._failures, self._opened_at, self._trial_running = 0, None, False

    def release(self) -> None:
        """Count nothing for a call that ended without showing whether the dependency works.

        It was busy, or the caller left; a half-open circuit may try another call.
        """
        with self._lock:
            self._trial_running = False

    def record_failure(self) -> None:
        """A call failed: open the circuit after ``threshold`` failures in a row."""
        with self._lock:
            self._failures += 1
            self._trial_running = False
            if self._failures >= self.threshold:
                self._opened_at = self._clock()

    @property
    def is_open(self) -> bool:
        """Whether calls are refused (or only a trial call is let through)."""
        with self._lock:
            return self._opened_at is not None

    def retry_in(self) -> float:
        """Seconds until a trial call will be allowed (0 when closed)."""
        with self._lock:
            if self._opened_at is None:
                return 0.0
            return max(0.0, self.reset_after - (self._clock() - self._opened_at))
