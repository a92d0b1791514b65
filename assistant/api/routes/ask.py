"""``POST /api/ask``: a question in, a cited answer (or an honest refusal) out."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.answers import Answer
from assistant.api.deps import AssistantDep
from assistant.api.schemas import AskRequest, ErrorResponse

router = APIRouter(prefix="/api", tags=["answers"])


@router.post("/ask", response_model=Answer, responses={400: {"model": ErrorResponse}, 422: {"model": ErrorResponse},
                                                      503: {"model": ErrorResponse}})
def ask(request: AskRequest, assistant: AssistantDep) -> Answer:
    """Answer a question from the policy document, citing the passages used."""
    return assistant.ask(request.question, request.history)
