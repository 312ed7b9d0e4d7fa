"""The plan on the pages (the forms the consultant's pages send): a draft fills the form, a
plan the rules refuse comes back in its form with the reasons in Danish and is not stored,
a saved plan is printable, and a plan saved meanwhile by a colleague is not overwritten."""

import re

from fastapi.testclient import TestClient

from api.app import create_app
from api.composition.context import AppContext
from store import placements
from store import workplaces as workplace_repository
from tests.api.payloads import citizen
from tests.auth import web_client
from tests.stored import add_citizens, add_workplaces

FORM = {
    "placement_type": "internship",
    "start_date": "2026-11-02",
    "weeks": "13",
    "start_hours": "10",
    "target_hours": "14,5",
    "step_hours": "2",
    "step_every_weeks": "2",
    "tasks": "Sortering\nPluk og pakning",
    "accommodations": ["no_heavy_lifting", "mentor"],
    "contact_person": "Mette Holm",
    "mentor": "Ali",
    "follow_up_every_weeks": "2",
    "paid_hours_week": "7",
}


def _contact(context: AppContext, *, employees: int = 20) -> int:
    (workplace_id,) = add_workplaces(context, 1)
    (citizen_id,) = add_citizens(context, citizen())
    with context.sessions.begin() as session:
        workplace = workplace_repository.get(session, workplace_id=workplace_id)
        assert workplace is not None
        workplace.ordinary_employees = employees
        workplace.current_subsidised_placements = 1
        return placements.create(
            session,
            citizen_id=citizen_id,
            team="jobcenter-syd",
            workplace_id=workplace_id,
            workplace_name=workplace.name,
            function_id=workplace.functions[0].id,
            function_title=workplace.functions[0].title,
            placement_type=None,
        ).id


def _csrf(client: TestClient) -> str:
    return client.cookies.get("matcher_csrf") or ""


def test_a_plan_refused_by_the_rules_comes_back_in_danish_and_a_saved_one_prints(
    context: AppContext,
) -> None:
    placement_id = _contact(context)
    with web_client(create_app(context), "konsulent.syd") as consultant:
        draft = consultant.get(f"/app/placements/{placement_id}/plan")
        assert draft.status_code == 200
        assert "Et udkast ud fra forslaget" in draft.text
        # "(n valgt)" counts the boxes the draft ticks, before any script runs.
        ticked = re.findall(r'name="accommodations" value="\w+"\s+checked', draft.text)
        counted = re.search(r"<span data-chosen-count>(\d+)</span> valgt", draft.text)
        assert ticked and counted is not None and int(counted[1]) == len(ticked)
        url = f"/app/placements/{placement_id}/plan"
        refused = consultant.post(url, data={"csrf": _csrf(consultant), **FORM, "weeks": "14"})
        assert refused.status_code == 422
        assert "Praktik for målgruppen må højst vare 13 uger" in refused.text
        assert 'value="14,5"' in refused.text  # what was typed is given back
        not_saved = consultant.get(f"/app/placements/{placement_id}")
        assert "Ingen plan endnu" in not_saved.text
        goals = "Stabilt fremmøde\nTre dage om ugen"
        saved = consultant.post(url, data={"csrf": _csrf(consultant), **FORM, "goals": goals})
        assert saved.status_code == 303
        assert saved.headers["location"] == f"/app/placements/{placement_id}?ok=plan"
        page = consultant.get(f"/app/placements/{placement_id}").text
        assert "Udskriv planen" in page and "02.11.2026–31.01.2027 (13 uger)" in page
        printed = consultant.get(f"/app/placements/{placement_id}/plan/print").text
        for shown in ("Individuel plan", "Sortering", "Mentor / fast kontaktperson", "14,5"):
            assert shown in printed
        # It names both parties, keeps the goals' lines, and has room to sign.
        reference = citizen()["reference"]
        assert f"<dt>Borger</dt><dd>{reference}</dd>" in printed
        assert f'<p class="typed">{goals}</p>' in printed
        assert "Underskrifter" in printed and printed.count('<div class="signature">') == 3
        assert f"Forløb for borger {reference}" in page
        assert "Løntimer drøftes i uge 7 (14.12.2026)" in printed
        stale = consultant.post(url, data={"csrf": _csrf(consultant), **FORM, "version": ""})
        assert stale.status_code == 422 and "gemt af en anden imens" in stale.text


def test_a_full_workplace_is_named_in_the_draft(context: AppContext) -> None:
    placement_id = _contact(context, employees=4)  # room for 1, and 1 is taken
    with web_client(create_app(context), "konsulent.syd") as consultant:
        draft = consultant.get(f"/app/placements/{placement_id}/plan").text
    assert "Reglerne tillader ikke planen" in draft
    assert "Virksomheden er fuld efter rimelighedskravet" in draft
