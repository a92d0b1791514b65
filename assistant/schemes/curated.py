"""The curated file ``corpus/schemes.yaml``: what extraction rules cannot see, each entry tied to a quote.

The file has two parts. ``sectors`` maps each sector label to the words enterprises use for it (profiles
are matched against these). ``measures`` lists entries that enrich a measure the rules found (same name)
or add one they cannot see; each names its source passage by a verbatim ``quote``, and may give ``kinds``,
``sectors``, a plain-language ``summary`` and ``audience`` (who it is for, verbatim from the passage).

Reading the file only checks its shape; :func:`assistant.schemes.catalogue.build_catalogue` checks every
quote against the document.

>>> curated = parse_curated({"sectors": {"construction": "builders"},
...                          "measures": [{"name": "X Fund", "quote": "the X Fund", "kinds": ["fund"]}]}, "s.yaml")
>>> curated.measures[0].kinds, curated.sector_labels
(['fund'], ['construction'])
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.ingest.documents import CorpusError

#: The curated file's name inside the corpus folder.
CURATED_FILE = "schemes.yaml"


class CatalogueError(CorpusError):
    """The catalogue cannot be built: a bad curated file or a quote the document does not contain."""


class CuratedEntry(BaseModel):
    """One curated measure; every field but ``name`` and ``quote`` is optional."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, description="The rules' name for the measure, or a new one.")
    quote: str = Field(min_length=10, description="Verbatim words of the passage the measure comes from.")
    kinds: list[str] = Field(default_factory=list)
    sectors: list[str] = Field(default_factory=list)
    summary: str | None = None
    audience: str | None = Field(None, description="Who it is for, verbatim from the passage.")


class CuratedFile(BaseModel):
    """The whole curated file."""

    model_config = ConfigDict(extra="forbid")

    sectors: dict[str, str] = Field(default_factory=dict, description="Sector label -> words used for it.")
    measures: list[CuratedEntry] = Field(default_factory=list)

    @property
    def sector_labels(self) -> list[str]:
        """The sector labels, in the file's order."""
        return list(self.sectors)


def parse_curated(data: object, origin: str) -> CuratedFile:
    """Validate already-parsed YAML; :class:`CatalogueError` naming ``origin`` and the entry when invalid."""
    try:
        return CuratedFile.model_validate(data or {})
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"])
            if error["loc"][:1] == ("measures",) and len(error["loc"]) > 1 and isinstance(data, dict):
                entry = data["measures"][error["loc"][1]]
                name = entry.get("name", "?") if isinstance(entry, dict) else "?"
                where = f"entry '{name}': {'.'.join(str(p) for p in error['loc'][2:])}"
            problems.append(f"{where}: {error['msg']}")
        raise CatalogueError(f"{origin}: " + "; ".join(problems)) from exc


def load_curated(corpus_dir: Path) -> CuratedFile:
    """The curated file in ``corpus_dir``; an absent file means the rules alone make the catalogue."""
    path = corpus_dir / CURATED_FILE
    if not path.exists():
        return CuratedFile()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{path}: cannot read: {exc}") from exc
    return parse_curated(data, str(path))
