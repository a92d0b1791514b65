"""What the finder sends back over HTTP and prints with ``--json``: catalogue pages, options, matches.

>>> MatchRequest(needs=["funding"], k=3).profile().needs
['funding']
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.schemes.finder import SchemeFinder
from assistant.schemes.matching import Match, MatchResult
from assistant.schemes.model import Measure
from assistant.schemes.profile import Profile
from assistant.schemes.vocabulary import KINDS, NEEDS, SIZES
from assistant.types import Bureau, Citation

#: Most matches one request may ask for.
MAX_MATCHES = 20


class MatchRequest(Profile):
    """An enterprise profile, and how many measures to return."""

    k: int = Field(5, ge=1, le=MAX_MATCHES, description="Most measures to return.")

    def profile(self) -> Profile:
        """The profile, without ``k``."""
        return Profile.model_validate(self.model_dump(exclude={"k"}))


class MatchedMeasure(BaseModel):
    """One measure for a profile: why it matched and the passage that says so."""

    rank: int
    score: float = Field(description="Higher is a better fit; comparable within one response only.")
    fits: bool = Field(description="Whether it meets the needs and sector given and is about the description.")
    reason: str = Field(description="Why it matched (or falls short), in one sentence.")
    reasons: list[str]
    measure: Measure
    citation: Citation = Field(description="The source passage, as answers cite passages ([n] is its rank).")


class MatchResponse(BaseModel):
    """Ranked fitting measures; when none fits, ``fits`` is false and ``nearest`` holds the closest ones."""

    fits: bool
    message: str
    profile: Profile = Field(description="The profile as understood: needs and size in their canonical words.")
    sectors: list[str] = Field(description="The catalogue sectors the profile's sector was read as.")
    sector_known: bool | None = Field(None, description="Whether the sector given is one the document names "
                                      "(when not, the search used the description); null when none was given.")
    matches: list[MatchedMeasure]
    nearest: list[MatchedMeasure] = Field(default_factory=list)


class CatalogueResponse(BaseModel):
    """Measures passing the filters, in document order."""

    count: int
    sectors: list[str] = Field(default_factory=list, description="What the sector filter was read as.")
    measures: list[Measure]


class NeedOption(BaseModel):
    """A need a profile may name, the kinds of support that meet it, and other words for it."""
    name: str
    kinds: list[str] = Field(description="Kinds of support that meet this need.")
    aliases: list[str]


class Options(BaseModel):
    """The vocabularies a form needs: needs, sizes, kinds, sectors and bureaux."""

    needs: list[NeedOption]
    sizes: list[str]
    kinds: dict[str, str] = Field(description="Kind of support -> what it means.")
    sectors: dict[str, str] = Field(description="Sector label -> the words enterprises use for it.")
    bureaux: list[Bureau]


def _matched(finder: SchemeFinder, rank: int, match: Match) -> MatchedMeasure:
    reason = "; ".join(match.reasons) or "matches the profile"
    return MatchedMeasure(rank=rank, score=match.score, fits=match.fits, reason=reason[0].upper() + reason[1:] + ".",
                          reasons=match.reasons, measure=match.measure,
                          citation=finder.citation(rank, match.measure, match.score))


def match_response(finder: SchemeFinder, result: MatchResult) -> MatchResponse:
    """The response for one match result; citations are numbered by rank."""
    return MatchResponse(
        fits=result.fits, message=result.message, profile=result.profile, sectors=result.sectors,
        sector_known=result.sector_known,
        matches=[_matched(finder, rank, m) for rank, m in enumerate(result.matches, 1)],
        nearest=[_matched(finder, rank, m) for rank, m in enumerate(result.nearest, 1)])


def options(finder: SchemeFinder) -> Options:
    """Every vocabulary the finder accepts, for building a form."""
    codes = dict.fromkeys(b.code for m in finder.catalogue for b in m.bureaux)
    return Options(needs=[NeedOption(name=n.name, kinds=sorted(n.kinds), aliases=list(n.aliases)) for n in NEEDS],
                   sizes=list(dict.fromkeys(SIZES.values())), kinds=KINDS, sectors=finder.catalogue.sectors,
                   bureaux=finder.index.bureaux.describe(list(codes)))
