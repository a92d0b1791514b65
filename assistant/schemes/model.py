"""The catalogue's records: a support measure, the passage it comes from, and the catalogue itself.

Pydantic models, so the HTTP API publishes them in its OpenAPI schema and the CLI prints them as JSON.

>>> measure = Measure(id="x", name="X Fund", kinds=["fund"], summary="A fund.", origin="rules",
...                   source=Source(id="c1", text="Launch the X Fund. (ITIB)", section="Policy"))
>>> Catalogue([measure]).get("x").name
'X Fund'
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, Field

from assistant.types import Bureau

#: Sector label of a measure open to enterprises of any sector.
ANY_SECTOR = "any"


class Source(BaseModel):
    """The passage of the document a measure comes from, verbatim."""

    id: str = Field(description="Chunk id of the passage.")
    text: str = Field(description="The passage as the document words it, bureau tag included.")
    section: str = Field(description="Heading path, Chapter > Section > Subsection.")


class Measure(BaseModel):
    """One support measure an enterprise could use."""

    id: str = Field(description="Stable id derived from the name, e.g. ai-subsidy-scheme.")
    name: str
    kinds: list[str] = Field(description="Kinds of support it gives (see GET /api/schemes/options).")
    amount_hkd: float | None = Field(None, description="Amount in HK dollars, when the document gives one.")
    bureaux: list[Bureau] = Field(default_factory=list, description="Responsible bureaux, full names.")
    audience: str | None = Field(None, description="Who it is for, in the document's own words.")
    sectors: list[str] = Field(default_factory=list, description=f"Sectors it serves; '{ANY_SECTOR}' for all.")
    timeline: list[str] = Field(default_factory=list, description="When, as the document says it.")
    summary: str = Field(description="What it offers, in plain language.")
    source: Source
    origin: str = Field(description="'rules' (found by extraction rules), 'curated', or 'rules+curated'.")


_SCALES = ((1e9, "billion"), (1e6, "million"))


def amount_text(amount: float) -> str:
    """An amount as the document would write it: ``3e9`` -> ``"HK$3 billion"``.

    >>> amount_text(3e9), amount_text(2.5e6), amount_text(800)
    ('HK$3 billion', 'HK$2.5 million', 'HK$800')
    """
    for scale, word in _SCALES:
        if amount >= scale:
            return f"HK${amount / scale:g} {word}"
    return f"HK${amount:,.0f}"


def slug(name: str) -> str:
    """A measure id from its name: ``"Cyberport's AI Centre"`` -> ``"cyberports-ai-centre"``, ``+`` -> plus."""
    words = re.sub(r"['’\"]", "", name.lower()).replace("+", " plus ")
    return re.sub(r"[^a-z0-9]+", "-", words).strip("-")


class Catalogue:
    """The measures in document order, with lookups and filters, and the sector vocabulary they use.

    ``sectors`` maps each sector label to the words enterprises use for it.
    """

    def __init__(self, measures: list[Measure], sectors: dict[str, str] | None = None) -> None:
        self.measures = measures
        self.sectors = sectors or {}
        self._by_id = {m.id: m for m in measures}

    def __iter__(self) -> Iterator[Measure]:
        return iter(self.measures)

    def __len__(self) -> int:
        return len(self.measures)

    def get(self, measure_id: str) -> Measure | None:
        """The measure with this id, or ``None``."""
        return self._by_id.get(measure_id)

    def filter(self, kind: str | None = None, bureau: str | None = None,
               sectors: set[str] | None = None) -> list[Measure]:
        """Measures of ``kind``, run by ``bureau`` (code or part of the name), serving any of ``sectors``.

        A measure open to every sector serves any sector asked for.
        """
        bureau_key = (bureau or "").casefold()
        return [m for m in self.measures
                if (kind is None or kind in m.kinds)
                and (not bureau_key or any(bureau_key == b.code.casefold() or bureau_key in b.name.casefold()
                                           for b in m.bureaux))
                and (sectors is None or ANY_SECTOR in m.sectors or bool(sectors & set(m.sectors)))]
