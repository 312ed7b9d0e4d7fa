"""The FastAPI application."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from api import web
from api.audit.routes import router as audit_router
from api.auth.policy import authorise
from api.auth.routes import router as auth_router
from api.citizens.routes import router as citizens_router
from api.composition.context import AppContext
from api.composition.settings import Settings
from api.composition.wiring import create_context
from api.learning.routes import router as learning_router
from api.placements.plan_routes import router as plans_router
from api.placements.routes import router as placements_router
from api.reference import routes as reference
from api.reranks.routes import router as reranks_router
from api.reverse.routes import router as reverse_router
from api.serving.malloc import keep_memory_small
from api.shared import openapi
from api.shared.errors import install_handlers
from api.shared.middleware import SecurityHeaders
from api.suggestions.routes import router as suggestions_router
from api.users.routes import router as users_router
from api.workplaces.routes import router as workplaces_router

log = logging.getLogger(__name__)


def start_serving(context: AppContext) -> None:
    """Bring the index up to date with the store, then keep it so in the background."""
    context.freshness.serve(context.settings.relay_interval_s)


def create_app(context: AppContext | None = None, settings: Settings | None = None) -> FastAPI:
    """The app; without a context one is made from settings and the index built at start-up."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if context is not None:
            yield
            return
        keep_memory_small()  # a serving process, before its threads and arrays
        serving = create_context(settings or Settings())
        app.state.context = serving
        start_serving(serving)
        try:
            yield
        finally:
            serving.freshness.stop()
            serving.close()

    app = FastAPI(
        title="Placement matcher",
        summary="Ranked, explained workplace suggestions for citizens in Danish employment "
        "programmes",
        version="0.1.0",
        lifespan=lifespan,
        # Every route passes the access check first; a route without a policy is closed.
        dependencies=[Depends(authorise)],
    )
    if context is not None:
        app.state.context = context
    install_handlers(app)
    app.add_middleware(SecurityHeaders)
    app.include_router(reference.router)
    app.include_router(auth_router)
    app.include_router(users_router)
    app.include_router(audit_router)
    app.include_router(workplaces_router)
    app.include_router(citizens_router)
    app.include_router(suggestions_router)
    app.include_router(reranks_router)
    app.include_router(placements_router)
    app.include_router(plans_router)
    app.include_router(learning_router)
    app.include_router(reverse_router)
    web.install(app)
    openapi.install(app)
    return app
