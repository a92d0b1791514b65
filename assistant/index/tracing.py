"""The embedding model's transformer as a TorchScript trace: the same computation without Python per layer.

A forward pass of the eager model calls some 150 Python modules (linear layers, layer norms, attention
wrappers, configuration look-ups), and every call holds the GIL: for a query or a small batch that Python costs
more than the arithmetic, and the service's other requests wait for it. ``torch.jit.trace`` records the
operations once and replays them in C++: one query in bfloat16 took 17.6 ms eager and 12.4 ms traced on one
thread of this machine, a batch of 16 59.0 and 36.9 ms, with the same vectors (cosine 0.99999 or more; bfloat16
rounding). Shapes are not fixed by the trace: batch size and token count vary freely.

The trace is made from a padded batch, so that the attention mask is part of what is recorded (a batch
without padding could let the model skip the mask). A model that cannot be traced is used as it is.

>>> forward = traced_transformer(model)  # doctest: +SKIP
>>> forward(model.preprocess(["How much is the AI Subsidy Scheme?"])).shape  # doctest: +SKIP
torch.Size([1, 16, 384])
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

#: The inputs of the trace, in the transformer's positional order (BERT-like models take them so).
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
#: Two texts of different lengths: the shorter one is padded, so the mask is used.
_EXAMPLE = ["Padding", "A longer example sentence, so that the first one is padded to its length."]


def traced_transformer(model: SentenceTransformer) -> Callable[[dict], torch.Tensor] | None:
    """A function from the model's features to its token embeddings, traced; ``None`` if the model cannot be."""
    import torch

    transformer = model[0]
    auto_model = getattr(transformer, "auto_model", None)
    if auto_model is None:
        return None
    features = model.preprocess(_EXAMPLE)
    names = [name for name in INPUTS if name in features]
    if names != list(INPUTS[:len(names)]) or not bool((features["attention_mask"] == 0).any()):
        return None  # inputs this positional order does not fit, or no padding to record the mask with
    example = tuple(features[name] for name in names)
    try:
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on shape-dependent Python in the model
            traced = torch.jit.trace(auto_model, example, strict=False, check_trace=False)
            expected = auto_model(*example)[0]
            if not torch.allclose(_hidden(traced(*example)).float(), expected.float(), atol=1e-2):
                return None
    except Exception:  # an architecture the tracer cannot follow: the eager model stays
        log.warning("the embedding model could not be traced; it runs eagerly", exc_info=True)
        return None

    def forward(batch: dict) -> torch.Tensor:
        return _hidden(traced(*(batch[name] for name in names)))

    return forward


def _hidden(output: dict | tuple) -> torch.Tensor:
    """The last hidden state of a traced model's output (a dict when traced with ``strict=False``)."""
    return output["last_hidden_state"] if isinstance(output, dict) else output[0]
