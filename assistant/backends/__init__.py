"""Answer-writing backends: the built-ins (``extractive``, ``openai``, ``local``) and the registry.

The contract every backend implements is :class:`assistant.answer.backend.Backend`, re-exported here so
that a plugin writes ``from assistant.backends import Backend``; :mod:`assistant.backends.testing` is the
contract suite a backend's tests inherit, and a scripted backend for tests of the flow.
"""

from assistant.answer.backend import Backend, BackendError, ChatMessage, GenerationRequest
from assistant.backends.registry import (
    BackendNotConfigured,
    UnknownBackend,
    available_backends,
    configured_backends,
    create_backend,
)

__all__ = ["Backend", "BackendError", "BackendNotConfigured", "ChatMessage", "GenerationRequest", "UnknownBackend",
           "available_backends", "configured_backends", "create_backend"]
