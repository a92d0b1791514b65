"""Step ``plan``: decide whether the passages answer the question, and with which sentences.

Refused: an opinion, prediction or personal advice; a best passage below the calibrated similarity; a
detail (an amount, a date ...) asked for that the best passage does not give, or asked of a name the documents
never mention ("How much is Singapore spending on AI?": any amount found is another subject's), or a question
naming such a thing whose best passage is only loosely similar (``UNKNOWN_NAME_RELEVANCE``). Otherwise the
evidence is the best sentences of the first passage (retrieval's choice, BM25 and its rules included) and of
the passages whose cosine is within ``evidence_margin`` of the best one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

from assistant.answer.context import AnswerContext, Plan
from assistant.answer.draft import ExtractiveComposer, pieces_beside
from assistant.answer.events import AnswerEvent
from assistant.answer.prompts import PromptBuilder
from assistant.answer.refusals import refusal
from assistant.query.details import DETAIL_NAMES
from assistant.query.premises import unmet_ordinal, unmet_year
from assistant.query.privacy import without_placeholders
from assistant.query.reading import Reading
from assistant.retrieval import Passage, asked_periods, superseded
from assistant.types import Answer

# A name inside a question: a capitalised word right after a lower-case one ("is Singapore spending",
# "in California"), so that the question word opening a sentence is never taken for one. Not an acronym in
# capitals ("CCTV"): documents spell those out ("closed-circuit television").
_NAME_IN_QUESTION = re.compile(r"(?<=[a-z]\s)[A-Z][a-z][A-Za-z]+\b")
_WORDS = re.compile(r"[A-Za-z]{3,}")
_ASKING_START = re.compile(r"(?:When|What|How|Who|Whose|Which|Where|Why|Is|Are|Was|Were|Does|Do|Did|Can|Could|Will"
                           r"|Would|Should|May)\b")
# A sentence ends at its stop, whatever case follows (chat is often typed in lower case, which
# assistant.text.sentences.split_sentences does not split), or where a capitalised question word starts the
# next one without a stop.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\s+(?=" + _ASKING_START.pattern + ")")
#: A question naming something no document mentions is answered only from a passage at least this similar:
#: answerable questions that do ("ChatGPT-style AI", "like the FDA in America", "Tuen Mun") scored 0.51-0.57 on
#: the suites, "How do I renew a British passport from Hong Kong?" 0.38 against the mixed corpus.
UNKNOWN_NAME_RELEVANCE = 0.45
# The details that are figures: a figure of another year does not answer a question about one year.
_FIGURES = frozenset({"amount", "count", "percentage", "limit"})


def unknown_names(question: str, vocabulary: frozenset[str]) -> list[str]:
    """The names the asking part of ``question`` mentions that no passage does.

    ``vocabulary`` is the corpus's words, case-folded. What the asker says of themselves first ("I live in Tsim
    Sha Tsui.") is not what they ask about.

    >>> unknown_names("How much is Singapore spending on the AI Subsidy Scheme?", frozenset({"subsidy", "scheme"}))
    ['Singapore']
    >>> unknown_names("I work in Tsim Sha Tsui. When does the scheme open?", frozenset({"scheme"}))
    []
    """
    return [name for name in _NAME_IN_QUESTION.findall(asking_part(without_placeholders(question)))
            if name.casefold() not in vocabulary]


def asking_part(question: str) -> str:
    """The sentences of ``question`` that ask (end in "?" or open with a question word), or all of it if none do.

    >>> asking_part("I run a bakery in Sha Tin. What support is there?"), asking_part("Tell me about it")
    ('What support is there?', 'Tell me about it')
    """
    sentences = [part for part in _SENTENCE_BREAK.split(question) if part.strip()]
    asking = [part for part in sentences if part.rstrip().endswith("?") or _ASKING_START.match(part)]
    return " ".join(asking or sentences)


class PlanStep:
    """Sets ``context.plan``, or ends the run with a refusal."""

    name = "plan"

    def __init__(self, composer: ExtractiveComposer, prompts: PromptBuilder, min_relevance: float,
                 evidence_margin: float) -> None:
        self.composer = composer
        self.prompts = prompts
        self.min_relevance = min_relevance
        self.evidence_margin = evidence_margin
        self.vocabulary = frozenset(word.casefold() for chunk in composer.index.chunks
                                    for word in _WORDS.findall(chunk.embedding_text()))

    def decide(self, reading: Reading, query: str, vectors: np.ndarray, passages: list[Passage],
               min_relevance: float | None = None) -> Plan | Answer:
        """The evidence to answer from, or a refusal when the passages do not answer.

        ``min_relevance`` overrides the setting, so calibration can sweep it without retrieving again.
        """
        threshold = self.min_relevance if min_relevance is None else min_relevance
        language = reading.language
        if reading.opinion:
            return refusal(self.prompts, "opinion", passages, language=language)
        best = max((p.dense_score for p in passages if p.dense_score is not None), default=0.0)
        if best < threshold:
            return refusal(self.prompts, "not_in_document", passages, question=query, near=threshold / 2,
                           language=language)
        unknown = language == "en" and bool(unknown_names(query, self.vocabulary))
        if unknown and (reading.detail or best < UNKNOWN_NAME_RELEVANCE):
            return refusal(self.prompts, "not_in_document", passages, question=query, near=threshold / 2,
                           language=language)
        floor = max(threshold, best - self.evidence_margin)
        # Newer policy wins: a passage a newer version replaces is not quoted (the as_of step names it).
        replaced = superseded(passages, asked_periods(query))
        # The first passage, as retrieval ranked it, is evidence however its cosine compares with the others'.
        evidence_passages = [p for p in passages if (p is passages[0] or (p.dense_score is not None
                                                     and p.dense_score >= floor)) and p.row not in replaced]
        unmet = self._unmet_premise(reading, query, evidence_passages)
        if unmet:
            return refusal(self.prompts, "missing_detail", evidence_passages, detail=unmet, question=query,
                           near=threshold / 2, language=language)
        evidence = self.composer.select(query, vectors, evidence_passages, reading.detail)
        if not evidence and reading.detail and evidence_passages:
            # A paragraph split into passages may give the detail in the piece beside the one that matched best.
            rows = {p.row for p in evidence_passages}
            evidence_passages = evidence_passages + [p for p in pieces_beside(evidence_passages[0],
                                                                              self.composer.index, passages)
                                                     if p.row not in rows]
            evidence = self.composer.select(query, vectors, evidence_passages, reading.detail)
        if not evidence:
            return refusal(self.prompts, "missing_detail", evidence_passages,
                           detail=DETAIL_NAMES.get(reading.detail or "", ""), question=query, near=threshold / 2,
                           language=language)
        return Plan(evidence, evidence_passages, language, reading.text)

    @staticmethod
    def _unmet_premise(reading: Reading, query: str, passages: list[Passage]) -> str | None:
        """What the question asks about that the evidence never reaches, as a refusal names it; else ``None``.

        An ordinal ("the second project") none of the passages gives, or, for a question asking a figure, a
        year none of them (nor their documents' titles and dates) gives (:mod:`assistant.query.premises`).
        """
        texts = [p.chunk.embedding_text() for p in passages]  # the passage with its title, headings and date
        ordinal = unmet_ordinal(query, texts)
        if ordinal:
            return f"anything about a {ordinal} one"
        year = unmet_year(reading.years, texts) if reading.detail in _FIGURES else None
        return f"figures for {year}" if year else None

    def run(self, context: AnswerContext) -> Iterable[AnswerEvent]:
        """Plan from the retrieved passages."""
        decided = self.decide(context.reading, context.query, context.vectors, context.passages)
        if isinstance(decided, Answer):
            context.end(decided)
        else:
            context.plan = decided
        return ()
