"""The embedder's number format: bfloat16 where the CPU does it in hardware, and the same answers either way."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from pydantic import ValidationError

from assistant.config import Settings
from assistant.index.embedding import BFLOAT16_PAD_TO, Embedder, resolve_dtype, threads_for

QUESTIONS = ["How much is the AI Subsidy Scheme?", "Where will the data facility cluster be built?",
             "Can I report a stolen bike without filling in forms?", "Who regulates medical devices?"]


@pytest.mark.parametrize(("capabilities", "expected"), [
    ({"amx_bf16": True, "avx512_bf16": True}, "bfloat16"),
    ({"amx_bf16": False, "avx512_bf16": True}, "bfloat16"),
    ({"amx_bf16": False, "avx512_bf16": False, "avx2": True}, "float32"),
    ({}, "float32"),
])
def test_auto_picks_bfloat16_only_where_the_cpu_computes_it(monkeypatch, capabilities, expected):
    monkeypatch.setattr(torch.cpu, "get_capabilities", lambda: capabilities, raising=False)
    assert resolve_dtype("auto") == expected
    assert resolve_dtype("float32") == "float32" and resolve_dtype("bfloat16") == "bfloat16"


def test_a_format_that_is_not_offered_is_refused():
    with pytest.raises(ValidationError, match="embedding_dtype"):
        Settings(embedding_dtype="float16")


def test_threads_follow_the_format():
    assert threads_for(1) == threads_for(1, "bfloat16") == 1
    assert threads_for(32, "bfloat16") == 1  # one AMX core beats two up to 32 queries
    assert threads_for(64, "bfloat16") == threads_for(12) == threads_for(12, "float32")


def test_both_formats_give_unit_vectors_that_agree(index):
    texts = QUESTIONS + [chunk.text for chunk in index.chunks[:8]]
    full, half = Embedder(dtype="float32"), Embedder(dtype="bfloat16")
    assert next(half._model.parameters()).dtype == torch.bfloat16
    a, b = full.encode(texts), half.encode(texts)
    assert a.dtype == b.dtype == np.float32 and np.allclose(np.linalg.norm(b, axis=1), 1, atol=1e-5)
    assert (a * b).sum(axis=1).min() > 0.99
    chunks = index.dense.reconstruct_n(0, index.dense.ntotal)
    assert ((a[:len(QUESTIONS)] @ chunks.T).argmax(1) == (b[:len(QUESTIONS)] @ chunks.T).argmax(1)).all()


def test_bfloat16_batches_come_in_few_shapes_and_padding_changes_nothing():
    half = Embedder(dtype="bfloat16")
    lengths = {half._model.preprocess([q])["input_ids"].shape[1] for q in QUESTIONS}
    assert all(n % BFLOAT16_PAD_TO == 0 for n in lengths)
    assert Embedder(dtype="float32")._model.preprocess(["Who runs it?"])["input_ids"].shape[1] % BFLOAT16_PAD_TO
    unpadded = Embedder(dtype="bfloat16")
    unpadded._model[0].processing_kwargs["text"].pop("pad_to_multiple_of")
    assert (half.encode(QUESTIONS) * unpadded.encode(QUESTIONS)).sum(axis=1).min() > 0.999
