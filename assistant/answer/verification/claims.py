"""What a sentence claims, word by word, against the passage it cites.

A sentence is supported only when its cited passages (with their headings and bureaux) contain every word
that carries its claim. Words are compared as the search index compares them (lower-cased and stemmed by
:func:`assistant.text.tokens.tokenize`, so "subsidies" matches "subsidy"), and they fall into four kinds:

* function words (articles, pronouns, prepositions, auxiliaries) carry no claim and are ignored;
* light words, the few bleached verbs and nouns any paraphrase adds ("help", "use", "aim", "part"), are
  allowed too, since they claim nothing the passage's own verbs do not;
* strict words must be in the passage's own words, whatever the budget: a negation ("not", "never",
  "without"), a reversal of the measure ("cancelled", "suspended", "postponed", "ended"), a number word, or
  the reader addressed ("you", "your"), which turns a description of a measure into an instruction;
* every other word is a content word. Up to ``budget`` content words may be missing from the passage
  (a paraphrase's "worth" for "$3 billion", "government" for an unnamed subject), but only words that are
  generic in this corpus: found in at least ``generic_share`` of its passages. A word the corpus seldom or
  never uses ("scam", "bank", "casino") is a new claim, never a paraphrase. Without corpus statistics any
  content word may use the budget.

The budget and the share were measured on eval/verification/sentences.yaml (eval/verification_report.py
prints the sweep); there is no list of attack phrases here, only kinds of words.

>>> check = ClaimCheck()
>>> passage = "Continue to implement the $3 billion AI Subsidy Scheme to support local institutions."
>>> check.problems("The AI Subsidy Scheme will help local institutions", passage)
[]
>>> check.problems("The AI Subsidy Scheme has been cancelled", passage)
["'cancelled' is not in the cited passage"]
>>> check.problems("Send your bank details to the AI Subsidy Scheme", passage)
["'your' is not in the cited passage", 'words not in the cited passage: send, bank, details']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from assistant.text.tokens import tokenize

_WORD = re.compile(r"[^\W_]+")
_NEGATED_AUXILIARY = re.compile(r"\b(?:(can)|(won)|(shan))'t\b", re.IGNORECASE)
_NOT_SUFFIX = re.compile(r"n't\b", re.IGNORECASE)

def word_set(text: str) -> frozenset[str]:
    """The words of ``text``, split at white space: a word list written as prose."""
    return frozenset(text.split())


# Closed-class words: they link a claim's words and claim nothing themselves. Negations and the second
# person are closed-class too, but they change what is claimed: they are strict words below.
FUNCTION_WORDS = word_set("""
a an the this that these those such i me my mine we us our ours ourselves it its itself they them their theirs
themselves he him his himself she her hers herself who whom whose which what whatever whichever
of in on at by for with from to into onto about as through throughout under within across between among after
before during until upon via up out off over along around towards toward against beyond per
and or but so also than then thus hence therefore whether while if because though although since both either
is are was were be been being am has have had having do does did done will would shall should can could may
might must there here too very well etc e g i ie eg s cent
""")

# Bleached verbs and nouns a paraphrase adds without claiming anything; the passage's own content words
# still have to be there. "responsible" is how the prompt and the draft introduce a measure's bureaux;
# "according", "document" and "source" refer to the passage itself.
LIGHT_WORDS = word_set("""
use help get make take give set put bring turn start begin go come need run work let offer plan aim able due
part number people way place provide include allow mean add reach together order various several responsible
goal objective purpose want intend approach thanks according document source passage measure state mention say
describe explain
""")

# Words that turn a claim around or address the reader: never a paraphrase of a passage without them.
NEGATIONS = word_set("not no never none nor neither nothing nobody nowhere without cannot")
SECOND_PERSON = word_set("you your yours yourself yourselves")
NUMBER_WORDS = word_set("""zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
thousand million billion trillion dozen half double triple""")
# Verbs of ending, stopping and taking back (and the adjectives made from them): the reversals of a measure.
REVERSALS = word_set("""cancel cancelled canceled cancellation suspend suspended suspension terminate terminated
termination discontinue discontinued halt halted stop stopped cease ceased end ended close closed closure
withdraw withdrawn withdrew abolish abolished scrap scrapped drop dropped abandon abandoned postpone postponed
delay delayed defer deferred revoke revoked reject rejected ban banned shut freeze frozen cut reduce reduced
""")
STRICT_WORDS = NEGATIONS | SECOND_PERSON | NUMBER_WORDS | REVERSALS

_FUNCTION_TOKENS = frozenset(tokenize(" ".join(FUNCTION_WORDS)))
# Stems this long that differ in at most this many final letters are one word (see _stem_variant).
_MIN_STEM, _MAX_ENDING = 5, 2


def plain_words(text: str) -> list[str]:
    """Lower-cased words, with "n't" spelled out ("doesn't" gives "does", "not")."""
    text = text.replace("\u2019", "'")
    text = _NEGATED_AUXILIARY.sub(lambda m: f"{m.group(1) or ('will' if m.group(2) else 'shall')} not", text)
    return _WORD.findall(_NOT_SUFFIX.sub(" not", text).lower())


@lru_cache(maxsize=1024)
def _passage_words(evidence: str) -> tuple[frozenset[str], frozenset[str]]:
    """The evidence's words as written (for strict words) and as tokens; cached, a passage is checked often."""
    words = plain_words(evidence)
    return frozenset(words), frozenset(tokenize(" ".join(words)))


@dataclass(frozen=True)
class Vocabulary:
    """How widespread each token is in a corpus: the share of its passages that contain it."""

    shares: dict[str, float]

    @classmethod
    def of(cls, texts: Iterable[str], sample: int = 2000) -> Vocabulary:
        """Shares measured over ``texts`` (an even sample of at most ``sample`` of them)."""
        texts = list(texts)
        picked = texts[::max(1, len(texts) // sample)]
        counts: dict[str, int] = {}
        for text in picked:
            for token in set(tokenize(" ".join(plain_words(text)))):
                counts[token] = counts.get(token, 0) + 1
        return cls({token: count / len(picked) for token, count in counts.items()} if picked else {})

    def share(self, token: str) -> float:
        """Share of the passages that use ``token`` (0 for a word the corpus never uses)."""
        return self.shares.get(token, 0.0)


class ClaimCheck:
    """Finds the words of a sentence that its cited passage does not support."""

    def __init__(self, vocabulary: Vocabulary | None = None, budget: int = 1, generic_share: float = 0.04,
                 free_words: Iterable[str] = (), light_words: Iterable[str] = LIGHT_WORDS) -> None:
        self.vocabulary = vocabulary
        self.budget = budget
        self.generic_share = generic_share
        # ``free_words``: the words of names so common in the corpus ("Hong Kong") that they claim nothing.
        self.free_tokens = frozenset(tokenize(" ".join([*free_words, *light_words]))) | _FUNCTION_TOKENS

    def problems(self, sentence: str, evidence: str) -> list[str]:
        """What in ``sentence`` the ``evidence`` does not support; empty when it supports all of it."""
        words = list(dict.fromkeys(plain_words(sentence)))
        evidence_words, evidence_tokens = _passage_words(evidence)
        strict = [w for w in words if w in STRICT_WORDS]
        problems = [f"'{w}' is not in the cited passage" for w in strict if w not in evidence_words]
        tokens = list(dict.fromkeys(tokenize(" ".join(w for w in words if w not in STRICT_WORDS))))
        claimed = [t for t in tokens if t not in _FUNCTION_TOKENS]
        if not claimed and not strict:
            return ["it claims nothing the cited passage could support"]
        # Numbers are checked as facts, with their formatting; here only words count.
        missing = [t for t in claimed if t not in evidence_tokens and t not in self.free_tokens and not t.isdigit()
                   and not _stem_variant(t, evidence_tokens)]
        if len(missing) > self.budget or not all(map(self._generic, missing)):
            problems.append(f"words not in the cited passage: {', '.join(_as_written(missing, words))}")
        return problems

    def _generic(self, token: str) -> bool:
        return self.vocabulary is None or self.vocabulary.share(token) >= self.generic_share


def _stem_variant(token: str, evidence_tokens: frozenset[str]) -> bool:
    """Whether an evidence token is the same word stemmed differently.

    The Snowball stemmer gives "applying" 'appli' but "application" 'applic', "trialled" 'triall' but
    "trial" 'trial'. Such stems share a long beginning and differ only in their last letter or two.
    """
    if len(token) < _MIN_STEM:
        return False
    return any(other.startswith(token[:_MIN_STEM])
               and _common_length(token, other) >= max(len(token), len(other)) - _MAX_ENDING
               for other in evidence_tokens)


def _common_length(first: str, second: str) -> int:
    """How many letters two words share from the start."""
    shorter = min(len(first), len(second))
    return next((i for i in range(shorter) if first[i] != second[i]), shorter)


def _as_written(tokens: list[str], words: list[str]) -> list[str]:
    """The sentence's own words for ``tokens`` (their stems), for a message a person can read."""
    written = {}
    for word in words:
        stems = tokenize(word)
        if stems and stems[0] in tokens:
            written.setdefault(stems[0], word)
    return [written.get(t, t) for t in tokens]
