"""The kill switch at the HTTP edge: answer endpoints give 503 ``switched_off`` while answers are off.

:func:`answers_on` is a dependency of every route that answers a question (``/api/ask``, ``/api/ask/stream``,
``/v1/chat/completions``); its 503 carries the operator's message, which the widget shows instead of its input.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from assistant.api.errors import error_response
from assistant.operations.switch import KillSwitch

#: Seconds a client should wait before asking again while answers are off.
SWITCHED_OFF_RETRY_AFTER = "30"


class SwitchedOff(Exception):
    """Answers are switched off; ``message`` says so to the citizen."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


async def get_switch(request: Request) -> KillSwitch:
    """The service's kill switch."""
    return request.app.state.switch


SwitchDep = Annotated[KillSwitch, Depends(get_switch)]


async def answers_on(switch: SwitchDep) -> None:
    """Raise :class:`SwitchedOff` (503 ``switched_off``) while an operator has switched answers off.

    The known state is read on the event loop; only a copy too old to use is read again from the store, in a
    thread, as a store that is down may keep a read waiting.
    """
    state = switch.fresh() or await run_in_threadpool(switch.state)
    if not state.answers:
        raise SwitchedOff(state.message)


def install_switch(app: FastAPI, switch: KillSwitch) -> None:
    """Keep ``switch`` on the app and answer :class:`SwitchedOff` with its 503."""
    app.state.switch = switch

    @app.exception_handler(SwitchedOff)
    async def _switched_off(_: Request, exc: SwitchedOff) -> JSONResponse:
        return error_response(503, "switched_off", exc.message, {"Retry-After": SWITCHED_OFF_RETRY_AFTER})
