"""What the running service holds: the assistant, and whether it is warm enough to be ready.

The index loads before the server starts (a broken index stops ``assistant serve`` with a clear message);
the embedding model warms up in a background thread so ``/healthz`` answers at once and ``/readyz``
turns 200 only after the model has answered one query.
"""

from __future__ import annotations

import logging
import threading

from assistant.schemes.finder import get_finder
from assistant.service import Assistant

log = logging.getLogger(__name__)


class ServiceState:
    """The assistant and its readiness, shared by every request."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.ready = threading.Event()
        self.warmup_error: str | None = None

    def warm_up(self) -> None:
        """Answer one query so the model is loaded; mark ready when it has."""
        try:
            # Extractive whatever the default: warming up loads the embedder and must not call an LLM.
            self.assistant.ask("warm-up query about the policy document", backend="extractive")
            # The funding-scheme matcher embeds its measures once; before readiness, not on a request.
            get_finder(self.assistant).matcher.warm()
            # So is the scan of the corpus's amounts and years that questions' figures are checked against.
            _ = self.assistant.index.stated_figures
        except Exception as exc:  # reported by /readyz rather than killing the server
            log.exception("warm-up failed")
            self.warmup_error = str(exc)
            return
        self.ready.set()

    def warm_up_in_background(self) -> threading.Thread:
        """Start :meth:`warm_up` on a daemon thread."""
        thread = threading.Thread(target=self.warm_up, name="warm-up", daemon=True)
        thread.start()
        return thread
