"""Micro-batched, cached query embeddings: the same vectors as one at a time, in fewer forward passes."""

import threading

import numpy as np
import pytest

from assistant.query.encoding import QueryEncoder


def assert_same_vectors(got: np.ndarray, expected: np.ndarray, dtype: str) -> None:
    """Equal to float32 rounding; in bfloat16 a text's vector moves with its batch's padded shape (oneDNN picks
    kernels by shape, up to 1.5e-3 a component), so there each pair must only point the same way."""
    if dtype == "float32":
        assert np.allclose(got, expected, atol=1e-5)
    else:
        assert got.shape == expected.shape and np.einsum("ij,ij->i", got, expected).min() > 0.9999


def test_concurrent_requests_share_forward_passes(embedder):
    encoder = QueryEncoder(embedder, max_batch=64, cache_size=0)
    questions = [f"What does measure number {i} of the policy do?" for i in range(48)]
    results: dict[int, np.ndarray] = {}
    start = threading.Barrier(len(questions))

    def ask(i: int) -> None:
        start.wait()
        results[i] = encoder.encode([questions[i]])[0]

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(questions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    expected = embedder.encode(questions)
    assert_same_vectors(np.stack([results[i] for i in range(len(questions))]), expected, embedder.dtype)
    assert encoder.embedded == len(questions) and encoder.passes < len(questions) / 2


def test_batches_respect_the_size_limit_and_keep_order(embedder):
    encoder = QueryEncoder(embedder, max_batch=3, cache_size=0)
    texts = ["one", "two", "three", "four", "five"]
    assert_same_vectors(encoder.encode(texts), embedder.encode(texts), embedder.dtype)


def test_repeats_come_from_the_cache(embedder):
    encoder = QueryEncoder(embedder, cache_size=2)
    encoder.encode(["a question", "another question"])
    encoder.encode(["a question"])
    assert encoder.embedded == 2
    encoder.encode(["a third question"])       # evicts the least recently used
    encoder.encode(["another question"])
    assert encoder.embedded == 4


def test_an_embedding_failure_reaches_every_waiting_caller(embedder, monkeypatch):
    encoder = QueryEncoder(embedder, cache_size=0)
    monkeypatch.setattr(embedder, "encode", lambda texts: (_ for _ in ()).throw(RuntimeError("model gone")))
    with pytest.raises(RuntimeError, match="model gone"):
        encoder.encode(["anything"])
    monkeypatch.undo()
    assert encoder.encode(["anything"]).shape == (1, 384)  # and the encoder still works afterwards


def test_callers_on_an_event_loop_await_the_same_batched_passes(embedder):
    import asyncio

    encoder = QueryEncoder(embedder, max_batch=64, cache_size=0)
    questions = [f"Which bureau runs programme number {i}?" for i in range(24)]

    async def ask_all() -> list[np.ndarray]:
        return await asyncio.gather(*(encoder.encode_async([q]) for q in questions))

    results = _on_a_loop_of_its_own(ask_all())
    assert_same_vectors(np.concatenate(results), embedder.encode(questions), embedder.dtype)
    assert encoder.embedded == len(questions) and encoder.passes < len(questions) / 2


def test_an_awaiting_caller_that_is_cancelled_leaves_the_encoder_working(embedder):
    import asyncio

    encoder = QueryEncoder(embedder, cache_size=0)

    async def cancel_one_then_ask() -> np.ndarray:
        waiting = asyncio.ensure_future(encoder.encode_async(["a question nobody waits for"]))
        await asyncio.sleep(0)
        waiting.cancel()
        return await encoder.encode_async(["a question"])

    assert _on_a_loop_of_its_own(cancel_one_then_ask()).shape == (1, 384)


def test_the_embedding_thread_ends_when_idle_and_a_new_request_starts_another(embedder, monkeypatch):
    import time

    import assistant.query.encoding as encoding

    monkeypatch.setattr(encoding, "IDLE_SECONDS", 0.05)
    encoder = QueryEncoder(embedder, cache_size=0)
    encoder.encode(["first"])
    deadline = time.monotonic() + 5
    while encoder._worker is not None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert encoder._worker is None  # an encoder nobody uses holds no thread
    assert encoder.encode(["second"]).shape == (1, 384) and encoder.embedded == 2


def _on_a_loop_of_its_own(coroutine):
    """Run ``coroutine`` on a new event loop: under the full suite this thread may already have one running."""
    import asyncio

    result: list = []
    thread = threading.Thread(target=lambda: result.append(asyncio.new_event_loop().run_until_complete(coroutine)))
    thread.start()
    thread.join(timeout=60)
    return result[0]
