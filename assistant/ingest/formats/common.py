"""What every loader shares: front matter, Markdown tables, heading anchors, boilerplate that is never a title.

>>> print(markdown_table([["Programme", "Projects"], ["ITSP", "2268"]]))
| Programme | Projects |
| --- | --- |
| ITSP | 2268 |
>>> is_boilerplate("Skip to main content"), is_boilerplate("Budget Speech")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import yaml

# Lines a web page, PDF or template puts around a document's content: never a document's title.
_BOILERPLATE = re.compile(
    r"^\s*(?:skip to (?:main )?content|skip navigation|jump to|menu|home|search|sitemap|cookies?\b|"
    r"this (?:web)?site uses cookies|accept|back to top|print|share|important notices?|privacy policy|"
    r"copyright|disclaimer|untitled|microsoft word|document\d*|\(unspecified\))", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Whitespace collapsed to single spaces, ends stripped."""
    return _SPACE.sub(" ", text or "").strip()


def is_boilerplate(line: str) -> bool:
    """Whether a line is site furniture or a placeholder rather than a title."""
    return not clean(line) or bool(_BOILERPLATE.match(line))


def first_title(*candidates: str | None) -> str | None:
    """The first candidate that is a real title (not empty, not boilerplate)."""
    return next((clean(c) for c in candidates if c and not is_boilerplate(c)), None)


def markdown_table(rows: Sequence[Sequence[str | None]]) -> str:
    """Rows (the first is the header) as a Markdown pipe table; empty rows dropped, cells cleaned."""
    cells = [[clean(c or "").replace("|", "/") for c in row] for row in rows]
    cells = [row for row in cells if any(row)]
    if not cells:
        return ""
    width = max(len(row) for row in cells)
    cells = [row + [""] * (width - len(row)) for row in cells]
    lines = [f"| {' | '.join(cells[0])} |", f"| {' | '.join(['---'] * width)} |"]
    lines += [f"| {' | '.join(row)} |" for row in cells[1:]]
    return "\n".join(lines)


def heading(level: int, text: str, anchor: str | None = None) -> str:
    """A Markdown heading, with ``{#anchor}`` when the source gives the section an id."""
    suffix = f" {{#{anchor}}}" if anchor else ""
    return f"{'#' * max(1, min(level, 6))} {clean(text)}{suffix}"


def with_front_matter(meta: dict, body: str) -> str:
    """``body`` under a YAML front-matter block holding the metadata that is set."""
    kept = {k: v for k, v in meta.items() if v not in (None, "")}
    if not kept:
        return body
    front = yaml.safe_dump(kept, sort_keys=False, allow_unicode=True).strip()
    return f"---\n{front}\n---\n\n{body.strip()}\n"
