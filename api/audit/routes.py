"""/audit: an admin exports the look-ups on one citizen (a data-subject access request).
No route changes or deletes entries."""

from fastapi import APIRouter, Request
from pydantic import AwareDatetime, BaseModel

from api.audit import service
from api.auth.policy import CurrentUser, allow
from api.deps import DbSession
from api.schemas import PathId

router = APIRouter(prefix="/audit", tags=["audit"])


class AuditEntryOut(BaseModel):
    at: AwareDatetime
    actor: str
    role: str
    team: str
    citizen_id: int | None
    action: str
    purpose: str
    route: str


@router.get("/citizens/{citizen_id}")
@allow("admin")
def citizen_look_ups(
    citizen_id: PathId, request: Request, session: DbSession, user: CurrentUser
) -> list[AuditEntryOut]:
    """Every recorded read and write of one citizen's data, oldest first, for the citizen's
    access request (kept after the citizen is erased). The export is itself recorded."""
    entries = [
        AuditEntryOut.model_validate(row, from_attributes=True)
        for row in service.look_ups(session, citizen_id=citizen_id)
    ]
    service.record(
        session,
        request,
        user=user,
        citizen_ids=[citizen_id],
        action="export_audit",
        purpose="data_subject_request",
    )
    session.commit()
    return entries
