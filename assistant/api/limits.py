"""Rate limits behind one small interface: buckets in this process, in a file its workers share, or in Redis.

A :class:`Rule` is a named rate with a burst. A :class:`Limiter` counts one event for a key under a rule
(:meth:`~Limiter.hit`) or only looks (:meth:`~Limiter.peek`), and answers how many seconds to wait when there
is no room, 0 when there is. Three limiters:

- :class:`MemoryLimiter` keeps token buckets in this process (one process);
- :class:`FileLimiter` keeps the same buckets in a SQLite file, so the worker processes of one
  ``assistant serve`` (:mod:`assistant.api.workers`) spend from one allowance, with no server to run;
- :class:`SharedLimiter` counts in Redis through the ``limits`` library, so every replica behind a balancer
  spends from the same allowance (``ASSISTANT_REDIS_URL``).

A shared store that fails (Redis down, the file unwritable) lets requests through (fails open) with a warning
and a count (``failures``), and is used again by itself once it works.

:class:`ServiceLimits` is the policy: which rules a request, a feedback row, a minted token and a wrong
admin token meet, keyed by client and by address (see :mod:`assistant.api.identity`).

>>> limiter = MemoryLimiter()
>>> rule = Rule("demo", per_minute=60, burst=2)
>>> [limiter.hit(rule, "a", now=0.0) for _ in range(3)]
[0.0, 0.0, 1.0]
"""

from __future__ import annotations

import logging
import math
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.storage import RedisStorage
from limits.strategies import SlidingWindowCounterRateLimiter

from assistant.api.identity import Caller
from assistant.config import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    """``per_minute`` events on average, ``burst`` at once; ``name`` keeps each rule's keys apart."""

    name: str
    per_minute: float
    burst: int


class Limiter(Protocol):
    """Counts events per rule and key."""

    def hit(self, rule: Rule, key: str, now: float | None = None) -> float:
        """Count one event if there is room (then 0), else the seconds until there is (nothing counted)."""

    def peek(self, rule: Rule, key: str, now: float | None = None) -> float:
        """What :meth:`hit` would answer, counting nothing."""


class MemoryLimiter:
    """Token buckets in this process; past ``max_keys`` per rule the least recently used are forgotten."""

    def __init__(self, max_keys: int = 10_000) -> None:
        self.max_keys = max_keys
        self._buckets: dict[str, OrderedDict[str, tuple[float, float]]] = {}
        self._lock = threading.Lock()  # the event loop and the threads of sync routes both count

    def hit(self, rule: Rule, key: str, now: float | None = None) -> float:
        """Spend one token of ``key``'s bucket; seconds to wait (0 when it could be spent)."""
        return self._take(rule, key, time.monotonic() if now is None else now, spend=True)

    def peek(self, rule: Rule, key: str, now: float | None = None) -> float:
        """Seconds ``key`` would have to wait, without spending a token."""
        return self._take(rule, key, time.monotonic() if now is None else now, spend=False)

    def _take(self, rule: Rule, key: str, now: float, spend: bool) -> float:
        with self._lock:
            buckets = self._buckets.setdefault(rule.name, OrderedDict())
            wait, buckets[key] = refill(rule, buckets.pop(key, None), now, spend)
            while len(buckets) > self.max_keys:
                buckets.popitem(last=False)
        return wait


#: A token bucket as kept: (tokens, the time they were counted at).
Bucket = tuple[float, float]


def refill(rule: Rule, bucket: Bucket | None, now: float, spend: bool) -> tuple[float, Bucket]:
    """A token bucket at ``now``: the seconds to wait (0: room) and the bucket (tokens, time) to keep.

    ``bucket`` is what was kept the last time, ``None`` for a key not seen (or forgotten): a full one.
    """
    rate = rule.per_minute / 60.0
    tokens, updated = bucket or (float(rule.burst), now)
    tokens = min(rule.burst, tokens + (now - updated) * rate)
    wait = 0.0 if tokens >= 1 else (1 - tokens) / rate
    return wait, (tokens - 1 if spend and not wait else tokens, now)


class FileLimiter:
    """Token buckets in a SQLite file, which every worker process of one server opens; fails open on an error.

    Each check is one short write transaction (``BEGIN IMMEDIATE``), so two workers never spend the same
    token. The file holds rate-limit state only, nothing to keep across a restart: it is written without
    syncing to disk. A bucket that has refilled is the same as no bucket, so full ones are deleted now and
    then, which bounds the file by the keys active in the last few minutes.
    """

    #: Checks between two sweeps of the buckets that have refilled.
    SWEEP_EVERY = 1000

    def __init__(self, path: str, on_failure: Callable[[], None] = lambda: None, busy_timeout: float = 1.0) -> None:
        self.path = path
        self.on_failure = on_failure
        self.busy_timeout = busy_timeout
        self.failures = 0
        self._local = threading.local()  # a sqlite3 connection belongs to the thread that made it
        self._checks = 0

    def hit(self, rule: Rule, key: str, now: float | None = None) -> float:
        """Spend one token of ``key``'s bucket; seconds to wait (0 when it could be spent)."""
        return self._take(rule, key, time.monotonic() if now is None else now, spend=True)

    def peek(self, rule: Rule, key: str, now: float | None = None) -> float:
        """Seconds ``key`` would have to wait, without spending a token."""
        return self._take(rule, key, time.monotonic() if now is None else now, spend=False)

    def _take(self, rule: Rule, key: str, now: float, spend: bool) -> float:
        try:
            database = self._connection()
            with database:  # BEGIN IMMEDIATE ... COMMIT, rolled back on an error
                database.execute("BEGIN IMMEDIATE")
                row = database.execute("SELECT tokens, updated FROM buckets WHERE rule = ? AND key = ?",
                                       (rule.name, key)).fetchone()
                wait, (tokens, updated) = refill(rule, row, now, spend)
                full_at = updated + (rule.burst - tokens) * 60.0 / rule.per_minute
                database.execute("INSERT OR REPLACE INTO buckets VALUES (?, ?, ?, ?, ?)",
                                 (rule.name, key, tokens, updated, full_at))
                self._checks += 1
                if self._checks % self.SWEEP_EVERY == 0:
                    database.execute("DELETE FROM buckets WHERE full_at <= ?", (now,))
        except sqlite3.Error as exc:
            self.failures += 1
            self.on_failure()
            log.warning("rate limits are not enforced: the limits file %s failed (%s)", self.path, exc)
            return 0.0
        return wait

    def _connection(self) -> sqlite3.Connection:
        database = getattr(self._local, "database", None)
        if database is None:
            database = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
            database.execute("PRAGMA journal_mode = WAL")
            database.execute("PRAGMA synchronous = OFF")
            database.execute("CREATE TABLE IF NOT EXISTS buckets (rule TEXT, key TEXT, tokens REAL, updated REAL, "
                             "full_at REAL, PRIMARY KEY (rule, key)) WITHOUT ROWID")
            self._local.database = database
        return database


class SharedLimiter:
    """Counts in Redis (``limits``' sliding-window counters), shared by every replica; fails open when Redis is down.

    A rule is two windows: its burst over the time its rate takes to give a whole burst back, and its rate
    over a minute. ``on_failure`` is called once per request let through unchecked (the metric); after a
    failure Redis is left alone for ``retry_after`` seconds, then tried again.
    """

    def __init__(self, url: str, on_failure: Callable[[], None] = lambda: None, retry_after: float = 1.0,
                 timeout: float = 0.25) -> None:
        self.storage = RedisStorage(url, wrap_exceptions=True, socket_timeout=timeout, socket_connect_timeout=timeout)
        self.strategy = SlidingWindowCounterRateLimiter(self.storage)
        self.on_failure = on_failure
        self.retry_after = retry_after
        self.failures = 0
        self._down_until = 0.0
        self._windows: dict[Rule, tuple[RateLimitItem, ...]] = {}

    def windows(self, rule: Rule) -> tuple[RateLimitItem, ...]:
        """The ``limits`` items that stand for ``rule``."""
        if rule not in self._windows:
            refill = max(1, round(rule.burst * 60 / rule.per_minute))
            burst = RateLimitItemPerSecond(rule.burst, refill, namespace=f"{rule.name}-burst")
            rate = RateLimitItemPerSecond(max(1, round(rule.per_minute)), 60, namespace=f"{rule.name}-rate")
            same = (burst.amount, burst.multiples) == (rate.amount, rate.multiples)
            self._windows[rule] = (burst,) if same else (burst, rate)
        return self._windows[rule]

    def hit(self, rule: Rule, key: str, now: float | None = None) -> float:
        """Count one event when every window has room (then 0), else the seconds until one has."""
        return self._checked(rule, key, spend=True)

    def peek(self, rule: Rule, key: str, now: float | None = None) -> float:
        """Seconds ``key`` would have to wait, counting nothing."""
        return self._checked(rule, key, spend=False)

    def _checked(self, rule: Rule, key: str, spend: bool) -> float:
        if time.monotonic() < self._down_until:
            return self._failed_open(None)
        windows = self.windows(rule)
        try:
            full = [item for item in windows if not self.strategy.test(item, key)]
            if full:
                return max(0.5, *(self.strategy.get_window_stats(item, key).reset_time - time.time() for item in full))
            if spend:
                for item in windows:
                    self.strategy.hit(item, key)
        except Exception as exc:  # limits wraps every storage error in StorageError; the client raises others
            return self._failed_open(exc)
        return 0.0

    def _failed_open(self, exc: Exception | None) -> float:
        self.failures += 1
        self.on_failure()
        if exc is not None:
            self._down_until = time.monotonic() + self.retry_after
            log.warning("rate limits are not enforced: Redis is unavailable (%s); retrying in %.0f s",
                        exc, self.retry_after)
        return 0.0


def limiter_for(settings: Settings, on_failure: Callable[[], None] = lambda: None) -> Limiter:
    """The limiter ``settings`` ask for: Redis for replicas, the workers' file, else this process's memory."""
    if settings.redis_url:
        return SharedLimiter(settings.redis_url, on_failure)
    if settings.limits_db:
        return FileLimiter(str(settings.limits_db), on_failure)
    return MemoryLimiter()


def retry_after(wait: float) -> str:
    """A ``Retry-After`` value (whole seconds, at least 1) for a wait in seconds."""
    return str(max(1, math.ceil(wait)))


class ServiceLimits:
    """The service's rules, from settings, over one limiter.

    Each check counts the client's own bucket first and then its address's, so that a client refused by
    its own limit does not use up what others behind the same address share.
    """

    def __init__(self, settings: Settings, limiter: Limiter | None = None) -> None:
        self.limiter = limiter or limiter_for(settings)
        self.request = Rule("request", settings.rate_limit_per_minute, settings.rate_limit_burst)
        self.request_address = Rule("request-address", settings.address_rate_limit_per_minute,
                                    settings.address_rate_limit_burst)
        self.feedback = Rule("feedback", settings.feedback_per_minute, _half_a_minute(settings.feedback_per_minute))
        self.feedback_address = Rule("feedback-address", settings.feedback_per_address_per_minute,
                                     _half_a_minute(settings.feedback_per_address_per_minute))
        self.identity = Rule("identity", settings.identity_tokens_per_minute,
                             max(1, round(settings.identity_tokens_per_minute)))
        self.admin_failures = Rule("admin-failures", settings.admin_failures_per_minute, settings.admin_failure_burst)

    def _both(self, client_rule: Rule, address_rule: Rule, caller: Caller) -> float:
        return self.limiter.hit(client_rule, caller.key) or self.limiter.hit(address_rule, caller.address)

    def for_request(self, caller: Caller) -> float:
        """Seconds to wait before this request may go ahead (0: now)."""
        return self._both(self.request, self.request_address, caller)

    def for_feedback(self, caller: Caller) -> float:
        """Seconds to wait before ``caller`` may send feedback (0: now)."""
        return self._both(self.feedback, self.feedback_address, caller)

    def for_new_identity(self, caller: Caller) -> float:
        """Seconds to wait before ``caller``'s address may obtain another end-user token (0: now)."""
        return self.limiter.hit(self.identity, caller.address)

    def admin_locked(self, caller: Caller) -> float:
        """Seconds until this address may try an admin token again (0: now)."""
        return self.limiter.peek(self.admin_failures, caller.address)

    def admin_failed(self, caller: Caller) -> None:
        """Count a wrong admin token against ``caller``'s address."""
        self.limiter.hit(self.admin_failures, caller.address)


def _half_a_minute(per_minute: float) -> int:
    return max(1, round(per_minute / 2))
