"""The conversation log as JSON lines or CSV, for an admin.

CSV cells a spreadsheet would run as a formula are prefixed with ``'``; lists become JSON cells.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields

from assistant.store.records import ConversationRecord

COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(ConversationRecord))
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_row(record: ConversationRecord) -> dict:
    """The record as plain JSON values (its time in ISO 8601)."""
    return {**asdict(record), "at": record.at.isoformat()}


def jsonl_lines(records: Iterable[ConversationRecord]) -> Iterator[str]:
    """One JSON object per line."""
    for record in records:
        yield json.dumps(as_row(record), ensure_ascii=False) + "\n"


def spreadsheet_cell(value: object) -> object:
    """``value`` as a CSV cell: lists as JSON, booleans as 0/1, nothing as empty, formulas quoted.

    Text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, a tab or a return first) gets an
    apostrophe before it.
    """
    if isinstance(value, list):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def csv_lines(records: Iterable[ConversationRecord]) -> Iterator[str]:
    """A header line, then one CSV line per record."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for record in records:
        row = as_row(record)
        writer.writerow(spreadsheet_cell(row[column]) for column in COLUMNS)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
