"""The backends an operator can choose: the built-ins, listed here, and any from installed packages.

Third-party backends register under the ``assistant.backends`` entry-point group; a built-in name
cannot be taken over. Instances are created once per process, name and settings, so a local model loads once.

>>> sorted(available_backends())[:3]
['extractive', 'local', 'openai']
"""

from __future__ import annotations

import importlib
import threading
from importlib.metadata import entry_points

from assistant.backends.base import Backend
from assistant.config import Settings

ENTRY_POINT_GROUP = "assistant.backends"

#: Name -> "module:Class" of every built-in backend.
BUILTIN_BACKENDS = {
    "extractive": "assistant.backends.extractive:ExtractiveBackend",
    "openai": "assistant.backends.openai:OpenAIBackend",
    "local": "assistant.backends.local:LocalBackend",
}

_instances: dict[tuple[str, str], Backend] = {}
_lock = threading.Lock()


class UnknownBackend(ValueError):
    """A backend name that is neither built in nor registered by an installed package."""


def _plugins() -> dict[str, object]:
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name not in BUILTIN_BACKENDS}


def available_backends() -> list[str]:
    """Every backend name that can be chosen."""
    return [*BUILTIN_BACKENDS, *sorted(_plugins())]


def backend_class(name: str) -> type[Backend]:
    """The class registered under ``name``."""
    if name in BUILTIN_BACKENDS:
        module, _, attribute = BUILTIN_BACKENDS[name].partition(":")
        return getattr(importlib.import_module(module), attribute)
    plugin = _plugins().get(name)
    if plugin is None:
        raise UnknownBackend(f"unknown backend '{name}'; available: {', '.join(available_backends())}")
    return plugin.load()  # type: ignore[attr-defined]


def get_backend(name: str, settings: Settings) -> Backend:
    """The process-wide instance of backend ``name`` for these settings."""
    key = (name, settings.model_dump_json())
    with _lock:
        if key not in _instances:
            _instances[key] = backend_class(name)(settings)
        return _instances[key]
