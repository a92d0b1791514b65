"""Clean user text before anything reads it: control characters and invisible ones are removed.

Unicode "tag" characters (U+E0000 to U+E007F) render as nothing but a model reads them, which makes them a
channel for hidden instructions; bidirectional overrides make text display differently from what it
says; zero-width characters split words so that filters miss them. Ordinary whitespace survives, as
spaces; the text is NFC-normalised.

>>> clean_text("How much\\u200b is the\\U000E0041 scheme?\\x07")
'How much is the scheme?'
"""

from __future__ import annotations

import re
import unicodedata

# Tag block, bidi embeddings/overrides/isolates, zero-width and other invisible formatting characters.
_INVISIBLE = re.compile("[\U000E0000-\U000E007F\u202A-\u202E\u2066-\u2069\u200B-\u200F\u2060-\u2064\uFEFF\u00AD]")
_WHITESPACE = re.compile(r"[ \t\r\n\f\v\u00A0\u2028\u2029]+")


def clean_text(text: str) -> str:
    """``text`` without control or invisible characters, whitespace runs as single spaces, stripped."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = _WHITESPACE.sub(" ", text)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf", "Co", "Cs") or c == " ")
    return text.strip()
