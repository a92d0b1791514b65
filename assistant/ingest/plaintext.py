"""Turn plain text (a PDF's extracted text, a web page copied as text) into corpus Markdown.

Lines a tool wrapped at a fixed width (pdftotext, a browser's text dump) are joined back into the paragraphs
they were, and a text table's rows found (:mod:`.wrapping`); headings are found by their shape; bullets kept.

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

import itertools
import re
from collections import Counter

import yaml

from assistant.ingest.documents import CorpusError, guess_date
from assistant.ingest.formats.common import is_boilerplate
from assistant.ingest.furniture import ends_paragraph, is_banner, is_furniture, menus
from assistant.ingest.wrapping import column_tables, is_table_line, lone_bullets, table_rows, unwrap
from assistant.text.repair import repair_text

# A text browser's mark for a form button, "(BUTTON) Accept": not text.
_BUTTON = re.compile(r"\(BUTTON\)\s*")
# A text browser's bullet ("* Home") written as Markdown's.
_BULLET_MARK = re.compile(r"^[*]\s+")
#: A line this short that recurs this often is a page's running header or footer, not the text's.
RUNNING_CHARS = 80
RUNNING_REPEATS = 3
#: Longest line that is only a date and its place ("July 27, 2020"): a dateline, not a heading.
DATELINE_CHARS = 40

# A title has two words at least, or four Chinese characters: not a site's address ("news.gov.hk").
_TITLE_WORDS = re.compile(r"\w+\W*\s\W*\w+|[\u3400-\u9fff]{4}")
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


def _table(rows: list[str], header: str) -> list[str]:
    """Rows of a text table as a one-column Markdown table under ``header``, so each row is a passage with it."""
    def cell(text: str) -> str:
        return f"| {text.replace('|', '/')} |"
    return ["", cell(header), "| --- |", *(cell(row) for row in rows), ""]


def _unwrapped(text: str) -> list[str]:
    """The text's lines repaired, a table that kept its columns as Markdown, wrapped lines joined back.

    A line of furniture ends the paragraph before it, as a blank line would
    (:func:`~assistant.ingest.furniture.ends_paragraph`).
    """
    tabled = column_tables(lone_bullets([_BUTTON.sub("", line) for line in text.splitlines()]))
    repaired = [_BULLET_MARK.sub("- ", line) for line in repair_text("\n".join(tabled)).splitlines()]
    running = _running_lines(repaired)
    opening = next((index for index, line in enumerate(repaired) if line), None)  # a running title, the title
    return unwrap(["" if (line in running and index != opening) or ends_paragraph(line) else line
                   for index, line in enumerate(repaired)])


def _running_lines(lines: list[str]) -> set[str]:
    """A PDF's running header or footer: a short line that recurs ``RUNNING_REPEATS`` times or more.

    Every appearance is dropped but one that opens the text: a title that heads every page is still the title.

    >>> sorted(_running_lines(["Budget Speech 2025-26", "45. We enhanced it.", "Budget Speech 2025-26",
    ...                        "46. We launched it.", "Budget Speech 2025-26"]))
    ['Budget Speech 2025-26']
    """
    counts = Counter(line for line in lines if line and len(line) <= RUNNING_CHARS and not is_table_line(line))
    return {line for line, count in counts.items() if count >= RUNNING_REPEATS}


def _is_text(line: str, first: bool) -> bool:
    """Whether a line is a paragraph: not heading-shaped, or a dateline ("July 27, 2020"), which is the text's."""
    return bool(guess_date(line) and len(line) <= DATELINE_CHARS) or not _looks_like_heading(line, first)


def _echoed_title(lines: list[str]) -> int | None:
    """Where the page's title is when a heading comes twice before the text starts, else ``None``.

    A page copied as text gives its title twice, as the breadcrumb's last crumb and as the heading under it,
    after the site's section names ("Support for SMEs", "Government Funding Schemes"), which are not its title.
    """
    seen: dict[str, int] = {}
    for index, line in enumerate(lines):
        if not line or is_furniture(line) or line.startswith("- "):
            continue
        if _is_text(line, first=not seen):
            return None
        if line in seen:
            return seen[line]
        seen[line] = index
    return None


def _markdown_lines(lines: list[str]) -> tuple[str, list[str]]:
    """The title and the Markdown lines of unwrapped text (see :func:`text_to_markdown`)."""
    rows, menu = table_rows(lines), menus(lines)
    headers = {index - 1 for index in rows if index - 1 not in rows and index and lines[index - 1]
               and not re.search(r"\d", lines[index - 1])}
    out: list[str] = []
    title = ""
    echoed = _echoed_title(lines)
    for index, line in enumerate(lines):
        if index in menu or index in headers or (index in rows and index - 1 in rows):
            continue  # a menu, and a table's header and rows after its first (written with the first)
        if echoed is not None and index < echoed:
            continue  # the site's section names above the page's own title
        if index in rows:
            table = [lines[i] for i in itertools.takewhile(lambda i: i in rows, itertools.count(index))]
            out += _table(table, lines[index - 1] if index - 1 in headers else "")
        elif is_table_line(line):  # a table whose columns the text kept
            out += [line] if out and is_table_line(out[-1]) else ["", line]
        elif not re.search(r"\w", line) or is_furniture(line):
            continue  # a rule of asterisks or dashes under a title is not text, nor is a site's furniture
        elif line.startswith("- "):
            out.append(line)
        elif _is_text(line, first=not out):
            out += ["", line, ""]
        else:
            title, heading = _heading(line, title)
            out += heading
    return title, out


def _heading(line: str, title: str) -> tuple[str, list[str]]:
    """A heading-shaped line as Markdown: the title while there is none (if it can be one), else a section.

    A title set again lower down adds nothing; a site's name or boilerplate is not a title.
    """
    if not title:
        return (line, [f"# {line}", ""]) if _can_be_title(line) else ("", [])
    return title, [] if line == title else ["", f"{'##' if _is_title_case(line) else '###'} {line}", ""]


# A line that opens with a word in lower case ("relative file path for layout"): a fragment, not a title.
_LOWER_START = re.compile(r"[a-z]{2,}\s")


def _can_be_title(line: str) -> bool:
    """Not boilerplate, not a site's banner or name ("GovHK": two words at least), not a lower-case fragment."""
    return (not is_boilerplate(line) and not is_banner(line) and not _LOWER_START.match(line)
            and bool(_TITLE_WORDS.search(line)))


def text_to_markdown(text: str, language: str = "en") -> str:
    """Turn repaired plain text (a PDF's, a web page's) into Markdown with front matter.

    Wrapped lines are joined into paragraphs first (:func:`~assistant.ingest.wrapping.unwrap`). The first
    heading is the title (H1) and a later repeat of it is dropped; headings in Title Case are sections (H2) and
    those in sentence case are subsections (H3), which is how policy documents of this kind set them. Bullets
    stay bullets, one per measure; the rows of a text table become a table under the line before them (its
    column names); other lines are paragraphs. Site furniture ("Skip to main content", "Print", a link bar, a
    breadcrumb, a menu: :mod:`.furniture`) is dropped; the title is the first heading-like line that is not
    boilerplate and has two words at least (a site's name, "GovHK", comes before it), else the menu's first
    label of two words.

    >>> text_to_markdown("Skip to main content\\nGovHK\\nBudget Speech\\n\\nWe will act.").splitlines()[1]
    'title: Budget Speech'
    """
    lines = _unwrapped(text)
    title, out = _markdown_lines(lines)
    if not title:  # a page whose only heading-like lines are its menu: the first label names the page's section
        title = next((line.removeprefix("- ") for line in (lines[i] for i in sorted(menus(lines)))
                      if _can_be_title(line.removeprefix("- "))), "")
        out = [f"# {title}", "", *out]
    if not title:
        raise CorpusError("no heading found to use as the document title")
    front = yaml.safe_dump({"title": title, "language": language}, sort_keys=False).strip()
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    return f"---\n{front}\n---\n\n{body}\n"
