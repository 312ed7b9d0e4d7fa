"""The FastAPI application."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import reference
from api.citizens.routes import router as citizens_router
from api.context import AppContext, create_context
from api.errors import install_handlers
from api.settings import Settings
from api.suggestions.routes import router as suggestions_router
from api.workplaces.routes import router as workplaces_router


def create_app(context: AppContext | None = None, settings: Settings | None = None) -> FastAPI:
    """The app; without a context one is made from settings and the index built at start-up."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if context is None:
            app.state.context = create_context(settings or Settings())
            app.state.context.rebuild_index()
        yield

    app = FastAPI(
        title="Placement matcher",
        summary="Ranked, explained workplace suggestions for citizens in Danish employment "
        "programmes",
        version="0.1.0",
        lifespan=lifespan,
    )
    if context is not None:
        app.state.context = context
    install_handlers(app)
    app.include_router(reference.router)
    app.include_router(workplaces_router)
    app.include_router(citizens_router)
    app.include_router(suggestions_router)
    return app
