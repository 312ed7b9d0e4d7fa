"""The API probed from outside by schemathesis: generated requests (valid and invalid) to every
operation of the OpenAPI document, as each of the three roles, seeded and bounded. Any 5xx
fails, and so does any answer the document does not describe (status code, content type,
headers, body). The figures are printed at the end of the run."""

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis.internal.conjecture import providers
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api.composition import demo
from api.composition.context import AppContext
from api.composition.wiring import create_context
from fixtures.generate import DATA_DIR
from store import users as user_repository
from tests.auth import ADMIN, CONSULTANT, COORDINATOR, PASSWORDS
from tests.conftest import make_settings

# One worker runs the whole module in order (make test runs pytest-xdist with --dist
# loadgroup; tests/conftest.py groups it): the last test reads what the probes tallied.
pytestmark = pytest.mark.slow

# Examples per operation and role: bounded so the run stays a few minutes; seeded (below) so
# that a failure is found again by the next run.
EXAMPLES = 20

# Hypothesis draws about one value in twenty from the literals of the project's own modules,
# which finds more, but moves the generated requests (and the status mix) with any change
# to the code. To compare what two commits answer, run both with MATCHER_PROBE_FIXED=1: the
# requests are then the same for the same document (a private hook of Hypothesis 6.1xx).
if os.environ.get("MATCHER_PROBE_FIXED") == "1":
    providers._get_local_constants = providers.Constants
ROLES = (CONSULTANT, COORDINATOR, ADMIN)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@dataclass
class Tally:
    requests: int = 0
    server_errors: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    seen: set[tuple[str, str, str]] = field(default_factory=set)


TALLY = Tally()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppContext, FastAPI]]:
    """The demo data on SQLite. The limits have tests of their own: here they would only
    answer 429 to most of the generated requests."""
    directory: Path = tmp_path_factory.mktemp("schemathesis")
    settings_ = make_settings(f"sqlite:///{directory / 'store.sqlite3'}", directory)
    context = create_context(
        settings_.model_copy(
            update={"login_rate_per_minute": 100_000, "suggestion_rate_per_minute": 100_000}
        )
    )
    demo.load_demo(context, DATA_DIR)
    context.freshness.rebuild()
    yield context, create_app(context)
    context.close()


class Roles:
    """A token per role, taken again when a generated request ended the role's sessions
    (POST /auth/logout). Generated changes to the role users themselves (a new password,
    deactivation) are sent to a decoy user instead, so each role is probed to the end."""

    def __init__(self, context: AppContext, app: FastAPI) -> None:
        self.app = app
        self.tokens: dict[str, str] = {}
        with context.sessions() as session:
            self.protected = {
                str(row.id) for row in user_repository.list_all(session) if row.username in ROLES
            }
            decoy = user_repository.create(
                session, username="lokkedue", password_hash="x", role="consultant", team="x"
            )
            session.commit()
            self.decoy = str(decoy.id)

    def headers(self, role: str) -> dict[str, str]:
        if role not in self.tokens:
            with TestClient(self.app) as client:
                answer = client.post(
                    "/auth/token", data={"username": role, "password": PASSWORDS[role]}
                )
            answer.raise_for_status()
            self.tokens[role] = answer.json()["access_token"]
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def forget(self) -> None:
        self.tokens.clear()


@pytest.fixture(scope="module")
def roles(world: tuple[AppContext, FastAPI]) -> Roles:
    return Roles(*world)


# The document needs no database (schemathesis' lazy, fixture-made schema fails under pytest
# 9); each request goes to the app on the demo data the `world` fixture makes.
schema = schemathesis.openapi.from_dict(create_app().openapi())


def probe_as(role: str) -> object:
    """The test for one role: every operation, EXAMPLES generated requests each (after the
    boundary cases schemathesis always tries)."""

    @schema.parametrize()
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def test(case: schemathesis.Case, world: tuple[AppContext, FastAPI], roles: Roles) -> None:
        if case.path_parameters and case.path_parameters.get("user_id") in roles.protected:
            case.path_parameters["user_id"] = roles.decoy
        response = case.call(app=world[1], headers=roles.headers(role))
        TALLY.seen.add((role, case.method.upper(), case.path))
        TALLY.requests += 1
        TALLY.statuses[response.status_code] += 1
        TALLY.server_errors += response.status_code >= 500
        if case.path == "/auth/logout" and response.status_code == 204:
            roles.forget()
        case.validate_response(response, checks=CHECKS)

    return test


test_as_a_consultant = probe_as(CONSULTANT)
test_as_a_coordinator = probe_as(COORDINATOR)
test_as_an_admin = probe_as(ADMIN)


def test_the_probe_reached_every_operation_as_every_role(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Runs after the probes (pytest keeps the file's order): their figures, and proof that
    they sent what they should have."""
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(TALLY.statuses.items()))
    with capsys.disabled():
        print(
            f"\nschemathesis: {TALLY.requests} requests as {len(ROLES)} roles, {EXAMPLES} "
            f"generated examples per operation and role (seeded), {TALLY.server_errors} server "
            f"errors; statuses {statuses}"
        )
    documented = {(o.ok().method.upper(), o.ok().path) for o in schema.get_all_operations()}
    reached = {(method, path) for _, method, path in TALLY.seen}
    assert documented <= reached  # and schemathesis tried other methods on the paths too
    operations = len(documented)
    assert TALLY.requests >= operations * len(ROLES) * EXAMPLES
    assert TALLY.server_errors == 0
