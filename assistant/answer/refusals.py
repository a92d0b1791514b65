"""A refusal as an answer: why the document does not answer, and the nearest topics it does cover.

>>> refusal(prompts, "not_in_document", passages).topics               # doctest: +SKIP
['Artificial Intelligence', 'Life and Health Technology']
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.prompts import PromptBuilder
from assistant.retrieval import Passage
from assistant.types import Answer

#: Nearest topics a refusal names at most.
TOPICS = 3


def refusal(prompts: PromptBuilder, reason: str, passages: Sequence[Passage], detail: str = "",
            language: str = "en") -> Answer:
    """The refusal for ``reason`` in the question's ``language``, naming the nearest passages' headings as topics."""
    topics = list(dict.fromkeys(p.chunk.section[-1] for p in passages if p.chunk.section))[:TOPICS]
    return Answer(answer=prompts.refusal(reason, topics, detail, language), refused=True, reason=reason,
                  topics=topics, grounded=1.0)
