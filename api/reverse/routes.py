"""Reverse matching: a function's candidates (coordinators), notifications (consultants)."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.auth.policy import CurrentUser, allow
from api.reverse import service
from api.reverse.schemas import CandidatesOut, DecisionIn, NotificationOut, SentOut
from api.shared.deps import ReadingUnit, WritingUnit
from api.shared.errors import Conflict, Forbidden, NotFound, TooManyRequests, error_responses
from api.shared.schemas import PathId

router = APIRouter(tags=["reverse matching"])


@router.get(
    "/workplaces/{workplace_id}/functions/{function_id}/candidates",
    responses=error_responses(NotFound, Forbidden, Conflict, TooManyRequests),
)
@allow("employer_coordinator")
def function_candidates(
    workplace_id: PathId,
    function_id: PathId,
    unit: ReadingUnit,
    user: CurrentUser,
    limit: Annotated[
        int,
        Query(
            ge=1,
            le=50,
            description="About how many cards: whole groups of at least min_group alike",
        ),
    ] = 20,
) -> CandidatesOut:
    """Who could fill this slot: the active citizens a function of a workplace in your
    portfolio suits, best first, by the same scorer and filters as their own suggestions.
    Each is an anonymised card (no name, reference, free text, need the workplace does not
    offer, exact hours or score), shown only as detailed as at least `min_group` candidates
    share it; every citizen shown is audited as read, with your purpose. 409 while the
    function's location or accommodations changed less than the settle time ago; 429 past
    the look-ups a coordinator may make a day."""
    return service.candidates(
        unit, workplace_id=workplace_id, function_id=function_id, user=user, limit=limit
    )


@router.post(
    "/candidate-cards/{token}/notify",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(NotFound, Forbidden, Conflict),
)
@allow("employer_coordinator")
def notify(token: str, unit: WritingUnit, user: CurrentUser, response: Response) -> SentOut:
    """Tell the consultants who follow a card's citizen that the function could suit them;
    they decide whether to propose it. Sent once: asking again answers 200 with the open
    notification."""
    sent, new = service.notify(unit, token=token[:64], user=user)
    if not new:
        response.status_code = status.HTTP_200_OK
    return sent


@router.get("/notifications")
@allow("consultant")
def list_notifications(unit: ReadingUnit, user: CurrentUser) -> list[NotificationOut]:
    """Your team's notifications from coordinators, open ones first."""
    return service.for_team(unit, user=user)


@router.post(
    "/notifications/{notification_id}/decision",
    responses=error_responses(NotFound, Conflict),
)
@allow("consultant")
def decide(
    notification_id: PathId, data: DecisionIn, unit: WritingUnit, user: CurrentUser
) -> NotificationOut:
    """Propose the function (a contact with the workplace is recorded, as from the
    citizen's suggestions) or dismiss it. A notification is answered once (409 after)."""
    return service.decide(unit, notification_id=notification_id, data=data, user=user)
