"""Web pages for consultants, employer-coordinators and admins: server-rendered Jinja2, a
little plain JavaScript, Danish throughout. They call the same services as the JSON API, with
the same access policies and audit log; the token lives in an HttpOnly cookie."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.auth.policy import WEB_PREFIX


def install(app: FastAPI) -> None:
    """The pages' routes, their style sheet and script, and their error pages."""
    from api.web import auth, citizens, courses, errors, models, plans, reverse, runs, workplaces

    for module in (auth, citizens, courses, plans, workplaces, runs, models, reverse):
        app.include_router(module.router)
    app.mount(
        f"{WEB_PREFIX}/static",
        StaticFiles(directory=Path(__file__).parent / "static"),
        name="static",
    )
    errors.install(app)
