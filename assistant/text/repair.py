"""Repair the artefacts that PDF text extraction leaves in policy documents.

Extracted text reads "Al" for "AI" (a lower-case L where the PDF had a capital I), escapes dollar signs as
"\\$", keeps bullet glyphs ("•", "·") inside lines and leaves Markdown emphasis from the extractor. Every
loader runs its text through :func:`repair_text`, so the cleaned corpus and a freshly ingested ``.txt`` file
say the same thing.

>>> repair_text("Continue the \\\\$3 billion Al Subsidy Scheme (Al+)")
'Continue the $3 billion AI Subsidy Scheme (AI+)'
"""

from __future__ import annotations

import re
import unicodedata

# "Al" as a whole word is never the name "Al" in government policy text; it is a misread "AI".
_MISREAD_AI = re.compile(r"\bAl\b")
_ESCAPED_DOLLAR = re.compile(r"\\\$")
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*")
# A list marker with stray glyphs after it ("- · text"), or a glyph used as the marker ("• text"). A line of
# dashes ("---", front matter) is not a bullet: a dash marker must be followed by a space.
_BULLET_GLYPHS = "•·▪●◦"
_LEADING_GLYPHS = re.compile(rf"^(\s*)(?:-\s+|[{_BULLET_GLYPHS}]\s*)(?:[{_BULLET_GLYPHS}]\s*)*(?=\S)")
_INNER_SPACES = re.compile(r"[ \t\u00a0]+")


def repair_line(line: str) -> str:
    """Return one line with extraction artefacts repaired and a leading bullet written as ``- ``."""
    line = unicodedata.normalize("NFKC", line)
    line = _ESCAPED_DOLLAR.sub("$", line)
    line = _MISREAD_AI.sub("AI", line)
    line = _EMPHASIS.sub(r"\1", line)
    line = _LEADING_GLYPHS.sub(r"\1- ", line)
    return _INNER_SPACES.sub(" ", line).strip()


def repair_text(text: str) -> str:
    """Return ``text`` with every line repaired; blank lines are kept so paragraphs stay apart."""
    return "\n".join(repair_line(line) for line in text.splitlines())
