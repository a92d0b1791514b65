"""The FastAPI application factory.

>>> app = create_app(Assistant.from_settings(get_settings()))   # doctest: +SKIP

The caller loads the assistant first, so a broken index is reported before any server starts; the app
warms the model up in the background at start-up and reports readiness on ``/readyz``.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from assistant import __version__
from assistant.api.deps import backend_in_body
from assistant.api.errors import install_error_handlers
from assistant.api.identity import Identities
from assistant.api.limits import ServiceLimits, limiter_for
from assistant.api.metrics import Metrics, metrics_router
from assistant.api.middleware import install_middleware
from assistant.api.reindexing import IndexWatcher, Reindexer
from assistant.api.routes import admin, ask, docs, feedback, health, identity, openai_compat, pages, schemes, search
from assistant.api.routes.accessibility import router as accessibility_router
from assistant.api.routes.admin_ops import router as operations_router
from assistant.api.routes.admin_pages import router as dashboard_router
from assistant.api.schemas import ErrorResponse
from assistant.api.state import ServiceState
from assistant.api.switch import answers_on, install_switch
from assistant.memory import trim_periodically
from assistant.operations.conversations import ConversationLog
from assistant.operations.periodic import Periodic
from assistant.operations.retention import RetentionJob
from assistant.operations.scoring import DailyScoring
from assistant.operations.switch import KillSwitch
from assistant.service import Assistant
from assistant.store.shared import Store
from assistant.store.spool import Spool, SpooledFeedback

#: Any operation may answer this, from the guard that checks text before a route reads it (middleware.StrictText).
INVALID_TEXT = {400: {"model": ErrorResponse, "description": "The path, query string or body is not valid text "
                      "(error code invalid_text), or the body is not JSON (malformed_json)."}}


def create_app(assistant: Assistant, settle_heap: bool = False) -> FastAPI:
    """An app serving ``assistant``; ``settle_heap`` as :class:`~assistant.api.state.ServiceState` takes it."""
    state = ServiceState(assistant, settle_heap)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.warm_up_in_background()
        trimmer = asyncio.create_task(trim_periodically())
        if isinstance(app.state.feedback, SpooledFeedback):
            app.state.feedback.start()
        if watcher is not None:
            watcher.start()
        retention.start()
        scoring.start()
        yield
        app.state.conversations.flush()  # the answers given before the stop are all logged
        scoring.close()
        retention.close()
        if watcher is not None:
            watcher.close()
        trimmer.cancel()
        if isinstance(app.state.feedback, SpooledFeedback):
            app.state.feedback.close()

    # /docs is served by routes.docs from local files; FastAPI's own pages fetch Swagger UI and ReDoc from a CDN.
    # No redirects to add or drop a trailing slash: Starlette builds their Location from the Host header.
    app = FastAPI(title="Policy assistant", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  redirect_slashes=False, description="Cited answers from a government policy document.")
    settings = assistant.settings
    app.state.service = state
    app.state.reindexer = Reindexer(state)
    app.state.store = store = Store.from_settings(settings)
    # With a shared database, a rating it cannot take waits in a local spool; the SQLite file is itself local.
    app.state.feedback = SpooledFeedback(store, Spool(settings.spool_db)) if settings.database_url else store
    # Replicas follow the shared index folder's version pointer and report the build they serve.
    app.state.watcher = watcher = IndexWatcher(state, store, settings.index_poll_seconds) \
        if settings.index_poll_seconds else None
    app.state.metrics = metrics = Metrics()
    app.state.identities = identities = Identities.from_settings(settings)
    app.state.limits = limits = ServiceLimits(settings, limiter_for(settings, metrics.limits_failed_open.inc))
    install_error_handlers(app)
    install_switch(app, KillSwitch(store, settings.switch_poll_seconds))
    app.state.conversations = ConversationLog(store, settings.replica_name or socket.gethostname(),
                                              settings.conversation_log)
    retention = Periodic("retention", RetentionJob(store, settings.retention_days).run_once, 3600)
    scoring = Periodic("daily scoring", DailyScoring(store).run_once, 3600)
    # A body's backend must be one this server configures (the schema alone cannot know which).
    app.include_router(ask.router, dependencies=[Depends(answers_on), Depends(backend_in_body)], responses=INVALID_TEXT)
    for router in (health.router, search.router, openai_compat.router, schemes.router, feedback.router,
                   identity.router, pages.router, docs.router, admin.router, metrics_router(metrics),
                   operations_router, dashboard_router, accessibility_router):
        app.include_router(router, responses=INVALID_TEXT)
    install_middleware(app, settings, metrics, identities, limits)
    return app
