"""Which request text is acceptable at all: valid Unicode in the path, the query string and JSON bodies.

JSON lets a string carry a lone surrogate (``"\\ud800"``): Python decodes it into a ``str`` that cannot be
encoded again, so the first response, log line or database write that touches it fails, as a 500. Percent
escapes in a URL may decode to bytes that are not UTF-8 at all, which the server silently replaces, and a
path may carry line breaks and other control characters that no route has. Each of these is the caller's
mistake and is refused before any route reads the request, with a message saying what was wrong.

>>> body_problem(b'{"question": "hi \\\\ud800"}')
'the request body has a lone surrogate (\\\\ud800) in a string; text must be valid Unicode'
>>> body_problem('{"question": "\U0001f600 \\\\ud83d\\\\ude00"}'.encode()) is None
True
"""

from __future__ import annotations

import json
import re
import unicodedata
from urllib.parse import unquote_to_bytes

# A \\u escape in the surrogate range; only bodies that have one need the full check.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_CONTROL = frozenset({"Cc", "Zl", "Zp"})


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def path_problem(scope: dict) -> str | None:
    """Why the request's path is not acceptable, or ``None``."""
    raw = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    if not _is_utf8(unquote_to_bytes(raw)):
        return "the path has percent escapes that are not UTF-8"
    if any(unicodedata.category(c) in _CONTROL for c in scope["path"]):
        return "the path has control characters"
    return None


def query_problem(scope: dict) -> str | None:
    """Why the query string is not acceptable, or ``None``."""
    query = scope.get("query_string") or b""
    if query and not _is_utf8(unquote_to_bytes(query.replace(b"+", b" "))):
        return "the query string has characters that are not UTF-8"
    return None


def body_problem(body: bytes) -> str | None:
    """Why a JSON body's text is not acceptable, or ``None``.

    Also ``None`` for a body that is not JSON at all: the route's parser says what is wrong with that.
    """
    if not _is_utf8(body):
        return "the request body is not UTF-8"
    if not _SURROGATE_ESCAPE.search(body):
        return None  # no escape that could decode to a surrogate: nothing more to check
    try:
        value = json.loads(body)
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        point = exc.object[exc.start]
        return f"the request body has a lone surrogate (\\u{ord(point):04x}) in a string; text must be valid Unicode"
    except (ValueError, RecursionError):
        return None
    return None
