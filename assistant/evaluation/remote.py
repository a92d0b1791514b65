"""Evaluating a running deployment over HTTP, with the same suites, metrics, reports and gates as in process.

>>> service = RemoteService("https://staging.example.gov.hk", admin_token="...")   # doctest: +SKIP
>>> results = RemoteSuiteRunner(service, RunOptions()).run(cases)                # doctest: +SKIP

Answers come from ``POST /api/ask`` and the retrieval metrics' rankings from ``GET /api/search`` (the
service's own hybrid search, as in process); expected sources are resolved against the passages the
deployment serves (``GET /api/admin/chunks``, admin token), so a staging index is graded as it is, not as
the local corpus would build it. A 429 or a warming 503 is waited out as its ``Retry-After`` says; the kill
switch, or any other error, stops the run with a message.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from assistant.answer.verification import CitationVerifier
from assistant.evaluation.judge import Judge
from assistant.evaluation.runner import CaseResult, Progress, RunOptions, SuiteRunner
from assistant.evaluation.sources import SourceResolver
from assistant.ingest.chunking import Chunk
from assistant.types import Answer, Turn

#: Longest total wait for one request's retries (rate limited, warming up), in seconds.
MAX_WAIT_SECONDS = 120.0


class RemoteError(RuntimeError):
    """The service answered with an error the evaluation cannot go on after."""


@dataclass(frozen=True)
class RemoteChunk:
    """What the runner reads of a passage a search returned: its id and text."""

    id: str
    text: str


@dataclass(frozen=True)
class RemotePassage:
    """One search result, shaped as the runner reads a :class:`~assistant.retrieval.Passage`."""

    chunk: RemoteChunk
    score: float


class RemoteService:
    """The public API of a running service (and its admin API, with the token)."""

    def __init__(self, url: str, admin_token: str | None = None, timeout: float = 120.0,
                 client: httpx.Client | None = None) -> None:
        headers = {"Authorization": f"Bearer {admin_token}"} if admin_token else {}
        self.http = client or httpx.Client(base_url=url.rstrip("/"), timeout=timeout, headers=headers)
        self.url = url

    def _request(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        waited = 0.0
        while True:
            try:
                reply = self.http.request(method, path, **kwargs)
            except httpx.HTTPError as exc:
                raise RemoteError(f"{self.url}{path}: {exc}") from exc
            retry = reply.headers.get("Retry-After")
            error = _error(reply)
            if reply.status_code in (429, 503) and retry and error.get("code") != "switched_off" \
                    and waited < MAX_WAIT_SECONDS:
                pause = min(float(retry) if retry.replace(".", "", 1).isdigit() else 1.0, 10.0)
                time.sleep(pause)
                waited += pause
                continue
            if reply.status_code >= 400:
                raise RemoteError(f"{method} {self.url}{path}: {reply.status_code} "
                                  f"{error.get('code', '')}: {error.get('message', reply.text[:200])}")
            return reply

    def ask(self, question: str, history: Sequence[Turn] = (), backend: str | None = None) -> Answer:
        """The service's answer to ``question``."""
        body = {"question": question, "history": [t.model_dump() for t in history],
                **({"backend": backend} if backend else {})}
        return Answer.model_validate(self._request("POST", "/api/ask", json=body).json())

    def search(self, query: str, k: int, language: str | None = None) -> list[RemotePassage]:
        """The service's ``k`` best passages for ``query``, in ``language``'s version where a document has one."""
        params = {"q": query, "k": k, **({"language": language} if language else {})}
        results = self._request("GET", "/api/search", params=params).json()["results"]
        return [RemotePassage(RemoteChunk(r["id"], r["text"]), float(r["score"])) for r in results]

    def chunks(self) -> list[Chunk]:
        """Every passage the service serves (admin token)."""
        reply = self._request("GET", "/api/admin/chunks")
        return [Chunk.from_json(json.loads(line)) for line in reply.text.splitlines() if line.strip()]

    def index_version(self) -> str | None:
        """The build the service serves (admin token)."""
        return self._request("GET", "/api/admin/index").json().get("serving")


def _error(reply: httpx.Response) -> dict:
    try:
        body = reply.json()
    except ValueError:
        return {}
    return body.get("error", {}) if isinstance(body, dict) and isinstance(body.get("error"), dict) else {}


class RemoteSuiteRunner(SuiteRunner):
    """:class:`SuiteRunner` with the service's answers and search in place of an in-process assistant."""

    def __init__(self, service: RemoteService, options: RunOptions, judge: Judge | None = None) -> None:
        if options.mode != "hybrid":
            raise RemoteError("a service searches in hybrid mode only: leave out --mode with --url")
        self.service = service
        self.options = options
        self.assistant = None if options.retrieval_only else service
        self.judge = judge
        chunks = service.chunks()
        self.resolver = SourceResolver(chunks)
        self.verifier = CitationVerifier.for_passages(" ".join(c.sentences) for c in chunks)

    def run(self, cases: Sequence, progress: Progress | None = None) -> list[CaseResult]:
        """Every case in order (the service is warm already: it answered the passages request)."""
        results = []
        for case in cases:
            results.append(self.run_case(case))
            if progress:
                progress(results[-1])
        return results

    def search(self, query: str, language: str | None = None) -> list[RemotePassage]:
        """The service's best passages for ``query``, as :meth:`SuiteRunner.search` finds them in process."""
        return self.service.search(query, self.options.k, language)
