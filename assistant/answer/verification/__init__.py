"""Check an answer's citations sentence by sentence, whatever backend wrote it.

Markers ``[1]``, ``[1, 3]`` and ``[1][2]`` are parsed; a marker that points to no source is dropped. A
sentence is supported when it cites at least one source and that source supports what it claims: its
contacts, amounts, numbers and names, and the words that carry its claim (a negation, a reversal or an
instruction the passage does not make is unsupported). Unsupported sentences are removed; ``grounded`` is
the share of sentences that were supported.

* :mod:`~assistant.text.markers`: citation markers and answer sentences;
* :mod:`~assistant.answer.verification.contacts`: links, e-mail addresses and phone numbers;
* :mod:`~assistant.answer.verification.claims`: the words a sentence claims, against its passage;
* :mod:`~assistant.answer.verification.verifier`: :class:`CitationVerifier`, which puts them together.

>>> verifier = CitationVerifier()
>>> result = verifier.verify("It has $3 billion [1]. It has $9 billion [1].", {1: "the $3 billion scheme"})
>>> result.text, result.grounded
('It has $3 billion [1].', 0.5)
"""

from assistant.answer.verification.verifier import (
           CitationVerifier,
           SentenceCheck,
           Verification,
           common_names,
           looks_like_decline,
)
from assistant.text.markers import answer_sentences, parse_markers, strip_markers

__all__ = ["CitationVerifier", "SentenceCheck", "Verification", "answer_sentences", "common_names",
           "looks_like_decline", "parse_markers", "strip_markers"]
