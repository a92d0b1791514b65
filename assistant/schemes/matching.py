"""Rank the catalogue's measures for an enterprise profile, and say why each one matched.

Structured matching and meaning work together. A need is met by the kinds of support that answer it
(funding: fund, subsidy, patient capital); a sector, read into the catalogue's sector labels, is served by
measures tagged with it or open to any sector; the description is compared with each measure (its
name, summary and passage, embedded once when first needed). The score adds the three; a measure *fits*
only if it meets a need named, serves the sector named and is not far in meaning from the description.
When nothing fits the result says so and offers the nearest measures instead. The reasons are worded by
``prompts/match_reasons.j2``, for the measures returned only.

>>> matcher = SchemeMatcher(catalogue, embedder, prompts)                                # doctest: +SKIP
>>> matcher.match(Profile(sector="construction", needs=["funding"])).matches[0].measure.id   # doctest: +SKIP
'construction-innovation-and-technology-fund'
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from assistant.answer.prompts import PromptLibrary
from assistant.index.embedding import Embedder
from assistant.query.encoding import query_phrasings
from assistant.schemes.model import ANY_SECTOR, Catalogue, Measure
from assistant.schemes.profile import Profile
from assistant.schemes.sectors import SectorResolver
from assistant.schemes.vocabulary import parse_need
from assistant.text.sentences import split_sentences
from assistant.text.tokens import tokenize

# Weights of the score's parts. Meaning leads, so two measures that meet the same need are told apart by
# what the enterprise wrote; a met need or a served sector lifts a measure above one that is merely similar.
SIMILARITY_WEIGHT = 1.0
NEED_WEIGHT = 0.35
SECTOR_WEIGHT = 0.25
SIZE_WEIGHT = 0.05
# Below this cosine a measure is not about what the enterprise described, unless its sector says it is.
MIN_SIMILARITY = 0.30
# A measure of the enterprise's own sector that meets its needs may be further in wording, not in topic.
MIN_SIMILARITY_SECTOR = 0.15
# A fitting measure this much less similar to the description than the most similar fitting one is dropped:
# it meets the needs on paper but is about something else.
SIMILARITY_MARGIN = 0.25
#: How many nearest measures a profile that fits nothing is offered.
NEAREST = 3
_SME = re.compile(r"small and medium|SMEs?\b", re.I)
_INSTITUTIONS_ONLY = re.compile(r"\b(?:subsidised|academic|research) institutions\b")
_ENTERPRISES = re.compile(r"enterprises|companies|firms|businesses")


#: The template that words the reasons and the result's message.
REASONS_TEMPLATE = "match_reasons.j2"


class Reason(NamedTuple):
    """One reason before it is worded: its kind and what it names (see ``prompts/match_reasons.j2``)."""

    kind: str
    values: dict[str, object]


@dataclass(frozen=True)
class _Scored:
    """A measure's score and fit for a profile, with its reasons not yet worded."""

    measure: Measure
    score: float
    fits: bool
    reasons: list[Reason]
    similarity: float | None


@dataclass(frozen=True)
class Match:
    """One measure's score for a profile, its parts, and the reasons in words."""

    measure: Measure
    score: float
    fits: bool
    reasons: list[str]
    similarity: float | None


@dataclass
class MatchResult:
    """Ranked fitting measures, or none and the nearest ones; ``sectors`` are the labels read from the profile."""

    profile: Profile
    fits: bool
    message: str
    matches: list[Match]
    nearest: list[Match] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    #: Whether the profile's sector is one the catalogue knows; ``None`` when it gave none.
    sector_known: bool | None = None


def measure_texts(measure: Measure) -> list[str]:
    """What is embedded for a measure: its name and summary, its passage, and each summary sentence.

    A measure that offers several things ("recommends funding schemes ... It will also answer enquiries")
    is found by a description of any one of them; its score is its best cosine over these texts. The
    passage is embedded here without its heading path (unlike the index's vector), which would pull every
    measure of one section towards the same point.
    """
    sentences = split_sentences(measure.summary)
    return [f"{measure.name}. {measure.summary}", measure.source.text, *(sentences if len(sentences) > 1 else [])]


class SchemeMatcher:
    """Matches profiles against one catalogue; measure vectors are computed once, on first use."""

    def __init__(self, catalogue: Catalogue, embedder: Embedder, prompts: PromptLibrary) -> None:
        self.catalogue = catalogue
        self.embedder = embedder
        self.prompts = prompts
        self.sectors = SectorResolver(catalogue.sectors, embedder)
        self._vectors: np.ndarray | None = None
        self._rows = np.zeros(0, dtype=np.int64)
        self._lock = threading.Lock()

    def _measure_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """Unit vectors of every measure's texts, and the catalogue row each vector belongs to."""
        with self._lock:
            if self._vectors is None:
                texts = [measure_texts(m) for m in self.catalogue]
                self._rows = np.repeat(np.arange(len(texts)), [len(t) for t in texts])
                self._vectors = self.embedder.encode([t for group in texts for t in group])
            return self._vectors, self._rows

    def warm(self) -> None:
        """Embed the measures now rather than on the first match."""
        self._measure_vectors()

    @property
    def warmed(self) -> bool:
        """Whether the measures are embedded already."""
        return self._vectors is not None

    def similarities(self, text: str) -> np.ndarray:
        """Each measure's best cosine between ``text`` (or one of its sentences) and one of its texts."""
        vectors, rows = self._measure_vectors()
        cosines = (self.embedder.encode(query_phrasings(text)) @ vectors.T).max(axis=0)
        best = np.full(len(self.catalogue), -1.0, dtype=np.float32)
        np.maximum.at(best, rows, cosines)
        return best

    def match(self, profile: Profile, k: int = 5) -> MatchResult:
        """The best ``k`` fitting measures for ``profile``, or the nearest when none fits.

        A sector the catalogue does not know ("hair salon") is said so, and the search is done on the
        description (on the sector's own words when there is no description): measures open to any sector
        may fit, those the document aims at another sector do not.
        """
        sectors = self.sectors.resolve(profile.sector) if profile.sector else []
        known = None if not profile.sector else bool(sectors)
        searched = profile if known is not False or profile.description else profile.model_copy(
            update={"description": profile.sector})
        similarities = self.similarities(searched.description) if searched.description else None
        scored = [self._score(searched, measure, sectors, None if similarities is None else float(similarities[i]))
                  for i, measure in enumerate(self.catalogue)]
        ranked = sorted(scored, key=lambda m: -m.score)
        fitting = _within_margin([m for m in ranked if m.fits])[:k]
        outcome = Reason("fits", {"count": len(fitting)}) if fitting else Reason("nothing_fits", {})
        message = self._word(outcome)
        if known is False:
            message = f"{self._word(Reason('unknown_sector', {}))} {message}"
        if fitting:
            return MatchResult(profile, True, message, [self._worded(m) for m in fitting], sectors=sectors,
                               sector_known=known)
        return MatchResult(profile, False, message, [], [self._worded(m) for m in ranked[:NEAREST]], sectors,
                           sector_known=known)

    def _word(self, reason: Reason) -> str:
        return self.prompts.render(REASONS_TEMPLATE, kind=reason.kind, **reason.values)

    def _worded(self, scored: _Scored) -> Match:
        return Match(scored.measure, scored.score, scored.fits, [self._word(r) for r in scored.reasons],
                     scored.similarity)

    def _score(self, profile: Profile, measure: Measure, sectors: list[str], similarity: float | None) -> _Scored:
        need_fit, need_reasons = _need_fit(profile, measure)
        sector_fit, sector_reason = _sector_fit(profile, measure, sectors)
        size_fit, size_reason = _size_fit(profile, measure)
        floor = MIN_SIMILARITY_SECTOR if sector_fit == 1.0 else MIN_SIMILARITY
        close = similarity is None or similarity >= floor
        fits = (close and size_fit > -1 and (need_fit is None or need_fit > 0)
                and (sector_fit is None or sector_fit > 0))
        score = (SIMILARITY_WEIGHT * (similarity or 0.0) + NEED_WEIGHT * (need_fit or 0.0)
                 + SECTOR_WEIGHT * (sector_fit or 0.0) + SIZE_WEIGHT * size_fit)
        reasons = [*need_reasons, sector_reason, size_reason, _similarity_reason(profile, measure, similarity, close)]
        return _Scored(measure, round(score, 6), fits, [r for r in reasons if r], similarity)


def _within_margin(fitting: list[_Scored]) -> list[_Scored]:
    """Drop fitting measures far less similar to the description than the most similar one."""
    similarities = [m.similarity for m in fitting if m.similarity is not None]
    if not similarities:
        return fitting
    floor = max(similarities) - SIMILARITY_MARGIN
    return [m for m in fitting if m.similarity is None or m.similarity >= floor]


def _need_fit(profile: Profile, measure: Measure) -> tuple[float | None, list[Reason]]:
    """Share of the profile's needs the measure meets, and a reason per need met or missed."""
    if not profile.needs:
        return None, []
    met = []
    for name in profile.needs:
        kinds = sorted(parse_need(name).kinds & set(measure.kinds))
        if kinds:
            met.append(Reason("need_met", {"need": name, "kinds": kinds}))
    if not met:
        return 0.0, [Reason("need_missed", {"needs": profile.needs, "kinds": measure.kinds})]
    return len(met) / len(profile.needs), met


def _sector_fit(profile: Profile, measure: Measure, sectors: list[str]) -> tuple[float | None, Reason | None]:
    """1 for a measure tagged with the profile's sector, 0.5 for one open to any sector, else 0.

    The reason names catalogue sectors only, never the profile's own words: those would let whoever
    writes a profile put any text ("apply at https://...") into the service's answer.
    """
    if not profile.sector:
        return None, None
    shared = [s for s in sectors if s in measure.sectors]
    if shared:
        return 1.0, Reason("sector_served", {"sectors": shared})
    if ANY_SECTOR in measure.sectors:
        return 0.5, Reason("any_sector", {})
    aimed_at = ", ".join(measure.sectors) or "no stated sector"
    return 0.0, Reason("sector_missed", {"aimed_at": aimed_at, "sectors": sectors})


def _size_fit(profile: Profile, measure: Measure) -> tuple[float, Reason | None]:
    """1 when the document names the enterprise's size; -1 (does not fit) when it names only institutions.

    A profile with a size is an enterprise; a measure the document states is for institutions (a
    university, say) is not open to it.
    """
    audience = measure.audience or ""
    if not profile.size or not audience:
        return 0.0, None
    if profile.size != "large" and _SME.search(audience):
        return 1.0, Reason("sme", {})
    if _INSTITUTIONS_ONLY.search(audience) and not _ENTERPRISES.search(audience):
        return -1.0, Reason("institutions_only", {"audience": audience})
    return 0.0, None


def _similarity_reason(profile: Profile, measure: Measure, similarity: float | None, close: bool) -> Reason | None:
    """How the description relates to the measure, with the words it shares as the passage writes them."""
    if similarity is None:
        return None
    shared = _shared_words(profile.description or "", measure.source.text)
    return Reason("similarity", {"close": close, "similarity": similarity, "shared": shared})


def _shared_words(description: str, passage: str, limit: int = 4) -> list[str]:
    """Words of the passage whose stems the description also uses, as the passage writes them."""
    wanted = set(tokenize(description))
    seen: dict[str, str] = {}
    for word in re.findall(r"[A-Za-z][\w-]+", passage):
        stems = tokenize(word)
        if stems and stems[0] in wanted and stems[0] not in seen:
            seen[stems[0]] = word
    return list(seen.values())[:limit]
