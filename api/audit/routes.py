"""/audit: an admin exports the look-ups on one citizen (a data-subject access request).
No route changes or deletes entries."""

from fastapi import APIRouter
from pydantic import AwareDatetime, BaseModel

from api.audit import service
from api.auth.policy import allow
from api.shared.deps import Unit
from api.shared.schemas import PathId
from store.states import AuditAction

# The purpose of the export, which answers the citizen's own access request.
DATA_SUBJECT_REQUEST = "data_subject_request"

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
def citizen_look_ups(citizen_id: PathId, unit: Unit) -> list[AuditEntryOut]:
    """Every recorded read and write of one citizen's data, oldest first, for the citizen's
    access request (kept after the citizen is erased). The export is itself recorded."""
    entries = [
        AuditEntryOut.model_validate(row, from_attributes=True)
        for row in service.look_ups(unit.session, citizen_id=citizen_id)
    ]
    unit.audit(AuditAction.EXPORT_AUDIT, [citizen_id], purpose=DATA_SUBJECT_REQUEST)
    return entries
