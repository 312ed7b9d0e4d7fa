"""Health, vocabulary and occupation look-ups."""

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AfterValidator
from sqlalchemy import text

from api.auth.policy import ROLES, allow, public
from api.composition.context import AppContext
from api.shared.deps import Context
from api.shared.schemas import plain_text
from indexer.backend import BackendUnavailable
from matcher.occupations import default_occupations
from matcher.vocabulary import VOCABULARIES
from store import outbox

router = APIRouter(tags=["reference"])


@router.get("/health")
@public
def health(context: Context) -> dict[str, object]:
    """Whether the database answers, and what the search index holds."""
    database = "ok"
    try:
        with context.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # reported, not raised: health says what is wrong
        database = f"error: {type(exc).__name__}"
    indexed: int | None
    try:
        indexed = context.backend.count()
        search = "ok"
    except BackendUnavailable:
        indexed, search = None, "unavailable"
    with context.sessions() as session:
        waiting = outbox.pending_count(session) if database == "ok" else None
    return {
        "status": "ok" if database == search == "ok" else "degraded",
        "database": database,
        "search_backend": context.backend.name,
        "search": search,
        "indexed_workplaces": indexed,
        "changes_waiting_for_index": waiting,
    }


@router.get("/vocabulary")
@allow(*ROLES)
def vocabulary() -> dict[str, dict[str, str]]:
    """Every code the API accepts, with its Danish label."""
    return VOCABULARIES


@router.get("/occupations")
@allow(*ROLES)
def occupations(
    context: Context,
    q: Annotated[
        str,
        Query(min_length=1, max_length=100, description="Part of a title"),
        AfterValidator(plain_text),
    ],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[dict[str, str | None]]:
    """Job titles matching what was typed (type-ahead), from the DISCO-08 occupation table,
    with their occupation and its balance category (null when the balance has none)."""
    return occupation_suggestions(context, q, limit=limit)


def occupation_suggestions(
    context: AppContext, text: str, *, limit: int
) -> list[dict[str, str | None]]:
    """Titles for a type-ahead: each with its DISCO-08 code, the occupation's name, and the
    balance category and period in force for that code."""
    balance = context.matching.balance()
    found = []
    for match in default_occupations().suggest(text, limit=limit):
        entry = balance.get(match.occupation_code)
        found.append(
            {
                "title": match.title,
                "occupation_code": match.occupation_code,
                "occupation_name": match.occupation_name,
                "balance_category": entry.category if entry else None,
                "period": entry.period if entry else None,
            }
        )
    return found


@router.get("/purposes")
@allow(*ROLES)
def purposes(context: Context) -> dict[str, str]:
    """Why a citizen's data may be read (code -> Danish label); a read names one."""
    return dict(context.settings.audit_purposes)
