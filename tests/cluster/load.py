"""Bounded load through the balancer: N clients, each an end user with its own token, asking questions and
rating answers with client ids (retrying a rating that failed, as the widget would) until a deadline."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx

#: Seconds between one client's requests at least (each end user stays within 20 a second).
PACE = 0.1
QUESTIONS = ["Which bureau runs the AI Subsidy Scheme?", "When will the CorpID Platform launch?",
             "What is being done about clinical trials?", "What support is there for new energy?",
             "How much is the AI Subsidy Scheme?", "What is the Northern Metropolis?"]


@dataclass
class LoadResult:
    """What the clients saw: first attempts by outcome, and the ratings the service acknowledged."""

    outcomes: Counter = field(default_factory=Counter)
    acknowledged: set[str] = field(default_factory=set)
    statuses: Counter = field(default_factory=Counter)
    samples: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def total(self) -> int:
        return sum(self.outcomes.values())

    @property
    def failed(self) -> int:
        return self.outcomes["failed"]

    def record(self, outcome: str, status: int | str) -> None:
        with self.lock:
            self.outcomes[outcome] += 1
            self.statuses[status] += 1


def _attempt(http: httpx.Client, method: str, path: str, body: dict, result: LoadResult) -> int | str:
    try:
        response = http.request(method, path, json=body)
    except httpx.HTTPError as exc:
        return type(exc).__name__
    if response.status_code >= 300:
        result.samples.setdefault(response.status_code, f"{path}: {response.text[:300]}")
    return response.status_code


def _token(http: httpx.Client) -> str:
    for _ in range(20):
        response = http.post("/api/identity")
        if response.status_code == 200:
            return response.json()["token"]
        time.sleep(0.5)
    raise AssertionError(f"no end-user token: {response.status_code} {response.text}")


def _client(url: str, deadline: float, result: LoadResult, n: int, rate_every: int) -> None:
    with httpx.Client(base_url=url, timeout=30) as http:
        http.headers["X-End-User-Token"] = _token(http)
        i, last = 0, 0.0
        while time.monotonic() < deadline:
            i += 1
            time.sleep(max(0.0, last + PACE - time.monotonic()))  # a person's pace, within their allowance
            last = time.monotonic()
            if i % rate_every == 0:
                rating = {"feedback_id": str(uuid.uuid4()), "answer_id": f"load-{n}-{i}", "rating": "up",
                          "question": QUESTIONS[i % len(QUESTIONS)], "answer": "An answer [1]."}
                status = _attempt(http, "POST", "/api/feedback", rating, result)
                result.record("ok" if status in (201, 202) else "failed", status)
                for _ in range(5):  # the widget's retries: same id, so never a second row
                    if status in (201, 202):
                        with result.lock:
                            result.acknowledged.add(rating["feedback_id"])
                        break
                    time.sleep(0.5)
                    status = _attempt(http, "POST", "/api/feedback", rating, result)
            else:
                status = _attempt(http, "POST", "/api/ask", {"question": QUESTIONS[(i + n) % len(QUESTIONS)]},
                                  result)
                result.record("ok" if status == 200 else "limited" if status == 429 else "failed", status)


def run_load(url: str, seconds: float, clients: int = 32, rate_every: int = 4) -> tuple[LoadResult, threading.Thread]:
    """Start the load in the background; the result fills in until the thread returned ends."""
    result, deadline = LoadResult(), time.monotonic() + seconds
    workers = [threading.Thread(target=_client, args=(url, deadline, result, n, rate_every), daemon=True)
               for n in range(clients)]

    def run() -> None:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(seconds + 120)

    runner = threading.Thread(target=run, daemon=True)
    runner.start()
    return result, runner
