"""The traced transformer (assistant/index/tracing.py): the same vectors as the eager model, any batch shape."""

from __future__ import annotations

import numpy as np

from assistant.index.embedding import Embedder
from assistant.index.tracing import traced_transformer

TEXTS = ["AI?", "How much is the AI Subsidy Scheme?",
         "My bike was stolen last night near the station. Can I report it online without going to a police station?"]


def test_the_trace_gives_the_eager_models_vectors_for_every_batch_shape(embedder: Embedder) -> None:
    eager = Embedder(embedder.model_name, dtype=embedder.requested_dtype)
    eager.__dict__["_traced"] = None  # the model as sentence-transformers runs it
    assert embedder._traced is not None, "the bundled model is traceable"
    for texts in (TEXTS[:1], TEXTS[1:2], TEXTS, TEXTS * 7):  # one short, one, mixed lengths, a batch of 21
        cosines = (embedder.encode(texts) * eager.encode(texts)).sum(axis=1)
        assert np.all(cosines > 0.9999), cosines


def test_a_model_that_cannot_be_traced_runs_eagerly(embedder: Embedder) -> None:
    class Untraceable:
        """A first module without a transformer inside, as a custom model may have."""

    assert traced_transformer([Untraceable()]) is None
