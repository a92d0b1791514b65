"""Answer a support-seeking chat question ("what funding could my logistics start-up get?") from the catalogue.

Such a question wants a list of the measures that fit the asker, not the one passage closest to its words.
:func:`is_support_question` tells these questions apart: they ask for support (funding, grants, subsidies,
incentives, help ...) for the asker's own enterprise or for enterprises like it, and name no particular
measure (a question about the AI Subsidy Scheme is answered from its passage as usual).
:func:`answer_support_question` reads a profile from the question (its sector words and size; the question
itself as the description), matches it, and writes a cited list in the usual answer object.

>>> is_support_question("What funding could my logistics start-up get?")
True
>>> is_support_question("How much is the AI Subsidy Scheme for my start-up?")
False
>>> is_support_question("When does the CorpID Platform launch?")
False
"""

from __future__ import annotations

import re

from assistant.schemes import rules
from assistant.schemes.finder import SchemeFinder
from assistant.schemes.model import amount_text
from assistant.schemes.profile import Profile
from assistant.schemes.vocabulary import SIZES, normalise
from assistant.text.markers import cite
from assistant.types import Answer, Citation

_I = re.IGNORECASE
_SUPPORT = re.compile(r"\b(?:fund(?:s|ing)?|grants?|subsid(?:y|ies|ise|ize|ised|ized)|money|financ(?:e|ing)|"
                      r"incentives?|sweeteners?|support|help|schemes?|tax (?:breaks?|concessions?)|loans?|"
                      r"investors?|investment|sandbox|computing power)\b", _I)
_BUSINESS = (r"(?:company|companies|business(?:es)?|firms?|start-?ups?|SMEs?|enterprises?|factory|factories|"
             r"lab|shop|team|practice|venture|manufacturer|contractor)")
_ENTERPRISE = re.compile(
    rf"\b(?:my|our)\s+(?:\w+[\s-]+){{0,3}}?{_BUSINESS}\b"       # my logistics start-up, our small firm
    rf"|\b(?:we(?:'re| are)|i(?:'m| am)|i run|i own|we run)\s+(?:a|an)\b"  # we're a ..., I run a ...
    rf"|\b(?:like (?:mine|ours))\b"
    rf"|\bfor\s+(?:\w+[\s-]+){{0,2}}?(?:companies|businesses|firms|start-?ups|SMEs|enterprises)\b", _I)
# "We run a hair salon", "our logistics start-up ...": the words naming the asker's own business.
_OWN_BUSINESS = re.compile(r"\b(?:we(?:'re| are| run)|i(?:'m| am| run| own))\s+(?:a|an)\s+"
                           r"(?P<a>[\w-]+(?:\s+[\w-]+){0,2})|\b(?:my|our)\s+(?P<b>[\w-]+(?:\s+[\w-]+){0,2})", _I)
_PHRASE_END = re.compile(r"\s+(?:and|that|who|which|is|are|has|have|was|were|to|for|in|on|with|get|could|can)\b.*",
                         _I)
_SIZE_WORDS = re.compile(r"\b(start-?ups?|small|medium|mid-sized|SMEs?|multinational|large)\b", _I)
#: Most measures a chat answer lists.
CHAT_MEASURES = 5


def is_support_question(question: str) -> bool:
    """Whether ``question`` asks what support the asker's enterprise (or enterprises like it) could get."""
    return (bool(_SUPPORT.search(question)) and bool(_ENTERPRISE.search(question))
            and not rules.named_measures(question))


def own_business(question: str) -> str | None:
    """The words the asker uses for its own business ("hair salon", "logistics start-up"), if any."""
    for match in _OWN_BUSINESS.finditer(question):
        phrase = _PHRASE_END.sub("", match.group("a") or match.group("b")).strip(" .,?!")
        # "We're a ..." always describes the business; "my ..." only when a business word follows ("my boss").
        if phrase and (match.group("a") or re.search(rf"\b{_BUSINESS}\b", phrase, _I)):
            return phrase
    return None


def profile_from_question(question: str, finder: SchemeFinder) -> Profile:
    """The question as a profile: its sector, the size it states, and itself as the description.

    The sector is the asker's words for its business when it names one (so "we run a hair salon" keeps
    sector-specific measures out), else the catalogue sectors the question's words name.
    """
    sector = own_business(question) or ", ".join(finder.matcher.sectors.lexical(question)) or None
    size_word = _SIZE_WORDS.search(question)
    size = SIZES.get(normalise(size_word.group(1)).rstrip("s")) if size_word else None
    return Profile(sector=sector, size=size, description=question)


def answer_support_question(question: str, finder: SchemeFinder) -> Answer:
    """A cited list of the measures that fit the asker, or an honest "nothing fits" with the nearest ones."""
    result = finder.match(profile_from_question(question, finder), CHAT_MEASURES)
    listed = result.matches or result.nearest
    citations = [finder.citation(n, m.measure, m.score) for n, m in enumerate(listed, 1)]
    lines = [_opening(result.fits, result.sectors)]
    for n, match in enumerate(listed, 1):
        measure = match.measure
        amount = f" ({amount_text(measure.amount_hkd)})" if measure.amount_hkd else ""
        lines.append(f"- {measure.name}{amount}: {cite(measure.summary, n)}")
    responsible = _responsible(citations)
    if responsible:
        lines.append(responsible)
    return Answer(answer="\n".join(lines), citations=citations, backend="extractive", query=question,
                  topics=[m.measure.name for m in listed] if not result.fits else [])


def _opening(fits: bool, sectors: list[str]) -> str:
    where = f" (read as {' and '.join(sectors)})" if sectors else ""
    if fits:
        return f"These support measures in the document could fit an enterprise like yours{where}:"
    return (f"Nothing in the document is aimed at an enterprise like yours{where}. "
            "The nearest support measures it names are:")


def _responsible(citations: list[Citation]) -> str:
    """One line naming the bureaux behind the listed measures, each cited."""
    named: dict[str, list[int]] = {}
    for citation in citations:
        for bureau in citation.bureaux:
            named.setdefault(f"{bureau.name} ({bureau.code})", []).append(citation.n)
    parts = [f"{name} {''.join(f'[{n}]' for n in ns)}" for name, ns in named.items()]
    return f"Responsible: {'; '.join(parts)}." if parts else ""
