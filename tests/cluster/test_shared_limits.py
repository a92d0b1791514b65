"""Two replicas sharing one Redis: one allowance for a client across both, answers cached for both; Redis
stopped, requests go through (failing open, counted) and limits come back by themselves when it returns."""

from __future__ import annotations

import time

import httpx
import pytest

from assistant.api import create_app
from assistant.service import Assistant
from tests.conftest import LiveServer

BURST = 6


@pytest.fixture
def replicas(settings, index, embedder, redis_server, tmp_path):
    shared = settings.model_copy(update={"redis_url": redis_server.url, "rate_limit_burst": BURST,
                                         "rate_limit_per_minute": 6, "feedback_db": tmp_path / "feedback.sqlite3"})
    servers = []
    for _ in range(2):
        app = create_app(Assistant(shared, index, embedder))
        servers.append(LiveServer(app).start())
        servers[-1].app = app
    yield servers
    for server in servers:
        server.stop()


def statuses(servers, count: int, path: str = "/api/search?q=CorpID") -> list[int]:
    """``count`` requests, alternating between the replicas."""
    codes = []
    for n in range(count):
        with httpx.Client(base_url=servers[n % len(servers)].url, timeout=30) as http:
            codes.append(http.get(path).status_code)
    return codes


def fail_open_count(server) -> float:
    text = httpx.get(server.url + "/metrics").text
    return sum(float(line.split()[-1]) for line in text.splitlines()
               if line.startswith("assistant_rate_limit_failed_open_total"))


def test_one_client_gets_one_allowance_across_replicas(replicas):
    codes = statuses(replicas, 3 * BURST)
    assert codes.count(200) in range(BURST, BURST + 2), codes  # not 2 × BURST: the replicas count together
    assert set(codes) <= {200, 429}


def test_redis_down_fails_open_and_limits_return_with_it(replicas, redis_server):
    assert statuses(replicas, 3 * BURST).count(429) >= BURST
    redis_server.stop()
    codes = statuses(replicas, 3 * BURST)
    assert codes == [200] * len(codes)  # answers continue, no 5xx, no 429 while the counts are unreachable
    assert fail_open_count(replicas[0]) + fail_open_count(replicas[1]) >= 3 * BURST
    redis_server.start()
    time.sleep(1.5)  # the limiter leaves a failed Redis alone for a second
    assert statuses(replicas, 3 * BURST).count(429) >= BURST  # counting again, with nothing restarted


def test_an_answer_is_cached_once_for_every_replica(replicas):
    question = {"question": "Which bureau runs the AI Subsidy Scheme?"}
    first = httpx.post(replicas[0].url + "/api/ask", json=question, timeout=30).json()
    other = replicas[1]
    cache = other.app.state.service.assistant.answers
    hits = cache.hits
    second = httpx.post(other.url + "/api/ask", json=question, timeout=30).json()
    assert cache.hits == hits + 1 and second["answer"] == first["answer"]
    assert second["citations"] == first["citations"]
