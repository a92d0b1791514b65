"""Plain text as tools wrap it: lines joined back into the paragraphs they were, and a text table's rows found.

pdftotext, a browser's "save as text" and a text-mode browser break every paragraph into lines of about 70 to
100 characters; a text that keeps one paragraph per line (the chapter's own extraction) has lines of hundreds.
Read line by line, a wrapped paragraph would be a dozen passages, and its short lines would pass for headings.
A table copied as text keeps one row per line, its figures at the end: those lines stay rows.

>>> for line in unwrap(["The Government will provide funding on a 1:2 matching basis, with a",
...                     "ceiling of $15 million.", "Companies are eligible."]):
...     print(line)
The Government will provide funding on a 1:2 matching basis, with a ceiling of $15 million.
Companies are eligible.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from assistant.text.repair import BULLET_GLYPHS

#: A line longer than this was not wrapped by a tool: such a text keeps one paragraph per line, as it is.
WRAP_WIDTH = 200
#: A line shorter than this share of its run's longest line ended before the margin: a paragraph or heading ends.
EARLY_END = 0.7
#: No tool wraps text this narrow (in columns, a Chinese character taking two): shorter lines are labels,
#: headings or a menu ("Budget Speech", "Press Releases"), each a line of its own.
MIN_WRAP_COLUMNS = 40
#: Consecutive lines ending in figures that make a table rather than sentences that happen to end in one.
TABLE_MIN_ROWS = 3

# A bullet's mark alone on its line: a glyph, or a dash or asterisk.
_LONE_MARKS = frozenset("-*" + BULLET_GLYPHS)
# A lettered item or heading: "(a)", "(B)", "(iv)"; not an abbreviation that wrapped to the line's start, "(HKMA)".
_LETTER = r"\((?:[A-Za-z]|[ivx]{1,5}|[IVX]{1,5})\)"
# A line that starts a unit of its own: a bullet, a numbered paragraph ("77."), a lettered heading ("(A)").
_UNIT_START = re.compile(rf"(?:[-*{BULLET_GLYPHS}]\s+|\(?\d{{1,3}}[.)]\s+|{_LETTER}\s+)")
# A paragraph's number on a line of its own, as a page that sets numbers in a column gives it: "69."
_NUMBER_ONLY = re.compile(rf"\(?\d{{1,3}}[.)]|{_LETTER}")
# A figure as tables give it: "2,406", "$9,878.3", "6,229*", "12%".
_FIGURE = re.compile(r"[$]?\d[\d,.]*[*%]*")
# Text, then a figure at the end: "Innovation and Technology Support Programme 2,406 9,878.3", "Total: 6,229*".
_ENDS_IN_FIGURE = re.compile(rf".*[^\W\d_].*\s{_FIGURE.pattern}")
# Cells of a table copied with its columns kept: a browser's copy puts tabs between them, pdftotext -layout spaces.
_CELL_GAP = re.compile(r"\t+|\s{2,}")
# A line of a Markdown table (column_tables writes them): kept as it is, never joined.
_TABLE_LINE = re.compile(r"\s*\|.*\|\s*")
# A rule of asterisks or dashes under a title has no word: it is a line of its own.
_WORD = re.compile(r"\w")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def table_rows(lines: list[str]) -> set[int]:
    """Indexes of the lines that are rows of a text table: runs of ``TABLE_MIN_ROWS`` lines ending in figures.

    >>> sorted(table_rows(["Programme Projects", "ITSP 2,406", "GSP 2,724", "Total: 6,229*", "Notes."]))
    [1, 2, 3]
    """
    rows: set[int] = set()
    for is_row, group in itertools.groupby(enumerate(lines), key=lambda item: bool(_ENDS_IN_FIGURE.fullmatch(item[1]))):
        run = [index for index, _ in group]
        if is_row and len(run) >= TABLE_MIN_ROWS:
            rows.update(run)
    return rows


def column_tables(lines: list[str]) -> list[str]:
    """Runs of lines whose cells are apart by tabs or wide spaces, with a figure in every row, as Markdown tables.

    The line before the rows with as many cells is the table's header, so each row's figures keep their
    column names ("Funds Approved: 9,878.3"). Other lines are returned as they are.

    >>> for line in column_tables(["Programme\tProjects\tFunds", "ITSP\t2,406\t9,878.3", "GSP\t2,724\t1,085.8"]):
    ...     print(line)
    | Programme | Projects | Funds |
    | --- | --- | --- |
    | ITSP | 2,406 | 9,878.3 |
    | GSP | 2,724 | 1,085.8 |
    """
    cells = [_CELL_GAP.split(line.strip()) for line in lines]
    is_row = [len(c) >= 2 and any(_FIGURE.fullmatch(cell) for cell in c[1:]) for c in cells]
    out: list[str] = []
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and is_row[end] and len(cells[end]) == len(cells[index]):
            end += 1
        if end - index < 2:
            out.append(lines[index])
            index += 1
            continue
        width = len(cells[index])
        header = out.pop() if out and len(_CELL_GAP.split(out[-1].strip())) == width else None
        head = _CELL_GAP.split(header.strip()) if header else [""] * width
        out += ["| " + " | ".join(head) + " |", "| " + " | ".join(["---"] * width) + " |",
                *("| " + " | ".join(c.replace("|", "/") for c in cells[row]) + " |" for row in range(index, end))]
        index = end
    return out


def lone_bullets(lines: list[str]) -> list[str]:
    """A bullet glyph on a line of its own (pdftotext sets it apart from its text) put back before the text.

    The glyph's line stays as a blank one, so the bullet is a run of its own (a heading above it is not
    measured against the bullet's wrapped lines).

    >>> lone_bullets(["Heading", "•", "", "Roll out the second cohort.", "•", "Issue a guide."])
    ['Heading', '', '- Roll out the second cohort.', '', '- Issue a guide.']
    """
    out: list[str] = []
    pending = False
    for line in lines:
        if line.strip() in _LONE_MARKS:
            out.append("")
            pending = True
        elif pending and line.strip():
            out.append(f"- {line.strip()}")
            pending = False
        elif not pending:
            out.append(line)
    return out


def is_table_line(line: str) -> bool:
    """Whether a line is a row of a Markdown table, as :func:`column_tables` writes them."""
    return bool(_TABLE_LINE.fullmatch(line))


def _columns(line: str) -> int:
    """A line's width as a terminal shows it: a Chinese character takes two columns."""
    return len(line) + sum(unicodedata.east_asian_width(c) in "WF" for c in line)


def _joined(line: str, more: str) -> str:
    """Two wrapped lines as one: no space between Chinese characters, nor after a word broken at a hyphen."""
    if (_CJK.match(line[-1]) and _CJK.match(more[0])) or (line.endswith("-") and not line.endswith(" -")):
        return line + more
    return f"{line} {more}"


def unwrap(lines: list[str]) -> list[str]:
    """Lines a tool wrapped at a fixed width joined back into paragraphs; blank lines kept as they are.

    Within a run of lines between blank lines, a line goes on the one before unless that one ended early
    (shorter than ``EARLY_END`` of the run's longest line, or than ``MIN_WRAP_COLUMNS``: a paragraph's last line,
    a heading, a menu's label), this one starts
    a unit (a bullet, "77.", "(A)"), or either is a table's row or a rule ("*****"). A paragraph's number alone
    on its line goes on with the text after it. A run with a line longer than ``WRAP_WIDTH`` was not wrapped: it
    is left as it is.

    >>> unwrap(["Smart Manufacturing", "45. We enhanced the Scheme to strengthen support for local", "firms."])
    ['Smart Manufacturing', '45. We enhanced the Scheme to strengthen support for local firms.']
    >>> len(unwrap(["Roll out the second cohort of the AI Sandbox initiative by the Hong Kong Monetary Authority",
    ...             "(HKMA) and Cyberport, featuring enhanced fraud detection. (FSTB)"]))
    1
    >>> unwrap(["First application under the Scheme supported", "*****************************************"])
    ['First application under the Scheme supported', '*****************************************']
    >>> unwrap(["69.", "我們同時已預留十億元，於2026年成立「香港人工智能研發院」，", "促進AI上游研發。"])
    ['69. 我們同時已預留十億元，於2026年成立「香港人工智能研發院」，促進AI上游研發。']
    """
    out: list[str] = []
    for blank, group in itertools.groupby((line.strip() for line in lines), key=lambda line: not line):
        run = list(group)
        if blank:
            out += run
            continue
        width = max(_columns(line) for line in run)
        rows = table_rows(run)
        out.append(run[0])
        for index, (before, line) in enumerate(itertools.pairwise(run), 1):
            if _NUMBER_ONLY.fullmatch(before) and not _UNIT_START.match(line):
                out[-1] = f"{before} {line}"
            elif (width > WRAP_WIDTH or _UNIT_START.match(line) or index in rows or index - 1 in rows
                  or _columns(before) < max(EARLY_END * width, MIN_WRAP_COLUMNS)
                  or not _WORD.search(line) or not _WORD.search(before)
                  or is_table_line(line) or is_table_line(before)):
                out.append(line)
            else:
                out[-1] = _joined(out[-1], line)
    return out
