"""E-mail addresses, including the ways people write them to get past filters.

"chan@example.com", "chan ＠ example．com" (folded before this reads it), "chan [at] example [dot] com",
"chan(at)example(dot)com", "chan at example dot com", "chan@example。com", "c h a n @ example.com",
"chan @ example . com". The word "at" alone is ordinary English ("available at www.gov.hk"), so an address
written with it counts only when something else says it is one: a written-out "dot", a local part no word
has ("chan.tai.man", "chan_99"), or a word like "e-mail" or "電郵" just before. Written-out forms must end in
a real top-level domain.
"""

from __future__ import annotations

import re


def _bracketed(word: str) -> str:
    return rf" ?[\[({{<] ?{word} ?[\])}}>] ?"


_AT = rf"(?P<symbol> ?@ ?|{_bracketed('@')})|(?P<bracket>{_bracketed('at')})|(?P<word> +at +)"
_WRITTEN_DOT = rf"{_bracketed('dot')}| +dot +"
# A dot may have a space on both sides ("gmail . com"), not after alone: "at home. Then" ends a sentence.
_DOT = rf"(?:[.。]| [.。] ?|{_WRITTEN_DOT})"
# A local part is one word ("chan.tai.man"), words joined by a written dot, or letters spaced out ("c h a n").
_LOCAL_WORD = r"[A-Z0-9](?:[A-Z0-9._%+\-]{0,62}[A-Z0-9_])?"
_LABEL = r"[A-Z0-9](?:[A-Z0-9\-]{0,61}[A-Z0-9])?"
_EMAIL = re.compile(
    rf"(?<![A-Z0-9._%+\-])(?P<local>(?:[A-Z0-9] ){{2,}}[A-Z0-9]|{_LOCAL_WORD}(?:{_DOT}{_LOCAL_WORD})*)(?:{_AT})"
    rf"(?P<domain>{_LABEL}(?:{_DOT}{_LABEL})*){_DOT}(?P<tld>[A-Z]{{2,24}})(?![A-Z0-9])", re.IGNORECASE)
# Every form has "@" or the word "at": the full pattern runs only around those, which keeps long texts cheap.
_ANCHOR = re.compile(r"@|\bat\b", re.IGNORECASE)
_BEFORE_ANCHOR, _AFTER_ANCHOR = 160, 320
_HAS_WRITTEN_DOT = re.compile(_WRITTEN_DOT, re.IGNORECASE)
_INTRODUCED = re.compile(r"(?:e-?mail|mail|電郵|电邮|郵箱|邮箱|電子郵件)[^\n]{0,30}$", re.IGNORECASE)
# Top-level domains an address written out in words may end in: these, and any two-letter country code.
_COMMON_TLDS = frozenset({"com", "net", "org", "edu", "gov", "info", "biz", "io", "ai", "app", "dev", "mil", "int",
                          "online", "email", "mail"})


def find_emails(text: str) -> list[tuple[int, int]]:
    """Spans of e-mail addresses in folded ``text``."""
    windows: list[list[int]] = []  # around each anchor; overlapping ones merged, so no text is read twice
    for anchor in _ANCHOR.finditer(text):
        start, end = max(0, anchor.start() - _BEFORE_ANCHOR), anchor.end() + _AFTER_ANCHOR
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    return [span for start, end in windows for span in _addresses_in(text, start, end)]


def _addresses_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of addresses in ``text[start:end]``.

    A candidate that is not an address gives its text back: in "mail me at jane.doe@example.com" the
    first candidate, "me at jane.doe", is rejected, and the address inside it must still be found.
    """
    spans, position = [], start
    while match := _EMAIL.search(text, position, end):
        if _is_address(text, match):
            spans.append(match.span())
            position = match.end()
        else:
            position = match.start() + 1
    return spans


def _is_address(text: str, match: re.Match) -> bool:
    written_dot = bool(_HAS_WRITTEN_DOT.search(match.group(0)))
    if match["word"]:
        signs = (written_dot, re.search(r"[._%+\-\d ]", match["local"]),
                 _INTRODUCED.search(text[max(0, match.start() - 40):match.start()]))
        if not any(signs) or match["domain"].lower().startswith("www"):
            return False
    if match["symbol"] and not written_dot:
        return True
    tld = match["tld"].lower()
    return len(tld) == 2 or tld in _COMMON_TLDS
