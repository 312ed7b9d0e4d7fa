"""A contact's course on the pages (the forms the consultant's page sends): a workplace's
decline for an accommodation it lists is shown to coordinators on the workplace's page and
not to consultants; a move the course does not allow is refused and changes nothing."""

from api.app import create_app
from api.composition.context import AppContext
from matcher.vocabulary import ACCOMMODATIONS
from store import placements
from store import workplaces as workplace_repository
from store.models import PlacementRow
from tests.api.payloads import citizen
from tests.auth import web_client
from tests.stored import add_citizens, add_workplaces


def _contact(context: AppContext) -> tuple[int, int, str]:
    """A contact with a workplace; its id, the workplace's, and an accommodation it lists."""
    (workplace_id,) = add_workplaces(context, 1)
    (citizen_id,) = add_citizens(context, citizen())
    with context.sessions.begin() as session:
        workplace = workplace_repository.get(session, workplace_id=workplace_id)
        assert workplace is not None
        domain = workplace_repository.to_domain(workplace)
        # Listed by the workplace or by one of its functions (the contact names none).
        listed = sorted(domain.accommodations.union(*(f.accommodations for f in domain.functions)))[
            0
        ]
        placement = placements.create(
            session,
            citizen_id=citizen_id,
            team="jobcenter-syd",
            workplace_id=workplace_id,
            workplace_name=workplace.name,
            function_id=None,
            function_title=None,
            placement_type=None,
        )
        return placement.id, workplace_id, listed


def _csrf(client: object) -> str:
    return client.cookies.get("matcher_csrf") or ""  # type: ignore[attr-defined]


def test_a_decline_for_a_listed_accommodation_is_flagged_to_coordinators(
    context: AppContext,
) -> None:
    placement_id, workplace_id, listed = _contact(context)
    app = create_app(context)
    with web_client(app, "konsulent.syd") as consultant:
        consultant.get("/app/citizens")
        sent = consultant.post(
            f"/app/placements/{placement_id}/status",
            data={
                "csrf": _csrf(consultant),
                "status": "declined_by_workplace",
                "reason": "cannot_offer_accommodation",
                "accommodation": listed,
            },
        )
        assert sent.status_code == 303
        seen_by_consultant = consultant.get(f"/app/workplaces/{workplace_id}").text
    with web_client(app, "koordinator.syd") as coordinator:
        page = coordinator.get(f"/app/workplaces/{workplace_id}").text
    assert "Datakvalitet" in page
    assert f"{ACCOMMODATIONS[listed]}: afvist 1 gang" in page
    assert "Afvist af virksomheden: Kan ikke tilbyde et skånehensyn" in page
    assert "Datakvalitet" not in seen_by_consultant


def test_a_move_the_course_does_not_allow_is_refused_and_changes_nothing(
    context: AppContext,
) -> None:
    placement_id, _, _ = _contact(context)
    app = create_app(context)
    with web_client(app, "konsulent.syd") as consultant:
        consultant.get("/app/citizens")
        refused = consultant.post(
            f"/app/placements/{placement_id}/status",
            data={"csrf": _csrf(consultant), "status": "started"},
        )
        assert refused.status_code == 409
        assert "Forløbet kan ikke skifte sådan" in refused.text
    with context.sessions() as session:
        row = session.get(PlacementRow, placement_id)
        assert row is not None and row.status == "contacted"
