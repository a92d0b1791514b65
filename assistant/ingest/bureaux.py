"""The bureaux and offices responsible for measures: tag parsing and full names.

Each measure in the policy document ends with a tag such as ``(FSO, CEDB and relevant bureaux)``. The tag
says who answers for the measure, so the chunker keeps it as data and answers can name the bureau in full.

>>> directory = BureauDirectory({"ITIB": "Innovation, Technology and Industry Bureau", "TLB": "Transport Bureau"})
>>> directory.split_tag("Launch a fund. (TLB, ITIB and relevant bureaux)")
('Launch a fund.', ('TLB', 'ITIB'))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

_TRAILING_TAG = re.compile(r"\s*\(([^()]+)\)\s*$")
_TAG_SEPARATORS = re.compile(r",|\band\b")
_OTHER_BUREAUX = "relevant bureaux"


@dataclass(frozen=True)
class BureauDirectory:
    """Bureau tag -> full name, read from ``corpus/bureaux.yaml``."""

    names: dict[str, str]

    @classmethod
    def load(cls, path: Path) -> BureauDirectory:
        """Read the YAML mapping (tag to name, or to ``{name, ...}``); a missing file means no tags are recognised."""
        if not path.exists():
            return cls({})
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping of tag to name")
        # A tag maps to its name, or to a mapping with its name and contact data; "_" keys are not tags.
        return cls({str(code): str(entry["name"] if isinstance(entry, dict) else entry)
                    for code, entry in data.items() if not str(code).startswith("_")})

    def split_tag(self, text: str) -> tuple[str, tuple[str, ...]]:
        """Return the text without its trailing bureau tag, and the tags in it.

        Brackets at the end that are not made only of known tags (an abbreviation, say) are left alone.
        """
        match = _TRAILING_TAG.search(text)
        if not match:
            return text, ()
        parts = [p.strip() for p in _TAG_SEPARATORS.split(match.group(1)) if p.strip()]
        codes = tuple(p for p in parts if p in self.names)
        if not codes or any(p not in self.names and p != _OTHER_BUREAUX for p in parts):
            return text, ()
        return text[: match.start()].rstrip(), codes

    def describe(self, codes: tuple[str, ...] | list[str]) -> list[dict[str, str]]:
        """``[{code, name}]`` for the given tags, in their order."""
        return [{"code": code, "name": self.names.get(code, code)} for code in codes]
