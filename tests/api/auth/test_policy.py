"""Who may call what: role x route x own team / other team, generated from the app's route
table. A route without an access policy, or without a sample request here, fails the suite."""

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth.policy import policy_of
from api.citizens import service as citizen_service
from api.citizens.schemas import CitizenIn
from api.composition.context import AppContext
from api.composition.wiring import create_context
from api.placements.plan_schemas import PlanIn
from api.workplaces import service as workplace_service
from api.workplaces.schemas import WorkplaceIn
from matcher.learning.features import FEATURE_NAMES
from matcher.learning.model import LearnedRanking, interaction_names
from store import learning, notifications, placements, plans, reranks
from store import users as user_repository
from store.states import PlacementStatus, Trigger
from tests.api import payloads
from tests.auth import (
    ADMIN,
    CONSULTANT,
    COORDINATOR,
    PASSWORDS,
    SignedInClient,
    ensure_users,
    signed_in,
    web_client,
)
from tests.conftest import make_settings

TEAM, OTHER_TEAM = "jobcenter-syd", "jobcenter-nord"
PORTFOLIO, OTHER_PORTFOLIO = "virksomhedsservice-syd", "virksomhedsservice-nord"


@dataclass
class Objects:
    """The ids a sample request may name: on the caller's side, or the other team's."""

    citizen_id: int
    workplace_id: int
    run_id: int
    user_id: int
    placement_id: int
    """A course that started (with its changes kept)."""
    contacted_id: int
    """A contact with nothing come of it yet."""
    ended_id: int
    """A course that ended in July."""
    model_id: int
    """A learned ranking that passed its gate (it ranks nothing until activated)."""
    function_id: int
    """The workplace's function."""
    card_token: str
    """The citizen shown as a candidate for the function."""
    notification_id: int
    """An open notification to the citizen's team (about another function)."""


@dataclass(frozen=True)
class Sample:
    """A request that succeeds for an allowed caller with `ok`, and what `scope` the object
    it names belongs to: a citizen (another team's: 404), a workplace to write (another
    portfolio's: 403), or nothing team-bound (None)."""

    request: Callable[[TestClient, Objects, AppContext], Any]
    ok: int
    scope: str | None = None
    web: bool = False
    # A log-out: the caller's tokens stop working, so the test clients sign in again.
    revokes: bool = False


def _csrf(client: TestClient) -> str:
    return client.cookies.get("matcher_csrf") or ""


def _citizen_form(context: AppContext, citizen_id: int) -> dict[str, Any]:
    """The profile as the edit page's form sends it back."""
    body = _citizen_body(context, citizen_id)
    form: dict[str, Any] = {
        "version": body["version"],
        "reference": body["reference"],
        "target_group": body["target_group"],
        "skills": "\n".join(body.get("skills", [])),
        "postal_code": body.get("postal_code", ""),
        "max_commute_km": body.get("max_commute_km", ""),
        "weekly_hours.min": body["weekly_hours"]["min"],
        "weekly_hours.max": body["weekly_hours"]["max"],
        "placement_types": body.get("placement_types", []),
        "purpose": body["purpose"],
        "danish_level": body["danish_level"],
        "active": "on",
    }
    for need in body.get("accommodation_needs", []):
        form[f"need.{need['code']}"] = "hard" if need["hard"] else "soft"
    for index, goal in enumerate(body.get("goal_occupations", [])):
        form[f"goal_occupations.{index}.title"] = goal["title"]
    return form


def _workplace_form(context: AppContext, workplace_id: int) -> dict[str, Any]:
    """The workplace as the edit page's form sends it back."""
    body = _workplace_body(context, workplace_id)
    form: dict[str, Any] = {
        key: body[key]
        for key in (
            "version",
            "name",
            "address",
            "postal_code",
            "industry",
            "ordinary_employees",
            "current_subsidised_placements",
        )
    }
    form["accommodations"] = body["accommodations"]
    for key, value in body["record"].items():
        form[f"record.{key}"] = value
    for index, function in enumerate(body["functions"]):
        prefix = f"functions.{index}"
        form[f"{prefix}.id"] = function["id"]
        form[f"{prefix}.title"] = function["title"]
        form[f"{prefix}.occupation_code"] = function["occupation_code"]
        form[f"{prefix}.tasks"] = "\n".join(function["tasks"])
        form[f"{prefix}.weekly_hours.min"] = function["weekly_hours"]["min"]
        form[f"{prefix}.weekly_hours.max"] = function["weekly_hours"]["max"]
        form[f"{prefix}.placement_types"] = function["placement_types"]
        form[f"{prefix}.accommodations"] = function["accommodations"]
    return form


_NEW_CITIZEN_FORM = {
    "target_group": "sick_listed",
    "skills": "lager",
    "postal_code": "2500",
    "weekly_hours.min": "10",
    "weekly_hours.max": "20",
    "active": "on",
}


_NEW_WORKPLACE_FORM = {
    "name": "Café Adgang",
    "address": "Vesterbrogade 1",
    "postal_code": "2500",
    "industry": "cafe",
    "ordinary_employees": "4",
    "current_subsidised_placements": "0",
    "functions.0.title": "Opvask",
    "functions.0.occupation_code": "9412",
    "functions.0.weekly_hours.min": "10",
    "functions.0.weekly_hours.max": "20",
    "functions.0.placement_types": "internship",
}


def _merge_form(stored: dict[str, Any]) -> dict[str, str]:
    """A merge page's form where nobody changed anything: saving it saves the stored record."""
    document = json.dumps(stored)
    return {"version": str(stored["version"]), "mine": document, "base": document}


def _citizen_body(context: AppContext, citizen_id: int) -> dict[str, Any]:
    with context.sessions() as session:
        row = citizen_service.get_or_raise(session, citizen_id=citizen_id)
        return citizen_service.to_out(row).model_dump(mode="json", exclude_none=True)


def _workplace_body(context: AppContext, workplace_id: int) -> dict[str, Any]:
    with context.sessions() as session:
        row = workplace_service.get_or_raise(session, workplace_id=workplace_id)
        return workplace_service.to_out(row).model_dump(mode="json", exclude_none=True)


def _reference() -> str:
    """A fresh case reference, in letters only: ten random digits could make a CPR number."""
    return "JC-" + uuid.uuid4().hex[:10].translate(str.maketrans("0123456789", "ghijklmnop"))


PROFILE = payloads.citizen(reference="SAMTALE-1")
# A model that finds every suggestion equally likely to go well (the hand order stays).
_NEUTRAL_MODEL = LearnedRanking(
    FEATURE_NAMES,
    np.zeros(len(interaction_names(FEATURE_NAMES))),
    np.ones(len(interaction_names(FEATURE_NAMES))),
    np.zeros(len(interaction_names(FEATURE_NAMES))),
    0.0,
).to_json()


def _activated(context: AppContext, model_id: int) -> None:
    with context.sessions.begin() as session:
        row = learning.get(session, model_id=model_id)
        assert row is not None
        learning.activate(session, row=row, by="setup")


SAMPLES: dict[tuple[str, str], Sample] = {
    ("GET", "/health"): Sample(lambda c, o, x: c.get("/health"), 200),
    ("GET", "/vocabulary"): Sample(lambda c, o, x: c.get("/vocabulary"), 200),
    ("GET", "/occupations"): Sample(
        lambda c, o, x: c.get("/occupations", params={"q": "lager"}), 200
    ),
    ("GET", "/purposes"): Sample(lambda c, o, x: c.get("/purposes"), 200),
    ("POST", "/auth/token"): Sample(
        lambda c, o, x: c.post(
            "/auth/token", data={"username": ADMIN, "password": PASSWORDS[ADMIN]}
        ),
        200,
    ),
    ("GET", "/auth/me"): Sample(lambda c, o, x: c.get("/auth/me"), 200),
    ("POST", "/auth/logout"): Sample(lambda c, o, x: c.post("/auth/logout"), 204, revokes=True),
    ("GET", "/users"): Sample(lambda c, o, x: c.get("/users"), 200),
    ("POST", "/users"): Sample(
        lambda c, o, x: c.post(
            "/users",
            json={
                "username": f"u{uuid.uuid4().hex[:8]}",
                "password": "a-long-enough-password",
                "role": "consultant",
                "team": TEAM,
            },
        ),
        201,
    ),
    ("PATCH", "/users/{user_id}"): Sample(
        lambda c, o, x: c.patch(f"/users/{o.user_id}", json={"active": True}), 200
    ),
    ("GET", "/audit/citizens/{citizen_id}"): Sample(
        lambda c, o, x: c.get(f"/audit/citizens/{o.citizen_id}"), 200
    ),
    ("GET", "/workplaces"): Sample(lambda c, o, x: c.get("/workplaces"), 200),
    ("POST", "/workplaces"): Sample(
        lambda c, o, x: c.post("/workplaces", json=payloads.workplace()), 201
    ),
    ("GET", "/workplaces/{workplace_id}"): Sample(
        lambda c, o, x: c.get(f"/workplaces/{o.workplace_id}"), 200
    ),
    ("PUT", "/workplaces/{workplace_id}"): Sample(
        lambda c, o, x: c.put(
            f"/workplaces/{o.workplace_id}", json=_workplace_body(x, o.workplace_id)
        ),
        200,
        "workplace",
    ),
    ("DELETE", "/workplaces/{workplace_id}"): Sample(
        lambda c, o, x: c.delete(f"/workplaces/{o.workplace_id}"), 204, "workplace"
    ),
    ("GET", "/citizens"): Sample(lambda c, o, x: c.get("/citizens"), 200),
    ("POST", "/citizens"): Sample(
        lambda c, o, x: c.post("/citizens", json=payloads.citizen(reference=_reference())), 201
    ),
    ("GET", "/citizens/{citizen_id}"): Sample(
        lambda c, o, x: c.get(f"/citizens/{o.citizen_id}"), 200, "citizen"
    ),
    ("PUT", "/citizens/{citizen_id}"): Sample(
        lambda c, o, x: c.put(f"/citizens/{o.citizen_id}", json=_citizen_body(x, o.citizen_id)),
        200,
        "citizen",
    ),
    ("DELETE", "/citizens/{citizen_id}"): Sample(
        lambda c, o, x: c.delete(f"/citizens/{o.citizen_id}"), 204, "citizen"
    ),
    ("GET", "/citizens/{citizen_id}/suggestions"): Sample(
        lambda c, o, x: c.get(f"/citizens/{o.citizen_id}/suggestions"), 200, "citizen"
    ),
    ("POST", "/suggestions"): Sample(
        lambda c, o, x: c.post("/suggestions", json={"profile": PROFILE}), 200
    ),
    ("GET", "/citizens/{citizen_id}/snapshot"): Sample(
        lambda c, o, x: c.get(f"/citizens/{o.citizen_id}/snapshot"), 200, "citizen"
    ),
    ("POST", "/citizens/{citizen_id}/placements"): Sample(
        lambda c, o, x: c.post(
            f"/citizens/{o.citizen_id}/placements", json={"workplace_id": o.workplace_id}
        ),
        201,
        "citizen",
    ),
    ("GET", "/citizens/{citizen_id}/placements"): Sample(
        lambda c, o, x: c.get(f"/citizens/{o.citizen_id}/placements"), 200, "citizen"
    ),
    ("POST", "/placements/{placement_id}/outcome"): Sample(
        lambda c, o, x: c.post(
            f"/placements/{o.placement_id}/outcome", json={"outcome": "paid_hours"}
        ),
        200,
        "citizen",
    ),
    ("POST", "/placements/{placement_id}/status"): Sample(
        lambda c, o, x: c.post(f"/placements/{o.contacted_id}/status", json={"status": "agreed"}),
        200,
        "citizen",
    ),
    ("POST", "/placements/{placement_id}/undo"): Sample(
        lambda c, o, x: c.post(f"/placements/{o.placement_id}/undo"), 200, "citizen"
    ),
    ("POST", "/placements/{placement_id}/notes"): Sample(
        lambda c, o, x: c.post(f"/placements/{o.placement_id}/notes", json={"text": "Godt møde"}),
        201,
        "citizen",
    ),
    ("GET", "/placements/{placement_id}/plan/draft"): Sample(
        lambda c, o, x: c.get(f"/placements/{o.contacted_id}/plan/draft"), 200, "citizen"
    ),
    ("GET", "/placements/{placement_id}/plan"): Sample(
        lambda c, o, x: c.get(f"/placements/{o.placement_id}/plan"), 200, "citizen"
    ),
    ("PUT", "/placements/{placement_id}/plan"): Sample(
        lambda c, o, x: c.put(f"/placements/{o.contacted_id}/plan", json=payloads.plan()),
        200,
        "citizen",
    ),
    ("POST", "/placements/{placement_id}/follow-ups"): Sample(
        lambda c, o, x: c.post(
            f"/placements/{o.placement_id}/follow-ups",
            json={"held_on": "2026-11-20", "hours_per_week": 12},
        ),
        201,
        "citizen",
    ),
    ("POST", "/placements/{placement_id}/statuses-after"): Sample(
        lambda c, o, x: c.post(
            f"/placements/{o.ended_id}/statuses-after", json={"months": 3, "status": "paid_hours"}
        ),
        201,
        "citizen",
    ),
    ("GET", "/follow-ups/due"): Sample(lambda c, o, x: c.get("/follow-ups/due"), 200),
    ("GET", "/workplaces/{workplace_id}/placements"): Sample(
        lambda c, o, x: c.get(f"/workplaces/{o.workplace_id}/placements"), 200
    ),
    ("GET", "/workplaces/{workplace_id}/data-quality"): Sample(
        lambda c, o, x: c.get(f"/workplaces/{o.workplace_id}/data-quality"), 200
    ),
    ("POST", "/rerank-runs"): Sample(lambda c, o, x: c.post("/rerank-runs", json={}), 202),
    # The web pages: a redirect (303) after a form, a page (200) otherwise.
    ("GET", "/app/login"): Sample(lambda c, o, x: c.get("/app/login"), 200),
    ("POST", "/app/login"): Sample(
        lambda c, o, x: c.post(
            "/app/login",
            data={"username": ADMIN, "password": PASSWORDS[ADMIN], "purpose": "case_work"},
        ),
        303,
    ),
    ("POST", "/app/logout"): Sample(
        lambda c, o, x: c.post("/app/logout", data={"csrf": _csrf(c)}), 303, revokes=True
    ),
    ("GET", "/app"): Sample(lambda c, o, x: c.get("/app"), 303),
    ("POST", "/app/purpose"): Sample(
        lambda c, o, x: c.post(
            "/app/purpose", data={"csrf": _csrf(c), "purpose": "matching", "back": "/app/runs"}
        ),
        303,
    ),
    ("GET", "/app/citizens"): Sample(lambda c, o, x: c.get("/app/citizens"), 200),
    ("GET", "/app/citizens/new"): Sample(lambda c, o, x: c.get("/app/citizens/new"), 200),
    ("POST", "/app/citizens"): Sample(
        lambda c, o, x: c.post(
            "/app/citizens",
            data={"csrf": _csrf(c), "reference": _reference(), **_NEW_CITIZEN_FORM},
        ),
        303,
    ),
    ("GET", "/app/citizens/{citizen_id}"): Sample(
        lambda c, o, x: c.get(f"/app/citizens/{o.citizen_id}"), 200, "citizen"
    ),
    ("GET", "/app/citizens/{citizen_id}/edit"): Sample(
        lambda c, o, x: c.get(f"/app/citizens/{o.citizen_id}/edit"), 200, "citizen"
    ),
    ("POST", "/app/citizens/{citizen_id}/edit"): Sample(
        lambda c, o, x: c.post(
            f"/app/citizens/{o.citizen_id}/edit",
            data={"csrf": _csrf(c), **_citizen_form(x, o.citizen_id)},
        ),
        303,
        "citizen",
    ),
    ("POST", "/app/citizens/{citizen_id}/merge"): Sample(
        lambda c, o, x: c.post(
            f"/app/citizens/{o.citizen_id}/merge",
            data={"csrf": _csrf(c), **_merge_form(_citizen_body(x, o.citizen_id))},
        ),
        303,
        "citizen",
    ),
    ("POST", "/app/citizens/{citizen_id}/contacts"): Sample(
        lambda c, o, x: c.post(
            f"/app/citizens/{o.citizen_id}/contacts",
            data={"csrf": _csrf(c), "workplace_id": o.workplace_id},
        ),
        303,
        "citizen",
    ),
    ("POST", "/app/placements/{placement_id}/outcome"): Sample(
        lambda c, o, x: c.post(
            f"/app/placements/{o.placement_id}/outcome",
            data={"csrf": _csrf(c), "outcome": "education"},
        ),
        303,
        "citizen",
    ),
    ("POST", "/app/placements/{placement_id}/status"): Sample(
        lambda c, o, x: c.post(
            f"/app/placements/{o.contacted_id}/status",
            data={"csrf": _csrf(c), "status": "agreed"},
        ),
        303,
        "citizen",
    ),
    ("POST", "/app/placements/{placement_id}/undo"): Sample(
        lambda c, o, x: c.post(f"/app/placements/{o.placement_id}/undo", data={"csrf": _csrf(c)}),
        303,
        "citizen",
    ),
    ("POST", "/app/placements/{placement_id}/notes"): Sample(
        lambda c, o, x: c.post(
            f"/app/placements/{o.placement_id}/notes",
            data={"csrf": _csrf(c), "text": "Godt møde"},
        ),
        303,
        "citizen",
    ),
    ("GET", "/app/placements/{placement_id}"): Sample(
        lambda c, o, x: c.get(f"/app/placements/{o.placement_id}"), 200, "citizen"
    ),
    ("GET", "/app/placements/{placement_id}/plan"): Sample(
        lambda c, o, x: c.get(f"/app/placements/{o.contacted_id}/plan"), 200, "citizen"
    ),
    ("POST", "/app/placements/{placement_id}/plan"): Sample(
        lambda c, o, x: c.post(
            f"/app/placements/{o.contacted_id}/plan",
            data={
                "csrf": _csrf(c),
                **{k: str(v) for k, v in payloads.plan().items() if not isinstance(v, list)},
                "step_hours": "2",
                "step_every_weeks": "2",
            },
        ),
        303,
        "citizen",
    ),
    ("GET", "/app/placements/{placement_id}/plan/print"): Sample(
        lambda c, o, x: c.get(f"/app/placements/{o.placement_id}/plan/print"), 200, "citizen"
    ),
    ("POST", "/app/placements/{placement_id}/follow-ups"): Sample(
        lambda c, o, x: c.post(
            f"/app/placements/{o.placement_id}/follow-ups",
            data={"csrf": _csrf(c), "held_on": "2026-11-20", "hours_per_week": "12"},
        ),
        303,
        "citizen",
    ),
    ("POST", "/app/placements/{placement_id}/statuses-after"): Sample(
        lambda c, o, x: c.post(
            f"/app/placements/{o.ended_id}/statuses-after",
            data={"csrf": _csrf(c), "months": "1", "status": "education"},
        ),
        303,
        "citizen",
    ),
    ("GET", "/app/follow-ups"): Sample(lambda c, o, x: c.get("/app/follow-ups"), 200),
    ("GET", "/app/occupations"): Sample(
        lambda c, o, x: c.get("/app/occupations", params={"q": "lager"}), 200
    ),
    ("GET", "/app/workplaces"): Sample(lambda c, o, x: c.get("/app/workplaces"), 200),
    ("GET", "/app/workplaces/new"): Sample(lambda c, o, x: c.get("/app/workplaces/new"), 200),
    ("POST", "/app/workplaces"): Sample(
        lambda c, o, x: c.post("/app/workplaces", data={"csrf": _csrf(c), **_NEW_WORKPLACE_FORM}),
        303,
    ),
    ("GET", "/app/workplaces/{workplace_id}"): Sample(
        lambda c, o, x: c.get(f"/app/workplaces/{o.workplace_id}"), 200
    ),
    ("GET", "/app/workplaces/{workplace_id}/edit"): Sample(
        lambda c, o, x: c.get(f"/app/workplaces/{o.workplace_id}/edit"), 200, "workplace"
    ),
    ("POST", "/app/workplaces/{workplace_id}/edit"): Sample(
        lambda c, o, x: c.post(
            f"/app/workplaces/{o.workplace_id}/edit",
            data={"csrf": _csrf(c), **_workplace_form(x, o.workplace_id)},
        ),
        303,
        "workplace",
    ),
    ("POST", "/app/workplaces/{workplace_id}/merge"): Sample(
        lambda c, o, x: c.post(
            f"/app/workplaces/{o.workplace_id}/merge",
            data={"csrf": _csrf(c), **_merge_form(_workplace_body(x, o.workplace_id))},
        ),
        303,
        "workplace",
    ),
    ("POST", "/app/session"): Sample(
        lambda c, o, x: c.post("/app/session", data={"csrf": _csrf(c)}), 200
    ),
    ("GET", "/app/runs"): Sample(lambda c, o, x: c.get("/app/runs"), 200),
    ("GET", "/app/users"): Sample(lambda c, o, x: c.get("/app/users"), 200),
    ("GET", "/app/users/new"): Sample(lambda c, o, x: c.get("/app/users/new"), 200),
    ("POST", "/app/users"): Sample(
        lambda c, o, x: c.post(
            "/app/users",
            data={
                "csrf": _csrf(c),
                "username": f"u{uuid.uuid4().hex[:8]}",
                "password": "a-long-enough-password",
                "role": "consultant",
                "team": "jobcenter-syd",
            },
        ),
        303,
    ),
    ("GET", "/app/users/{user_id}"): Sample(lambda c, o, x: c.get(f"/app/users/{o.user_id}"), 200),
    ("POST", "/app/users/{user_id}"): Sample(
        lambda c, o, x: c.post(
            f"/app/users/{o.user_id}", data={"csrf": _csrf(c), "active": "on", "was_active": "true"}
        ),
        303,
    ),
    ("POST", "/app/runs"): Sample(
        lambda c, o, x: c.post("/app/runs", data={"csrf": _csrf(c)}), 303
    ),
    ("GET", "/app/models"): Sample(lambda c, o, x: c.get("/app/models"), 200),
    ("GET", "/app/models/{model_id}"): Sample(
        lambda c, o, x: c.get(f"/app/models/{o.model_id}"), 200
    ),
    ("GET", "/app/model-card"): Sample(lambda c, o, x: c.get("/app/model-card"), 200),
    ("GET", "/app/workplaces/{workplace_id}/functions/{function_id}/candidates"): Sample(
        lambda c, o, x: c.get(
            f"/app/workplaces/{o.workplace_id}/functions/{o.function_id}/candidates"
        ),
        200,
        "workplace",
    ),
    ("POST", "/app/candidate-cards/{token}/notify"): Sample(
        lambda c, o, x: c.post(
            f"/app/candidate-cards/{o.card_token}/notify", data={"csrf": _csrf(c)}
        ),
        303,
        "workplace",
    ),
    ("GET", "/app/notifications"): Sample(lambda c, o, x: c.get("/app/notifications"), 200),
    ("POST", "/app/notifications/{notification_id}/decision"): Sample(
        lambda c, o, x: c.post(
            f"/app/notifications/{o.notification_id}/decision",
            data={"csrf": _csrf(c), "decision": "dismiss"},
        ),
        303,
        "citizen",
    ),
    ("POST", "/app/models"): Sample(
        lambda c, o, x: c.post("/app/models", data={"csrf": _csrf(c)}), 303
    ),
    ("POST", "/app/models/{model_id}/activate"): Sample(
        lambda c, o, x: c.post(f"/app/models/{o.model_id}/activate", data={"csrf": _csrf(c)}),
        303,
    ),
    ("POST", "/app/models/rollback"): Sample(
        lambda c, o, x: (
            _activated(x, o.model_id),
            c.post("/app/models/rollback", data={"csrf": _csrf(c)}),
        )[1],
        303,
    ),
    ("GET", "/rerank-runs"): Sample(lambda c, o, x: c.get("/rerank-runs"), 200),
    ("POST", "/models"): Sample(lambda c, o, x: c.post("/models"), 201),
    ("GET", "/workplaces/{workplace_id}/functions/{function_id}/candidates"): Sample(
        lambda c, o, x: c.get(f"/workplaces/{o.workplace_id}/functions/{o.function_id}/candidates"),
        200,
        "workplace",
    ),
    ("POST", "/candidate-cards/{token}/notify"): Sample(
        lambda c, o, x: c.post(f"/candidate-cards/{o.card_token}/notify"), 201, "workplace"
    ),
    ("GET", "/notifications"): Sample(lambda c, o, x: c.get("/notifications"), 200),
    ("POST", "/notifications/{notification_id}/decision"): Sample(
        lambda c, o, x: c.post(
            f"/notifications/{o.notification_id}/decision", json={"decision": "dismiss"}
        ),
        200,
        "citizen",
    ),
    ("GET", "/models"): Sample(lambda c, o, x: c.get("/models"), 200),
    ("GET", "/models/ranked-by"): Sample(lambda c, o, x: c.get("/models/ranked-by"), 200),
    ("GET", "/models/{model_id}"): Sample(lambda c, o, x: c.get(f"/models/{o.model_id}"), 200),
    ("POST", "/models/{model_id}/activate"): Sample(
        lambda c, o, x: c.post(f"/models/{o.model_id}/activate"), 200
    ),
    ("POST", "/models/rollback"): Sample(
        lambda c, o, x: (_activated(x, o.model_id), c.post("/models/rollback"))[1], 200
    ),
    ("GET", "/rerank-runs/{run_id}"): Sample(
        lambda c, o, x: c.get(f"/rerank-runs/{o.run_id}"), 200
    ),
}


SAMPLES = {
    (method, path): Sample(s.request, s.ok, s.scope, web=path.startswith("/app"), revokes=s.revokes)
    for (method, path), s in SAMPLES.items()
}


def _route_table() -> list[tuple[str, str, object]]:
    """Every API route of the app as (method, path template, endpoint), included routers'
    too (the interactive documentation's pages are not API routes)."""
    return sorted(
        (method, route.path, route.endpoint)
        for route in iter_route_contexts(create_app().routes)
        if isinstance(route.original_route, APIRoute)
        for method in route.methods
    )


ROUTES = _route_table()
CALLERS = ("anonymous", CONSULTANT, COORDINATOR, ADMIN)
ROLE_OF = {CONSULTANT: "consultant", COORDINATOR: "employer_coordinator", ADMIN: "admin"}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppContext, FastAPI]]:
    directory = tmp_path_factory.mktemp("access")
    settings = make_settings(f"sqlite:///{directory / 'store.sqlite3'}", directory)
    context = create_context(settings.model_copy(update={"tasks_eager": True}))
    ensure_users(context)
    context.freshness.rebuild()
    yield context, create_app(context)
    context.close()


@pytest.fixture(scope="module")
def clients(world: tuple[AppContext, FastAPI]) -> Iterator[dict[str, SignedInClient]]:
    _, app = world
    made = {name: signed_in(app, name) for name in (CONSULTANT, COORDINATOR, ADMIN)}
    made["anonymous"] = signed_in(app, None)
    yield made
    for client in made.values():
        client.close()


def make_objects(context: AppContext, *, team: str, portfolio: str) -> Objects:
    """A citizen of the team with a batch snapshot, a workplace in the portfolio, a run, and
    a user for admins to change; fresh for every case, so writes never meet each other."""
    with context.sessions() as session:
        citizen = citizen_service.create(
            session,
            data=CitizenIn.model_validate(payloads.citizen(reference=_reference())),
            postal_codes=context.matching.postal_codes,
            team=team,
            by="test",
        )
        workplace = workplace_service.create(
            session,
            data=WorkplaceIn.model_validate(payloads.workplace()),
            postal_codes=context.matching.postal_codes,
            portfolio=portfolio,
            by="test",
        )
        run = reranks.create_run(session, trigger=Trigger.MANUAL, citizen_ids=[citizen.id], top_k=5)
        reranks.add_snapshot(
            session,
            run_id=run.id,
            citizen_id=citizen.id,
            suggestions=[],
            changes={"new": [], "dropped": [], "moved_up": [], "moved_down": []},
        )
        user = user_repository.create(
            session,
            username=f"u{uuid.uuid4().hex[:8]}",
            password_hash="x",
            role="consultant",
            team=team,
        )
        placement, contacted, ended = (
            placements.create(
                session,
                citizen_id=citizen.id,
                team=team,
                workplace_id=workplace.id,
                workplace_name=workplace.name,
                function_id=None,
                function_title=None,
                placement_type=None,
            )
            for _ in range(3)
        )
        for row in (placement, ended):
            for status in (PlacementStatus.AGREED, PlacementStatus.STARTED):
                placements.change_status(session, row=row, to=status, by="setup")
        plan = PlanIn.model_validate(payloads.plan()).model_dump(exclude={"version"})
        plans.save_plan(session, row=placement, values=plan, version=None, by="setup")
        placements.end(session, row=ended, values={"outcome": "paid_hours"}, by="setup")
        ended.ended_at = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
        session.commit()
        model = learning.add_model(
            session,
            by="setup",
            trained_on=300,
            tested_on=100,
            windows={},
            parameters=_NEUTRAL_MODEL,
            refused=[],
        )
        session.commit()
        function_id = workplace.functions[0].id
        (card_token,) = notifications.add_cards(
            session,
            shown=[(citizen.id, 50.0)],
            workplace_id=workplace.id,
            function_id=function_id,
            by="setup",
        )
        notification = notifications.add(
            session,
            citizen_id=citizen.id,
            team=team,
            workplace_id=workplace.id,
            workplace_name=workplace.name,
            function_id=function_id + 100_000,
            function_title="Et andet job",
            score=50.0,
            created_by="setup",
        )
        session.commit()
        objects = Objects(
            citizen.id,
            workplace.id,
            run.id,
            user.id,
            placement.id,
            contacted.id,
            ended.id,
            model.id,
            function_id,
            card_token,
            notification.id,
        )
    context.relay.run_once()
    return objects


def _expected(
    policy_roles: frozenset[str], public: bool, caller: str, sample: Sample, own: bool, method: str
) -> int:
    if public:
        return sample.ok
    if caller == "anonymous":
        # The pages send the browser to the log-in; a form sent is kept in the log-in page.
        return (401 if method == "POST" else 303) if sample.web else 401
    if ROLE_OF[caller] not in policy_roles:
        return 403
    if own or sample.scope is None:
        return sample.ok
    if sample.scope == "citizen":
        # Another team's citizen is answered as a missing one; admins erase any citizen.
        return sample.ok if ROLE_OF[caller] == "admin" else 404
    return 403  # another portfolio's workplace: visible to all, editable by its team only


def _sides(method: str, path: str) -> tuple[bool, ...]:
    """Own side only, unless the route names a team-bound object."""
    sample = SAMPLES.get((method, path))
    return (True, False) if sample is not None and sample.scope else (True,)


CASES = [
    pytest.param(
        method, path, caller, own, id=f"{method} {path} as {caller} ({'own' if own else 'other'})"
    )
    for method, path, _ in ROUTES
    for caller in CALLERS
    for own in _sides(method, path)
]


@pytest.mark.parametrize(("method", "path", "caller", "own"), CASES)
def test_access_matrix(
    world: tuple[AppContext, FastAPI],
    clients: dict[str, SignedInClient],
    method: str,
    path: str,
    caller: str,
    own: bool,
) -> None:
    context, _ = world
    endpoint = next(e for m, p, e in ROUTES if (m, p) == (method, path))
    policy = policy_of(endpoint)
    assert policy is not None, f"{method} {path} declares no access policy (@allow or @public)"
    sample = SAMPLES.get((method, path))
    assert sample is not None, f"add a sample request for {method} {path} to test_access.py"
    objects = make_objects(
        context,
        team=TEAM if own else OTHER_TEAM,
        portfolio=PORTFOLIO if own else OTHER_PORTFOLIO,
    )
    if sample.web:
        _, app = world
        with web_client(app, None if caller == "anonymous" else caller) as browser:
            response = sample.request(browser, objects, context)
    else:
        response = sample.request(clients[caller], objects, context)
    expected = _expected(policy.roles, policy.public, caller, sample, own, method)
    if sample.revokes:
        for client in clients.values():
            client.forget_tokens()
    assert response.status_code == expected, response.text


def test_a_route_without_a_policy_is_closed_to_everyone(world: tuple[AppContext, FastAPI]) -> None:
    context, _ = world
    app = create_app(context)

    @app.get("/forgotten")
    def forgotten() -> dict[str, str]:
        return {"secret": "citizen data"}

    for name in (CONSULTANT, COORDINATOR, ADMIN):
        with signed_in(app, name) as client:
            response = client.get("/forgotten")
            assert response.status_code == 403
            assert "no access policy" in response.json()["detail"]
    assert TestClient(app).get("/forgotten").status_code == 403


def test_no_route_changes_or_deletes_audit_entries() -> None:
    audit_routes = [(m, p) for m, p, _ in ROUTES if p.startswith("/audit")]
    assert audit_routes and all(method == "GET" for method, _ in audit_routes)


def test_every_sample_is_a_route() -> None:
    assert set(SAMPLES) <= {(m, p) for m, p, _ in ROUTES}
