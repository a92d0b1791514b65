"""One thread owns an in-process model; requests queue for it, bounded, each with a deadline.

An in-process model (llama.cpp) cannot be used from two threads at once. Holding a lock around a
streaming generator lets a client that goes away leave the lock held by a suspended generator, and every
waiter parks a web-server thread on it: fifty abandoned streams wedged the model and starved unrelated
requests of threads. Here the model is only ever touched by its worker thread, so no lock is held across
a ``yield``:

- :meth:`ModelWorker.submit` queues a :class:`Job` or fails at once with :class:`BackendBusy` when
  ``max_waiting`` jobs already wait, so at most ``max_waiting + 1`` request threads ever wait for the model
  and the web server's other threads stay free for answers that need no model;
- the worker writes the job's pieces into the job's own queue and checks between pieces whether the job
  should stop: its deadline passed, the request's :class:`CancelToken` was cancelled, or the consumer gave up;
- :meth:`ModelWorker.pieces` hands them to the request; a consumer that stops reading (a closed generator,
  a deadline, a cancel) gives the job up, which takes it out of the queue or stops it at the next piece.

The model reads the prompt before it writes the first piece, and that step cannot be stopped part-way
(under a second for an answer's prompt on an idle 2-core machine, longer on a loaded one): a job stopped
then stops at its first piece.

>>> worker = ModelWorker("echo")
>>> job = worker.submit(lambda: iter(["a", "b"]), timeout=5, cancel=CancelToken(), max_waiting=2)
>>> list(worker.pieces(job))
['a', 'b']
"""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator

from assistant.answer.backend import BackendBusy, CancelToken

#: How often a waiting request looks at its cancel token and deadline (the worker checks every piece).
POLL_SECONDS = 0.05
_END = object()


class Job:
    """One generation: waiting for the model, running on it, or stopped."""

    def __init__(self, run: Callable[[], Iterator[str]], deadline: float, cancel: CancelToken) -> None:
        self.run = run
        self.deadline = deadline
        self.cancel = cancel
        self.output: queue.SimpleQueue = queue.SimpleQueue()  # str pieces, then _END or an exception
        self._given_up: str | None = None

    def give_up(self, reason: str) -> None:
        """End the job with ``reason`` as its error, unless it has ended already."""
        if self._given_up is None:
            self._given_up = reason

    def stop_reason(self) -> str | None:
        """Why this job must stop now, or ``None`` while it is still wanted."""
        if self._given_up:
            return self._given_up
        if self.cancel.cancelled:
            return "the request was cancelled"
        if time.monotonic() >= self.deadline:
            return "it did not finish in time"
        return None


class ModelWorker:
    """The single thread that runs a model's jobs one at a time, and their bounded queue."""

    def __init__(self, name: str) -> None:
        self.name = name
        #: Pieces the model has written, in all: shows a stopped job's model work stops (tests, benchmarks).
        self.pieces_written = 0
        self._waiting: deque[Job] = deque()
        self._running: Job | None = None
        self._closed = False
        self._changed = threading.Condition()
        # A daemon thread: a generation in flight must never keep the process from exiting.
        self._thread = threading.Thread(target=self._serve, name=f"{name} model", daemon=True)
        self._thread.start()

    def submit(self, run: Callable[[], Iterator[str]], timeout: float, cancel: CancelToken,
               max_waiting: int) -> Job:
        """Queue ``run`` (which uses the model and yields text) to finish within ``timeout`` seconds.

        :class:`BackendBusy` at once when the model is writing for another job and ``max_waiting`` jobs
        already wait.
        """
        job = Job(run, time.monotonic() + timeout, cancel)
        with self._changed:
            if self._closed:
                raise BackendBusy("the service is shutting down")
            if cancel.cancelled:
                raise BackendBusy("the request was cancelled")
            self._drop_stopped()
            # Places: one on the model (unless a job that is still wanted has it), max_waiting behind it.
            model_taken = self._running is not None and self._running.stop_reason() is None
            if len(self._waiting) >= max_waiting + (0 if model_taken else 1):
                raise BackendBusy("it is busy with other questions")
            self._waiting.append(job)
            self._changed.notify_all()
        return job

    def pieces(self, job: Job) -> Iterator[str]:
        """The job's text as the model writes it; :class:`BackendBusy` when the job is stopped first.

        Waiting is bounded by the job's deadline, and closing this iterator gives the job up, so a request
        that is abandoned frees its place in the queue (or the model) at once.
        """
        try:
            while True:
                try:
                    item = job.output.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    reason = job.stop_reason()
                    if reason:
                        raise BackendBusy(reason) from None
                    continue
                if item is _END:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            job.give_up("nobody reads the answer any more")
            with self._changed:
                if job in self._waiting:
                    self._waiting.remove(job)
                    self._changed.notify_all()

    @property
    def idle(self) -> bool:
        """No job running and none waiting."""
        with self._changed:
            return self._running is None and not self._waiting

    def close(self, timeout: float = 5.0) -> bool:
        """Stop every job, refuse new ones, and wait up to ``timeout`` s for the thread; whether it ended."""
        with self._changed:
            self._closed = True
            for job in [*self._waiting, *([self._running] if self._running else [])]:
                job.give_up("the service is shutting down")
            self._changed.notify_all()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _drop_stopped(self) -> None:
        self._waiting = deque(job for job in self._waiting if job.stop_reason() is None)

    def _next_job(self) -> Job | None:
        with self._changed:
            while True:
                self._drop_stopped()
                if self._waiting:
                    self._running = self._waiting.popleft()
                    return self._running
                if self._closed:
                    return None
                self._changed.wait()

    def _serve(self) -> None:
        while (job := self._next_job()) is not None:
            try:
                self._run(job)
            finally:
                with self._changed:
                    self._running = None
                    self._changed.notify_all()

    def _run(self, job: Job) -> None:
        pieces: Iterator[str] | None = None
        try:
            pieces = job.run()
            for piece in pieces:
                reason = job.stop_reason()
                if reason:  # checked per piece: a stopped job releases the model at once
                    job.output.put(BackendBusy(reason))
                    return
                job.output.put(piece)
                self.pieces_written += 1
            job.output.put(_END)
        except Exception as exc:  # handed to the request, which turns it into a degraded answer
            job.output.put(exc)
        finally:
            close = getattr(pieces, "close", None)
            if close:
                close()
