"""Health, vocabulary and occupation look-ups."""

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AfterValidator
from sqlalchemy import text

from api.auth.policy import ROLES, allow, public
from api.deps import Context
from api.schemas import plain_text
from indexer.backend import BackendUnavailable
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
) -> list[dict[str, str]]:
    """Occupations whose title matches (type-ahead), with their balance category."""
    return [
        {
            "occupation_code": e.occupation_code,
            "title": e.title,
            "balance_category": e.category,
            "period": e.period,
        }
        for e in context.balance().suggest_titles(q, limit=limit)
    ]


@router.get("/purposes")
@allow(*ROLES)
def purposes(context: Context) -> dict[str, str]:
    """Why a citizen's data may be read (code -> Danish label); a read names one."""
    return dict(context.settings.audit_purposes)
