"""Turn a PDF's extracted plain text into corpus Markdown: headings found by their shape, bullets kept.

>>> print(text_to_markdown("Industry Policy\\nNew Funds\\n- Launch a fund. (ITIB)"))
---
title: Industry Policy
language: en
---
<BLANKLINE>
# Industry Policy
<BLANKLINE>
## New Funds
<BLANKLINE>
- Launch a fund. (ITIB)
<BLANKLINE>
"""

from __future__ import annotations

import re

import yaml

from assistant.ingest.documents import CorpusError
from assistant.ingest.formats.common import is_boilerplate
from assistant.text.repair import repair_text

# A whole line of site furniture, as text copied from a web page keeps it: never a heading or a passage.
_FURNITURE = re.compile(
    r"\s*(?:skip to (?:the )?(?:main )?content|skip navigation|menu|main menu|home|search|sitemap|site map|print|"
    r"share|back to top|top|text size|a a a|accept(?: all)?(?: cookies)?|this (?:web)?site uses cookies\b.*|"
    r"important notices?|privacy policy|copyright\b.*|©.*|disclaimer|contact us|english|繁體|繁體版|简体|简体版|"
    r"中文|繁|简)\s*", re.IGNORECASE)
# A title has two words at least, or four Chinese characters.
_TITLE_WORDS = re.compile(r"\w+\W+\w+|[\u3400-\u9fff]{4}")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def _is_title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", line) if w.lower() not in _SMALL_WORDS]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6


# What ends a sentence or a clause, in English and in Chinese (full-width); a closing quote or bracket after it
# does not make the line a heading ("...計劃。」"). Not a question mark: an FAQ's question is the heading of its answer.
_CLOSING = (".", ";", ":", ",", "。", "；", "：", "，", "、")
_CLOSING_QUOTES = "\"'”’」』）)"


def _looks_like_heading(line: str, first: bool = False) -> bool:
    """A short line without closing punctuation; the file's first line may be as long as a press release's title.

    >>> _looks_like_heading("New Funds"), _looks_like_heading("政府今日公布首個項目。")
    (True, False)
    >>> _looks_like_heading("他說：「支持。」")
    False
    """
    return (bool(re.search(r"\w", line)) and len(line) <= (300 if first else 120)
            and not line.rstrip(_CLOSING_QUOTES).endswith(_CLOSING) and not line.startswith("- "))


def text_to_markdown(text: str, language: str = "en") -> str:
    """Turn repaired plain text from a PDF into Markdown with front matter.

    The first heading is the title (H1) and a later repeat of it is dropped; headings in Title Case are
    sections (H2) and those in sentence case are subsections (H3), which is how policy documents of this
    kind set them. Bullets stay bullets, one per measure; other lines are paragraphs. Lines of site furniture
    ("Skip to main content", "Print", "Back to top") are dropped; the title is the first heading-like line
    that is not boilerplate and has two words at least (a site's name, "GovHK", comes before it).

    >>> text_to_markdown("Skip to main content\\nGovHK\\nBudget Speech\\n\\nWe will act.").splitlines()[1]
    'title: Budget Speech'
    """
    lines = [line for line in repair_text(text).splitlines()]
    out: list[str] = []
    title = ""
    for line in lines:
        if not line or not re.search(r"\w", line) or _FURNITURE.fullmatch(line):
            continue  # a rule of asterisks or dashes under a title is not text, nor is a site's furniture
        if line.startswith("- "):
            out.append(line)
            continue
        if not _looks_like_heading(line, first=not out):
            out.extend(["", line, ""])
            continue
        if not title:
            if is_boilerplate(line) or not _TITLE_WORDS.search(line):
                continue
            title = line
            out.extend([f"# {line}", ""])
        elif line != title:
            level = "##" if _is_title_case(line) else "###"
            out.extend(["", f"{level} {line}", ""])
    if not title:
        raise CorpusError("no heading found to use as the document title")
    front = yaml.safe_dump({"title": title, "language": language}, sort_keys=False).strip()
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    return f"---\n{front}\n---\n\n{body}\n"
