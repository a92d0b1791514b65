"""Prometheus metrics at ``GET /metrics``: requests by route and status, their latency, answer outcomes.

Routes are counted by their template (``/api/schemes/{measure_id}``), never by the raw path or query, so the
label set stays small and no question text ever becomes a label.

Served by several worker processes (:mod:`assistant.api.workers`), each counts into files of its own in the
folder ``PROMETHEUS_MULTIPROC_DIR`` names (prometheus_client's multiprocess mode, chosen when the client is
imported), and ``/metrics``, whichever worker answers it, sums every worker's files.
"""

from __future__ import annotations

import os

from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from assistant.types import Answer


class Metrics:
    """One registry per app, so several apps in one process (tests) keep their own counts."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("assistant_requests", "HTTP requests by route template and status.",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("assistant_request_seconds", "Time to the end of the response, by route.",
                                 ["route"], registry=self.registry,
                                 buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
        self.limits_failed_open = Counter("assistant_rate_limit_failed_open", "Requests let through unchecked "
                                          "because the shared rate-limit store (Redis, or the workers' limits "
                                          "file) was unavailable.",
                                          registry=self.registry)
        self.answers = Counter("assistant_answers", "Answers by backend and outcome.", ["backend", "outcome"],
                               registry=self.registry)

    def record_request(self, scope: dict, status: int, seconds: float) -> None:
        """Count and time one HTTP request under its route template (``unmatched`` when none matched)."""
        route = getattr(scope.get("route"), "path", "unmatched")
        self.requests.labels(scope["method"], route, str(status)).inc()
        self.latency.labels(route).observe(seconds)

    def record_answer(self, answer: Answer) -> None:
        """Count one finished answer as answered, refused or degraded."""
        outcome = "refused" if answer.refused else "degraded" if answer.degraded else "answered"
        self.answers.labels(answer.backend, outcome).inc()


def metrics_router(metrics: Metrics) -> APIRouter:
    """``GET /metrics`` in Prometheus' text format."""
    router = APIRouter(tags=["health"])

    @router.get("/metrics", response_class=Response, responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}})
    def read_metrics() -> Response:
        """Counters and histograms for Prometheus, summed over the worker processes when there are several."""
        registry = metrics.registry
        if folder := os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            MultiProcessCollector(registry, path=folder)
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return router
