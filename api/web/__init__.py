"""Web pages for consultants, employer-coordinators and admins: server-rendered Jinja2, a
little plain JavaScript, Danish throughout. Each domain holds its pages (api/<domain>/pages.py)
beside its routes; this package holds what they share (rendering, forms, the merge page, the
Danish texts, error pages) and the one templates tree. The pages call the same services as the
JSON API, with the same access policies and audit log; the token lives in an HttpOnly cookie."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.auth.policy import WEB_PREFIX


def install(app: FastAPI) -> None:
    """The pages' routes, their style sheet and script, and their error pages."""
    from api.auth import pages as auth
    from api.citizens import pages as citizens
    from api.learning import pages as models
    from api.placements import pages as placements
    from api.placements import plan_pages as plans
    from api.reranks import pages as runs
    from api.reverse import pages as reverse
    from api.users import pages as users
    from api.web import errors
    from api.workplaces import pages as workplaces

    for module in (auth, citizens, placements, plans, workplaces, runs, models, reverse, users):
        app.include_router(module.router)
    app.mount(
        f"{WEB_PREFIX}/static",
        StaticFiles(directory=Path(__file__).parent / "static"),
        name="static",
    )
    errors.install(app)
