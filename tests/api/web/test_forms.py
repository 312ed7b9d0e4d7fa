"""The edit forms in a real browser: saved unchanged, they keep everything stored."""

import pytest
from playwright.sync_api import Browser, expect

from api.composition.context import AppContext
from fixtures.generate import demo_workplaces
from store.models import WorkplaceRow
from tests.api.web.live import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


# A generated demo workplace in the south coordinators' portfolio.
SOUTH_WORKPLACE = next(
    w["id"] for w in demo_workplaces() if w["id"] > 2 and w["portfolio"] == "virksomhedsservice-syd"
)


def test_saving_the_edit_forms_unchanged_keeps_everything_stored(
    live: tuple[str, AppContext], browser: Browser
) -> None:
    """Every stored field has a place on the forms: a save without changes changes nothing
    (a workplace's version moves on; an unchanged profile is not even written)."""
    from api.citizens import service as citizens
    from api.citizens.schemas import CitizenIn
    from api.workplaces import service as workplaces
    from tests.api import payloads

    base, context = live
    with context.sessions() as session:
        full = payloads.citizen(
            reference="JC-WEB-FULD",
            experience=[{"title": "Kok", "description": "Kantine", "kind": "abroad", "years": 4.5}],
            education=["Hygiejnekursus"],
            coordinates={"lat": 55.6612, "lon": 12.5101},
            most_recent_employer_id=3,
            excluded_workplace_ids=[4, 5],
            goal_occupations=[
                {"title": "Køkkenmedhjælper", "occupation_code": "9412", "weight": 0.7}
            ],
            danish_level="basic",
            purpose="paid_hours",
        )
        row = citizens.create(
            session,
            data=CitizenIn.model_validate(full),
            postal_codes=context.matching.postal_codes,
            team="jobcenter-syd",
            by="test",
        )
        # a value the form must carry through (not the default by size)
        stored = session.get(WorkplaceRow, SOUTH_WORKPLACE)
        assert stored is not None
        stored.monthly_enquiries = 7
        session.commit()
        citizen_id = row.id
        before = citizens.to_out(row).model_dump()
        workplace_before = workplaces.to_out(
            workplaces.get_or_raise(session, workplace_id=SOUTH_WORKPLACE)
        ).model_dump()
    page_context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        consultant = signed_in(page_context, base, "konsulent.syd")
        consultant.goto(f"{base}/app/citizens/{citizen_id}/edit")
        consultant.get_by_role("button", name="Gem", exact=True).click()
        expect(consultant.get_by_role("status")).to_have_text("Gemt.")
        coordinator = signed_in(page_context, base, "koordinator.syd")
        coordinator.goto(f"{base}/app/workplaces/{SOUTH_WORKPLACE}/edit")
        coordinator.get_by_role("button", name="Gem", exact=True).click()
        expect(coordinator.get_by_role("status")).to_have_text("Gemt.")
    finally:
        page_context.close()
    with context.sessions() as session:
        after = citizens.to_out(citizens.get_or_raise(session, citizen_id=citizen_id)).model_dump()
        workplace_after = workplaces.to_out(
            workplaces.get_or_raise(session, workplace_id=SOUTH_WORKPLACE)
        ).model_dump()
    assert after.pop("version") == before.pop("version")
    assert after == before
    assert workplace_after.pop("version") == workplace_before.pop("version") + 1
    assert workplace_after == workplace_before
    assert workplace_after["monthly_enquiries"] == 7
