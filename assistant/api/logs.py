"""Log lines a request cannot forge: text from a request is escaped before it reaches a log.

A path such as ``/api/x%0A2026-01-01 INFO admin login ok`` decodes to two lines; logged as it is, the
second reads like a line of our own. :func:`log_field` writes line breaks, other control characters and
invisible formatting characters as escapes (``\\n``, ``\\x1b``, ``\\u202e``) and shortens very long
fields, and replaces personal data (a path such as ``/api/admin/end-users/chan@example.com`` names one) with
its placeholder; :class:`EscapingFormatter` escapes every message of the service's log, whoever logged it,
and marks every line of a traceback as a continuation.

>>> log_field("/api/x\\n2026-01-01 INFO forged")
'/api/x\\\\n2026-01-01 INFO forged'
"""

from __future__ import annotations

import logging
import unicodedata

from assistant.query.privacy import redact

#: Longest field written whole; a longer one is cut and says so.
FIELD_MAX_CHARS = 500
# A backslash is left as it is: escaped twice (a field, then its message) it would read badly, and it cannot
# start a line.
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    if unicodedata.category(char) not in _ESCAPED_CATEGORIES:
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escaped(text: str, limit: int = FIELD_MAX_CHARS) -> str:
    """``text`` on one line, its control and invisible characters escaped, at most ``limit`` characters."""
    line = "".join(_escape(c) for c in text[:limit])
    return line + (f"...(+{len(text) - limit} chars)" if len(text) > limit else "")


def log_field(text: str, limit: int = FIELD_MAX_CHARS) -> str:
    """A field a request gave, fit for a log: personal data replaced, then :func:`escaped`."""
    return escaped(redact(text), limit)


class EscapingFormatter(logging.Formatter):
    """A formatter whose messages are escaped with :func:`log_field`.

    A traceback keeps its lines, but each starts with ``  | ``: an exception's message may carry a request's
    text, and no line of it may then pass for a log line of its own.
    """

    def formatMessage(self, record: logging.LogRecord) -> str:
        """The message, escaped so that it cannot write a line of its own."""
        record.message = escaped(record.message, limit=10_000)
        return super().formatMessage(record)

    def formatException(self, ei: logging._SysExcInfoType) -> str:
        """The traceback, each line after the first marked as a continuation."""
        return _continued(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        """The stack, each line after the first marked as a continuation."""
        return _continued(super().formatStack(stack_info))


def _continued(text: str) -> str:
    return "\n".join("  | " + escaped(line, limit=10_000) for line in text.splitlines())


def configure_logging(level: int = logging.INFO) -> None:
    """The service's log: one escaped line per message on standard error."""
    handler = logging.StreamHandler()
    handler.setFormatter(EscapingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])
