"""``GET /api/search``: the passages that best match a query."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assistant.api.deps import AssistantDep
from assistant.api.schemas import QUESTION_MAX_CHARS, ErrorResponse, SearchResponse, SearchResult
from assistant.retrieval import Filters

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search", response_model=SearchResponse, responses={422: {"model": ErrorResponse},
                                                                 503: {"model": ErrorResponse}})
def search(
    assistant: AssistantDep,
    q: Annotated[str, Query(min_length=1, max_length=QUESTION_MAX_CHARS, pattern=r"\S", description="The query.")],
    k: Annotated[int, Query(ge=1, le=50, description="How many passages.")] = 5,
    bureau: Annotated[list[str], Query(description="Only passages tagged with one of these bureaux.")] = [],  # noqa: B006
    section: Annotated[str | None, Query(max_length=200, description="Only passages under this heading.")] = None,
    document: Annotated[str | None, Query(max_length=200, description="Only passages of documents whose id or "
                                          "title contains this text.")] = None,
    language: Annotated[str | None, Query(max_length=35, description="A passage of a document linked to its "
                                          "version in this language (BCP 47) is given in that version, as "
                                          "/api/ask quotes it to a question in that language.")] = None,
) -> SearchResponse:
    """Hybrid (dense + BM25) search, optionally filtered by bureau, section and document."""
    passages = assistant.search(q, k, Filters(tuple(bureau), section, document), language)
    bureaux = assistant.index.bureaux
    return SearchResponse(results=[
        SearchResult(id=p.chunk.id, text=p.chunk.text, section=p.chunk.section_path,
                     bureaux=bureaux.describe(p.chunk.bureaux), score=round(p.score, 6), document=p.chunk.doc_id,
                     document_title=p.chunk.document_title or None, document_date=p.chunk.document_date,
                     url=p.chunk.url, paragraph=p.chunk.paragraph)
        for p in passages])
