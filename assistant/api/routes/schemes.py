"""The funding-scheme finder over HTTP: browse the catalogue, read its options, match a profile.

    GET  /api/schemes?kind=&bureau=&sector=   the catalogue, filtered
    GET  /api/schemes/options                 needs, sizes, kinds, sectors, bureaux (for a form)
    GET  /api/schemes/{id}                    one measure
    POST /api/schemes/match                   ranked measures for an enterprise profile

The catalogue is built and checked when the service starts (this router's lifespan), so a curated quote
the document does not contain stops the service with a clear message instead of failing a request later.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query

from assistant.api.deps import AssistantDep
from assistant.api.schemas import ErrorResponse
from assistant.schemes.finder import SchemeFinder
from assistant.schemes.model import Measure
from assistant.schemes.responses import CatalogueResponse, MatchRequest, MatchResponse, Options, match_response, options
from assistant.schemes.vocabulary import VocabularyError, parse_kind


@asynccontextmanager
async def _load_catalogue(app: FastAPI) -> AsyncIterator[None]:
    """Build and check the catalogue before serving (the service warm-up embeds its measures)."""
    finder = app.state.service.assistant.finder
    del finder  # this frame lives as long as the app: it must not keep the first index's finder after a reindex
    yield


router = APIRouter(prefix="/api/schemes", tags=["schemes"], lifespan=_load_catalogue)
_ERRORS = {404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}}


def _finder(assistant: AssistantDep) -> SchemeFinder:
    return assistant.finder


FinderDep = Annotated[SchemeFinder, Depends(_finder)]


@router.get("", response_model=CatalogueResponse, responses=_ERRORS)
def browse(
    finder: FinderDep,
    kind: Annotated[str | None, Query(max_length=40, description="Only this kind of support.")] = None,
    bureau: Annotated[str | None, Query(max_length=100, description="Bureau code or part of its name.")] = None,
    sector: Annotated[str | None, Query(max_length=100, description="A sector, in any words.")] = None,
) -> CatalogueResponse:
    """Every support measure in the document, optionally filtered by kind, bureau and sector."""
    try:
        kind = parse_kind(kind) if kind else None
    except VocabularyError as exc:
        raise HTTPException(422, f"kind: {exc}") from None
    if bureau and not finder.catalogue.filter(bureau=bureau):
        known = ", ".join(sorted({b.code for m in finder.catalogue for b in m.bureaux}))
        raise HTTPException(422, f"bureau: no measure is run by '{bureau}'; bureaux with measures: {known}")
    measures, sectors = finder.browse(kind, bureau, sector)
    return CatalogueResponse(count=len(measures), sectors=sectors, measures=measures)


@router.get("/options", response_model=Options, responses=_ERRORS)
def read_options(finder: FinderDep) -> Options:
    """The words a profile and the filters accept."""
    return options(finder)


@router.post("/match", response_model=MatchResponse, responses={400: {"model": ErrorResponse}, **_ERRORS})
def match(request: MatchRequest, finder: FinderDep) -> MatchResponse:
    """The measures that fit an enterprise profile, best first, each with its reason and cited passage."""
    return match_response(finder, finder.match(request.profile(), request.k))


@router.get("/{measure_id}", response_model=Measure, responses=_ERRORS)
def read_measure(measure_id: str, finder: FinderDep) -> Measure:
    """One measure by id."""
    measure = finder.catalogue.get(measure_id)
    if measure is None:
        raise HTTPException(404, f"no measure with id '{measure_id}'; GET /api/schemes lists them")
    return measure
