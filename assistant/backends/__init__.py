"""Answer-writing backends: the protocol, the built-ins and the registry."""

from assistant.answer.backend import Backend, BackendError, ChatMessage, GenerationRequest
from assistant.backends.registry import (
    BackendNotConfigured,
    UnknownBackend,
    available_backends,
    configured_backends,
    get_backend,
)

__all__ = ["Backend", "BackendError", "BackendNotConfigured", "ChatMessage", "GenerationRequest", "UnknownBackend",
           "available_backends", "configured_backends", "get_backend"]
