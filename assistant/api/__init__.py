"""The HTTP API: a thin shell over :class:`assistant.service.Assistant`."""

from assistant.api.app import create_app

__all__ = ["create_app"]
