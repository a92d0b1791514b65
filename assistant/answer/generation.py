"""Run a generative backend and let through only the sentences its cited sources support.

Text is checked a sentence at a time as it streams in, so a client sees verified sentences as soon as
they are complete and never sees one that is later withdrawn. The outcome says what happened: a
supported answer, the model declining, unsupported or garbage output, or a backend failure.

>>> outcome = VerifiedGeneration(CitationVerifier()).run(backend, request, {1: "passage"})   # doctest: +SKIP
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.answer.backend import Backend, BackendBusy, BackendError, CancelToken, GenerationRequest
from assistant.answer.verification import CitationVerifier, SentenceCheck, looks_like_decline
from assistant.text.markers import answer_sentences

log = logging.getLogger(__name__)


@dataclass
class GenerationOutcome:
    """What a generative backend produced, after verification."""

    checks: list[SentenceCheck] = field(default_factory=list)
    raw_text: str = ""
    error: str | None = None
    #: The error was the backend being busy or the request being stopped, not the backend failing.
    busy: bool = False

    @property
    def supported(self) -> list[SentenceCheck]:
        """The sentences their cited sources support."""
        return [c for c in self.checks if c.supported]

    @property
    def text(self) -> str:
        """The supported sentences, in order: the answer's text."""
        return " ".join(c.text for c in self.supported)

    @property
    def grounded(self) -> float:
        """Share of the sentences that were supported (0 when there were none)."""
        return len(self.supported) / len(self.checks) if self.checks else 0.0

    @property
    def cited(self) -> list[int]:
        """Source numbers cited by supported sentences, in order of first citation."""
        return list(dict.fromkeys(n for c in self.supported for n in c.sources))

    @property
    def declined(self) -> bool:
        """The model said the sources do not answer, and cited nothing."""
        return not self.supported and looks_like_decline(self.raw_text)

    @property
    def garbage(self) -> bool:
        """Nothing usable: no text, or no sentence citing any real source."""
        return not any(c.sources for c in self.checks)


class VerifiedGeneration:
    """Streams a backend's answer through :class:`CitationVerifier`, sentence by sentence."""

    def __init__(self, verifier: CitationVerifier) -> None:
        self.verifier = verifier

    def run(self, backend: Backend, request: GenerationRequest, sources: dict[int, str],
            outcome: GenerationOutcome) -> Iterator[str]:
        """Yield each supported sentence (with a trailing space) as soon as it is complete.

        ``outcome`` is filled in as generation goes, so the caller can read it after the iterator ends,
        including the error when the backend failed part-way.
        """
        buffer: list[str] = [""]  # the incomplete last sentence, kept in a list so _stream can hand it back
        pieces: Iterator[str] = iter(())
        try:
            pieces = backend.generate(request)
            yield from self._stream(pieces, request.cancel, sources, outcome, buffer)
        except BackendError as exc:
            outcome.error, outcome.busy = str(exc), isinstance(exc, BackendBusy)
        except Exception:  # a broken backend must not break the request
            log.exception("backend %s failed", backend.name)
            outcome.error = "it failed unexpectedly"
        finally:
            close = getattr(pieces, "close", None)  # also when this generator is closed: frees the backend
            if close:
                close()
        if outcome.error is None:
            for sentence in answer_sentences(buffer[0]):
                yield from self._check(sentence, sources, outcome)

    def _stream(self, pieces: Iterator[str], cancel: CancelToken, sources: dict[int, str],
                outcome: GenerationOutcome, buffer: list[str]) -> Iterator[str]:
        """Check every sentence the pieces complete; ``buffer[0]`` keeps the one still being written."""
        for piece in pieces:
            if cancel.cancelled:  # nobody wants the answer: stop the backend now
                raise BackendBusy("the request was cancelled")
            if not isinstance(piece, str):
                raise BackendError(f"backend yielded {type(piece).__name__}, not text")
            outcome.raw_text += piece
            text = buffer[0] + piece
            sentences = answer_sentences(text)
            if len(sentences) > 1:  # every sentence but the last is complete
                for sentence in sentences[:-1]:
                    yield from self._check(sentence, sources, outcome)
                # The split strips white space: keep the space a piece ended with ("The " + "AI").
                text = sentences[-1] + (" " if text[-1:].isspace() else "")
            buffer[0] = text

    def _check(self, sentence: str, sources: dict[int, str], outcome: GenerationOutcome) -> Iterator[str]:
        check = self.verifier.check(sentence, sources)
        outcome.checks.append(check)
        if check.supported:
            yield check.text + " "
