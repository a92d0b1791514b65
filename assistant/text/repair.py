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
#: The glyphs extracted text sets bullets with; shared with the plain-text reader (assistant.ingest.wrapping).
BULLET_GLYPHS = "•·▪●◦"
_LEADING_GLYPHS = re.compile(rf"^(\s*)(?:-\s+|[{BULLET_GLYPHS}]\s*)(?:[{BULLET_GLYPHS}]\s*)*(?=\S)")
_INNER_SPACES = re.compile(r"[ \t\u00a0]+")


# Chinese text's own punctuation, full width ("，", "：", "（"): NFKC would make it ASCII, and the text no longer
# read as written (nor match a quote of it).
_FULL_WIDTH_PUNCTUATION = re.compile(r"([\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65])")


def _normalised(line: str) -> str:
    """NFKC (ligatures, full-width letters and digits, non-breaking spaces) except Chinese punctuation.

    >>> _normalised("ﬁnancial ２０２５，（AI）")
    'financial 2025，（AI）'
    """
    parts = _FULL_WIDTH_PUNCTUATION.split(line)
    return "".join(part if i % 2 else unicodedata.normalize("NFKC", part) for i, part in enumerate(parts))


def repair_line(line: str) -> str:
    """Return one line with extraction artefacts repaired and a leading bullet written as ``- ``."""
    line = _normalised(line)
    line = _ESCAPED_DOLLAR.sub("$", line)
    line = _MISREAD_AI.sub("AI", line)
    line = _EMPHASIS.sub(r"\1", line)
    line = _LEADING_GLYPHS.sub(r"\1- ", line)
    return _INNER_SPACES.sub(" ", line).strip()


def repair_text(text: str) -> str:
    """Return ``text`` with every line repaired; blank lines are kept so paragraphs stay apart."""
    return "\n".join(repair_line(line) for line in text.splitlines())
