"""``POST /api/identity``: a signed end-user token, so that limits count this visitor apart from others.

The widget asks for one when it starts and sends it back as ``X-End-User-Token`` on every request; the
service checks the signature and expiry itself (:mod:`assistant.api.identity`), so a client can neither
choose its id nor take someone else's. Each address may obtain only a few tokens a minute, and whatever
tokens it holds, the per-address limit still bounds it.
"""

from __future__ import annotations

import time

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from assistant.api.deps import CallerDep, LimitsDep, too_many
from assistant.api.identity import Identities
from assistant.api.schemas import ErrorResponse

router = APIRouter(prefix="/api", tags=["identity"])


class EndUserToken(BaseModel):
    """A token to send as ``X-End-User-Token``."""

    token: str = Field(description="Opaque; valid until expires_at.")
    expires_at: int = Field(description="Unix time the token stops counting.")
    expires_in: int = Field(description="Seconds from now until then.")


@router.post("/identity", response_model=EndUserToken, responses={429: {"model": ErrorResponse}})
def new_identity(request: Request, caller: CallerDep, limits: LimitsDep) -> EndUserToken:
    """A new end-user token; 429 when this address has asked for too many this minute."""
    wait = limits.for_new_identity(caller)
    if wait:
        raise too_many(wait, "too many new end-user tokens from this address; retry later")
    identities: Identities = request.app.state.identities
    token, expires = identities.signer.mint()
    return EndUserToken(token=token, expires_at=expires, expires_in=max(0, expires - int(time.time())))
