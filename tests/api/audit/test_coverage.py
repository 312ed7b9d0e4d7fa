"""Every route that reads or writes citizen data leaves an audit entry, and no other route
does. The table below says, for every route of the app, what citizen data it touches; the test
calls each route as an allowed user (with the samples of tests/api/auth/test_policy.py) and
checks the audit log against the table. A new route without a line here fails the suite, so
nobody has to remember the audit log for it to be checked."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from api.auth.policy import policy_of
from api.composition.context import AppContext
from store.models import AuditRow
from tests.api.auth.test_policy import (
    ADMIN,
    CONSULTANT,
    COORDINATOR,
    PORTFOLIO,
    ROLE_OF,
    ROUTES,
    SAMPLES,
    TEAM,
    SignedInClient,
    make_objects,
    signed_in,
    web_client,
)
from tests.api.auth.test_policy import world as world  # the same app and store

NONE = "no citizen data"
PROFILE = "a citizen's profile"
LIST = "the team's citizens (one entry per citizen shown)"
SUGGESTIONS = "suggestions for a citizen or an unsaved profile"
COURSE = "a citizen's contacts and course"
CANDIDATES = "citizens as anonymised candidates (one entry per citizen shown)"
NOTIFICATION = "a notification about a citizen"
BATCH = "a batch run's snapshots (by system, one per citizen)"
AUDIT = "a citizen's audit trail (the export is itself audited)"

READS: dict[tuple[str, str], str] = {
    ("DELETE", "/citizens/{citizen_id}"): PROFILE,
    ("DELETE", "/workplaces/{workplace_id}"): NONE,
    ("GET", "/app"): NONE,
    ("GET", "/app/citizens"): LIST,
    ("GET", "/app/citizens/new"): NONE,
    ("GET", "/app/citizens/{citizen_id}"): PROFILE,
    ("GET", "/app/citizens/{citizen_id}/edit"): PROFILE,
    ("GET", "/app/follow-ups"): COURSE,
    ("GET", "/app/login"): NONE,
    ("GET", "/app/model-card"): NONE,
    ("GET", "/app/models"): NONE,
    ("GET", "/app/models/{model_id}"): NONE,
    ("GET", "/app/notifications"): NOTIFICATION,
    ("GET", "/app/occupations"): NONE,
    ("GET", "/app/placements/{placement_id}"): COURSE,
    ("GET", "/app/placements/{placement_id}/plan"): COURSE,
    ("GET", "/app/placements/{placement_id}/plan/print"): COURSE,
    ("GET", "/app/runs"): NONE,
    ("GET", "/app/workplaces"): NONE,
    ("GET", "/app/workplaces/new"): NONE,
    ("GET", "/app/users"): NONE,
    ("GET", "/app/users/new"): NONE,
    ("GET", "/app/users/{user_id}"): NONE,
    ("GET", "/app/workplaces/{workplace_id}"): NONE,
    ("GET", "/app/workplaces/{workplace_id}/edit"): NONE,
    ("GET", "/app/workplaces/{workplace_id}/functions/{function_id}/candidates"): CANDIDATES,
    ("GET", "/audit/citizens/{citizen_id}"): AUDIT,
    ("GET", "/auth/me"): NONE,
    ("GET", "/citizens"): LIST,
    ("GET", "/citizens/{citizen_id}"): PROFILE,
    ("GET", "/citizens/{citizen_id}/placements"): COURSE,
    ("GET", "/citizens/{citizen_id}/snapshot"): SUGGESTIONS,
    ("GET", "/citizens/{citizen_id}/suggestions"): SUGGESTIONS,
    ("GET", "/follow-ups/due"): COURSE,
    ("GET", "/health"): NONE,
    ("GET", "/models"): NONE,
    ("GET", "/models/ranked-by"): NONE,
    ("GET", "/models/{model_id}"): NONE,
    ("GET", "/notifications"): NOTIFICATION,
    ("GET", "/occupations"): NONE,
    ("GET", "/placements/{placement_id}/plan"): COURSE,
    ("GET", "/placements/{placement_id}/plan/draft"): COURSE,
    ("GET", "/purposes"): NONE,
    ("GET", "/rerank-runs"): NONE,
    ("GET", "/rerank-runs/{run_id}"): NONE,
    ("GET", "/users"): NONE,
    ("GET", "/vocabulary"): NONE,
    ("GET", "/workplaces"): NONE,
    ("GET", "/workplaces/{workplace_id}"): NONE,
    ("GET", "/workplaces/{workplace_id}/data-quality"): NONE,
    ("GET", "/workplaces/{workplace_id}/functions/{function_id}/candidates"): CANDIDATES,
    ("GET", "/workplaces/{workplace_id}/placements"): NONE,
    ("PATCH", "/users/{user_id}"): NONE,
    ("POST", "/app/candidate-cards/{token}/notify"): NOTIFICATION,
    ("POST", "/app/citizens"): PROFILE,
    ("POST", "/app/citizens/{citizen_id}/contacts"): COURSE,
    ("POST", "/app/citizens/{citizen_id}/edit"): PROFILE,
    ("POST", "/app/citizens/{citizen_id}/merge"): PROFILE,
    ("POST", "/app/login"): NONE,
    ("POST", "/app/logout"): NONE,
    ("POST", "/app/models"): NONE,
    ("POST", "/app/models/rollback"): NONE,
    ("POST", "/app/models/{model_id}/activate"): NONE,
    ("POST", "/app/notifications/{notification_id}/decision"): NOTIFICATION,
    ("POST", "/app/placements/{placement_id}/follow-ups"): COURSE,
    ("POST", "/app/placements/{placement_id}/notes"): COURSE,
    ("POST", "/app/placements/{placement_id}/outcome"): COURSE,
    ("POST", "/app/placements/{placement_id}/plan"): COURSE,
    ("POST", "/app/placements/{placement_id}/status"): COURSE,
    ("POST", "/app/placements/{placement_id}/statuses-after"): COURSE,
    ("POST", "/app/placements/{placement_id}/undo"): COURSE,
    ("POST", "/app/purpose"): NONE,
    ("POST", "/app/runs"): BATCH,
    ("POST", "/app/session"): NONE,
    ("POST", "/app/workplaces"): NONE,
    ("POST", "/app/users"): NONE,
    ("POST", "/app/users/{user_id}"): NONE,
    ("POST", "/app/workplaces/{workplace_id}/edit"): NONE,
    ("POST", "/app/workplaces/{workplace_id}/merge"): NONE,
    ("POST", "/auth/logout"): NONE,
    ("POST", "/auth/token"): NONE,
    ("POST", "/candidate-cards/{token}/notify"): NOTIFICATION,
    ("POST", "/citizens"): PROFILE,
    ("POST", "/citizens/{citizen_id}/placements"): COURSE,
    ("POST", "/models"): NONE,
    ("POST", "/models/rollback"): NONE,
    ("POST", "/models/{model_id}/activate"): NONE,
    ("POST", "/notifications/{notification_id}/decision"): NOTIFICATION,
    ("POST", "/placements/{placement_id}/follow-ups"): COURSE,
    ("POST", "/placements/{placement_id}/notes"): COURSE,
    ("POST", "/placements/{placement_id}/outcome"): COURSE,
    ("POST", "/placements/{placement_id}/status"): COURSE,
    ("POST", "/placements/{placement_id}/statuses-after"): COURSE,
    ("POST", "/placements/{placement_id}/undo"): COURSE,
    ("POST", "/rerank-runs"): BATCH,
    ("POST", "/suggestions"): SUGGESTIONS,
    ("POST", "/users"): NONE,
    ("POST", "/workplaces"): NONE,
    ("PUT", "/citizens/{citizen_id}"): PROFILE,
    ("PUT", "/placements/{placement_id}/plan"): COURSE,
    ("PUT", "/workplaces/{workplace_id}"): NONE,
}

# Lists audit one entry per citizen they show: these ask for the team's, where the samples'
# course is (its plan is followed up by another consultant than the caller).
_SHOWING = {
    ("GET", "/follow-ups/due"): lambda c, o, x: c.get("/follow-ups/due", params={"team": True}),
    ("GET", "/app/follow-ups"): lambda c, o, x: c.get("/app/follow-ups", params={"team": True}),
}

# The allowed caller each route is called as: a consultant where one may, else the first role
# that may (coordinators before admins: the candidates are theirs alone).
_PREFERRED = (CONSULTANT, COORDINATOR, ADMIN)


@pytest.fixture(scope="module")
def callers(world: tuple[AppContext, FastAPI]) -> Iterator[dict[str | None, SignedInClient]]:
    _, app = world
    made: dict[str | None, SignedInClient] = {name: signed_in(app, name) for name in _PREFERRED}
    made[None] = signed_in(app, None)
    yield made
    for client in made.values():
        client.close()


def _entries(context: AppContext) -> int:
    with context.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(AuditRow)) or 0)


def _caller(endpoint: object) -> str | None:
    policy = policy_of(endpoint)
    assert policy is not None
    if policy.public:
        return None
    return next(name for name in _PREFERRED if ROLE_OF[name] in policy.roles)


def test_every_route_says_what_citizen_data_it_touches() -> None:
    routes = {(method, path) for method, path, _ in ROUTES}
    assert routes - READS.keys() == set(), "add these routes to READS with what they read"
    assert READS.keys() - routes == set(), "these routes are gone: take them out of READS"


@pytest.mark.parametrize(
    ("method", "path"),
    [pytest.param(m, p, id=f"{m} {p}") for m, p, _ in ROUTES if (m, p) in READS],
)
def test_a_route_is_audited_exactly_when_it_touches_citizen_data(
    world: tuple[AppContext, FastAPI],
    callers: dict[str | None, SignedInClient],
    method: str,
    path: str,
) -> None:
    context, app = world
    endpoint = next(e for m, p, e in ROUTES if (m, p) == (method, path))
    caller = _caller(endpoint)
    sample = SAMPLES[(method, path)]
    request = _SHOWING.get((method, path), sample.request)
    objects = make_objects(context, team=TEAM, portfolio=PORTFOLIO)
    before = _entries(context)
    if sample.web:
        with web_client(app, caller) as browser:
            response = request(browser, objects, context)
    else:
        response = request(callers[caller], objects, context)
    if sample.revokes:
        for client in callers.values():
            client.forget_tokens()
    assert response.status_code == sample.ok, response.text
    written = _entries(context) - before
    if READS[(method, path)] == NONE:
        assert written == 0, f"{method} {path} touches no citizen data but wrote {written}"
    else:
        assert written > 0, f"{method} {path} reads {READS[(method, path)]} and wrote no entry"
