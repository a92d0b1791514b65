"""Pieces every command module shares: argument types and the errors reported without a traceback."""

from __future__ import annotations

import argparse

from assistant.backends import BackendError, UnknownBackend
from assistant.cli.cluster.processes import ClusterError
from assistant.evaluation.suite import SuiteError
from assistant.index.embedding import EmbeddingModelError
from assistant.index.store import IndexUnavailable
from assistant.ingest.documents import CorpusError

#: Exit status for a problem the user can fix.
EXIT_USER_ERROR = 2
#: Errors a user can fix; the CLI prints their message and exits with EXIT_USER_ERROR.
USER_ERRORS: tuple[type[Exception], ...] = (IndexUnavailable, CorpusError, EmbeddingModelError, SuiteError,
                                            UnknownBackend, BackendError, FileNotFoundError, ClusterError)


def positive_int(text: str) -> int:
    """An argparse type for counts such as ``--k``."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value
