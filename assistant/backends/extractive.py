"""The extractive backend: returns the draft, the document's own sentences with their citations.

No model runs, so it is fast, deterministic and cannot invent a fact; it is the default, and the answer
every other backend falls back to when it fails. The draft is composed by
:class:`assistant.answer.draft.ExtractiveComposer`; this backend streams it a sentence at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.answer.backend import Backend, GenerationRequest

# Sentences of the draft end with their citation marker and a stop: "... Centre [1]. Next ...".
_DRAFT_SENTENCE = re.compile(r".+?\][.!?]?(?:\s+|$)|.+$")


class ExtractiveBackend(Backend):
    """Quotes the sentences that answer, each cited."""

    name = "extractive"
    generative = False

    def generate(self, request: GenerationRequest) -> Iterator[str]:
        """The draft, a sentence at a time."""
        yield from _DRAFT_SENTENCE.findall(request.draft)
