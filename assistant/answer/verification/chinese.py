"""What a Chinese sentence claims, against the English passage it cites.

A backend asked in Chinese answers in Chinese from English passages, so its words cannot be found in the
passage as they are. They are checked through the glossary and the dictionary instead:

* every amount ("30億元", "三百億") must be one the passage gives ($3 billion);
* every glossary name ("人工智能資助計劃") must be named in the passage, by any of its English forms;
* a negation (不, 沒有, 未, 唔) needs a negation in the passage, and a reversal (取消, 暫停, 延遲...) or the
  reader addressed (你, 您) needs the same word in English there;
* every other topic word must have a dictionary sense among the passage's words (CC-CEDICT, through
  :meth:`assistant.query.crosslang.CrossLanguage.glosses`), except a few words generic in this corpus: a word
  such as 貪污 (corruption) or 騙局 (scam) that the passage does not support is a new claim, never a paraphrase.

>>> from assistant.query.bilingual import BilingualGlossary
>>> glossary = BilingualGlossary.from_data({"entries": [{"en": "AI Subsidy Scheme", "zh_hant": ["人工智能資助計劃"]},
...                                                     {"en": "Cyberport", "zh_hant": ["數碼港"]}],
...                                         "terms": [{"zh_hant": ["計劃"], "en": ["scheme"]}]})
>>> check = ChineseClaims(CrossLanguage(glossary))
>>> passage = "Continue to implement the $3 billion AI Subsidy Scheme to support local institutions."
>>> check.problems("政府會繼續實施30億元的人工智能資助計劃，支援本地機構", passage)
[]
>>> check.problems("人工智能資助計劃有三百億，已經取消", passage)
['amount 300億元 is not in the cited passage', "'取消' has no counterpart in the cited passage"]
>>> check.problems("數碼港的計劃是騙局", passage)
["name '數碼港' (Cyberport) is not in the cited passage", 'words not in the cited passage: 骗局']
"""

from __future__ import annotations

import re

from assistant.answer.verification.claims import NEGATIONS, SECOND_PERSON, Vocabulary, plain_words
from assistant.query.crosslang import CrossLanguage
from assistant.text.chinese import chinese_amount_text, chinese_amounts, fold
from assistant.text.facts import money_amounts
from assistant.text.tokens import tokenize

# Negations (folded spelling): not the 不 of 不斷 (continually) or 不少 (many), the 未 of 未來 (future), the 無
# of 無人機 (drone). Any English negation in the passage answers them.
_NEGATION = re.compile(r"不(?!断|少|同|仅|但|久|论|时|单|过)|没有|没|未(?!来)|无(?!人机|人驾驶|线)|冇|唔|勿")
# Reversals and the reader addressed, with the English stems the passage must have for each.
_COUNTERPARTS = {
    "取消": ("cancel",), "暂停": ("suspend",), "终止": ("terminat",), "停止": ("stop", "ceas", "halt"),
    "中止": ("suspend", "halt"), "延迟": ("delay", "postpon", "defer"), "推迟": ("delay", "postpon", "defer"),
    "押后": ("postpon", "defer"), "搁置": ("shelv", "suspend"), "撤回": ("withdr",), "废除": ("abolish",),
    "叫停": ("halt", "stop"), "削减": ("cut", "reduc"), "冻结": ("freez", "frozen"), "你": tuple(SECOND_PERSON),
    "您": tuple(SECOND_PERSON), "阁下": tuple(SECOND_PERSON),
}
_STRICT = re.compile("|".join(_COUNTERPARTS))
# Topic words without support allowed, if each is generic in the corpus (its senses' words are common there).
_BUDGET = 1
_GENERIC_SHARE = 0.04


class ChineseClaims:
    """Checks a Chinese sentence's amounts, names, strict words and topic words against an English passage."""

    def __init__(self, translator: CrossLanguage, vocabulary: Vocabulary | None = None) -> None:
        self.translator = translator
        self.vocabulary = vocabulary

    def problems(self, sentence: str, evidence: str) -> list[str]:
        """What in the Chinese of ``sentence`` the ``evidence`` does not support; empty when it supports all."""
        return (self._amounts(sentence, evidence) + self._names(sentence, evidence)
                + self._strict(sentence, evidence) + self._words(sentence, evidence))

    @staticmethod
    def _amounts(sentence: str, evidence: str) -> list[str]:
        given = set(money_amounts(evidence)) | set(chinese_amounts(evidence))
        return [f"amount {chinese_amount_text(a)} is not in the cited passage"
                for a in chinese_amounts(sentence) if a not in given]

    def _names(self, sentence: str, evidence: str) -> list[str]:
        folded = evidence.casefold()
        return [f"name '{span}' ({name.english}) is not in the cited passage"
                for span, name in self.translator.glossary.names_in(sentence)
                if not span.isascii() and not any(f.casefold() in folded for f in name.english_forms)]

    @staticmethod
    def _strict(sentence: str, evidence: str) -> list[str]:
        words = plain_words(evidence)
        folded = fold(sentence)
        problems = []
        if _NEGATION.search(folded) and not NEGATIONS & set(words):
            problems.append(f"'{_NEGATION.search(folded).group()}' has no counterpart in the cited passage")
        for strict in dict.fromkeys(_STRICT.findall(folded)):
            if not any(w.startswith(_COUNTERPARTS[strict]) for w in words):
                problems.append(f"'{strict}' has no counterpart in the cited passage")
        return problems

    def _words(self, sentence: str, evidence: str) -> list[str]:
        evidence_tokens = set(tokenize(evidence))
        missing = []
        for word, senses in self.translator.glosses(sentence):
            tokens = set(tokenize(" ".join(senses)))
            if tokens and not tokens & evidence_tokens and not _STRICT.fullmatch(word):
                missing.append((word, tokens))
        generic = all(self._generic(tokens) for _, tokens in missing)
        if len(missing) > _BUDGET or not generic:
            return [f"words not in the cited passage: {', '.join(word for word, _ in missing)}"]
        return []

    def _generic(self, tokens: set[str]) -> bool:
        return self.vocabulary is not None and any(self.vocabulary.share(t) >= _GENERIC_SHARE for t in tokens)
