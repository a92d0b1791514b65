"""The kill switch: whether the service answers questions at all, shared by every replica.

>>> switch = KillSwitch(store)                                               # doctest: +SKIP
>>> switch.turn(False, "Answers are paused for maintenance.", actor="admin:1a2b", reason="bad index")
... # doctest: +SKIP
>>> switch.state().answers                                                  # doctest: +SKIP
False

The state lives in the store's shared settings, so a switch made on one replica reaches the others: each
reads it again once its copy is older than ``poll_seconds`` (2 s), on the next request that asks. A store
that cannot be read leaves the last state known in force (answers on until a switch was ever seen), so a
database outage does not also silence the service. Every switch is audited with who made it and why.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from assistant.store.shared import Store

log = logging.getLogger(__name__)

#: The shared setting that holds the switch.
SETTING = "answers_switch"
#: What a citizen reads when answers are off and the admin gave no message.
DEFAULT_MESSAGE = "The assistant is switched off for now. Call 1823 or visit www.1823.gov.hk for help."


@dataclass(frozen=True)
class SwitchState:
    """Answers on or off, the message shown while off, and who switched when."""

    answers: bool = True
    message: str = ""
    at: str | None = None
    actor: str | None = None


def token_fingerprint(token: str) -> str:
    """A short, one-way name for an admin token: enough to tell tokens apart in the audit, not to use one."""
    return "token:" + hashlib.sha256(token.encode()).hexdigest()[:12]


class KillSwitch:
    """Reads and turns the shared switch; a replica's copy is at most ``poll_seconds`` old."""

    def __init__(self, store: Store, poll_seconds: float = 2.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.poll_seconds = poll_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._state = SwitchState()
        self._read_at: float | None = None

    def fresh(self) -> SwitchState | None:
        """The switch as this replica knows it while that copy is young enough; None when it must be read again."""
        with self._lock:
            if self._read_at is not None and self.clock() - self._read_at < self.poll_seconds:
                return self._state
        return None

    def state(self) -> SwitchState:
        """The switch as this replica knows it, read again from the store when the copy is too old."""
        with self._lock:
            now = self.clock()
            if self._read_at is None or now - self._read_at >= self.poll_seconds:
                self._read_at = now
                try:
                    stored = self.store.get_setting(SETTING)
                except Exception:  # any store failure: keep serving on the last state known
                    log.warning("kill switch: the store could not be read; keeping the last state", exc_info=True)
                else:
                    self._state = SwitchState(**stored) if stored else SwitchState()
            return self._state

    def turn(self, answers: bool, message: str, actor: str, reason: str) -> SwitchState:
        """Switch answers on or off for every replica; audited as ``switch`` with ``actor`` and ``reason``."""
        state = SwitchState(answers, "" if answers else (message.strip() or DEFAULT_MESSAGE),
                            datetime.now(UTC).isoformat(), actor)
        self.store.put_setting(SETTING, asdict(state))
        self.store.audit("switch", actor, {"answers": answers, "message": state.message, "reason": reason})
        with self._lock:
            self._state, self._read_at = state, self.clock()
        return state
