"""Every error leaves the API as ``{"error": {"code", "message"}}``; no stack trace reaches a client.

FastAPI's own validation errors are rewritten into one readable message ("question: must not be empty"),
malformed JSON becomes a 400, and an unexpected exception becomes a logged 500 with a generic message.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from assistant.api.logs import log_field

log = logging.getLogger(__name__)

_STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                 405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
                 422: "invalid_request", 429: "rate_limited", 503: "unavailable"}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The JSON error body with ``status``."""
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def describe_validation(exc: RequestValidationError) -> tuple[int, str, str]:
    """Status, code and a one-line message for a request that failed validation."""
    problems = []
    for error in exc.errors():
        if error.get("type") == "json_invalid":
            reason = error.get("ctx", {}).get("error", "")
            return 400, "malformed_json", f"request body is not valid JSON: {reason}".strip()
        location = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "query"))
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        problems.append(f"{location}: {message}" if location else message)
    return 422, "invalid_request", "; ".join(problems) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that give every error the same JSON shape."""

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        status, code, message = describe_validation(exc)
        return error_response(status, code, message)

    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "error")
        return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, log_field(request.url.path))
        return error_response(500, "internal_error", "internal error; it has been logged")
