"""A contact's course on the pages (the forms the consultant's page sends): a workplace's
decline for an accommodation it lists is shown to coordinators on the workplace's page and
not to consultants; every refused step comes back on the course's page filled in as it was
sent, with the reason in Danish beside the field (or the form), and changes nothing."""

import re

from fastapi.testclient import TestClient

from api.app import create_app
from api.composition.context import AppContext
from matcher.vocabulary import ACCOMMODATIONS
from store import placements, plans
from store import workplaces as workplace_repository
from store.models import CitizenRow, PlacementRow
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
        assert "Forløbet står som kontaktet og kan ikke skifte til det valgte" in refused.text
        assert '<option value="started" selected>' not in refused.text  # not offered here
    with context.sessions() as session:
        row = session.get(PlacementRow, placement_id)
        assert row is not None and row.status == "contacted"


PLAN = {
    "placement_type": "internship",
    "start_date": "2026-11-02",
    "weeks": "13",
    "start_hours": "10",
    "target_hours": "14",
    "step_hours": "2",
    "step_every_weeks": "2",
    "tasks": "Sortering",
    "follow_up_every_weeks": "2",
}


class TestARefusedStepComesBackFilledIn:
    """The course's forms, each refused as a consultant would meet it (today is 22.11.2026)."""

    def send(self, client: TestClient, placement_id: int, step: str, **form: str) -> str:
        answer = client.post(
            f"/app/placements/{placement_id}/{step}", data={"csrf": _csrf(client), **form}
        )
        assert answer.status_code in (303, 409, 422), answer.text[:300]
        return answer.text if answer.status_code != 303 else ""

    def course(self, context: AppContext, client: TestClient, *, start: str) -> int:
        """A contact with a plan starting `start`, agreed."""
        placement_id, _, _ = _contact(context)
        client.get("/app/citizens")
        plan = self.send(client, placement_id, "plan", **{**PLAN, "start_date": start})
        assert plan == ""
        assert self.send(client, placement_id, "status", status="agreed") == ""
        return placement_id

    def status(self, context: AppContext, placement_id: int) -> str:
        with context.sessions() as session:
            row = session.get(PlacementRow, placement_id)
            assert row is not None
            return f"{row.status}, {len(row.follow_ups)} follow-ups"

    def test_a_start_before_the_plans_start_is_refused_at_once(self, context: AppContext) -> None:
        with web_client(create_app(context), "konsulent.syd") as consultant:
            placement_id = self.course(context, consultant, start="2026-12-01")
            page = self.send(consultant, placement_id, "status", status="started", back="")
        assert "Planen starter først 01.12.2026" in page
        assert '<option value="started" selected>' in page
        assert 'aria-invalid="true" aria-describedby="status-fejl"' in page
        assert self.status(context, placement_id) == "agreed, 0 follow-ups"

    def test_follow_ups_and_the_outcome_name_the_field_and_keep_what_was_typed(
        self, context: AppContext
    ) -> None:
        with web_client(create_app(context), "konsulent.syd") as consultant:
            placement_id = self.course(context, consultant, start="2026-11-02")
            assert self.send(consultant, placement_id, "status", status="started") == ""
            typed = {"hours_per_week": "7,5", "works": "Godt humør om morgenen"}
            future = self.send(
                consultant, placement_id, "follow-ups", held_on="2026-12-01", **typed
            )
            early = self.send(consultant, placement_id, "follow-ups", held_on="2026-10-30", **typed)
            outcome = self.send(consultant, placement_id, "outcome", outcome="ended_early")
        assert "01.12.2026 ligger i fremtiden" in future
        assert "Før planens start (02.11.2026)" in early
        for page in (future, early):
            assert 'aria-describedby="held_on-fejl"' in page
            assert 'value="7,5"' in page and ">Godt humør om morgenen</textarea>" in page
        assert "Angiv hvorfor forløbet blev afbrudt" in outcome
        assert '<option value="ended_early" selected>' in outcome
        assert "Noget er ikke udfyldt rigtigt" not in future + early + outcome
        assert self.status(context, placement_id) == "started, 0 follow-ups"

    def test_an_ended_course_says_why_its_end_and_statuses_after_are_refused(
        self, context: AppContext
    ) -> None:
        with web_client(create_app(context), "konsulent.syd") as consultant:
            placement_id = self.course(context, consultant, start="2026-11-02")
            assert self.send(consultant, placement_id, "status", status="started") == ""
            assert self.send(consultant, placement_id, "outcome", outcome="paid_hours") == ""
            too_soon = self.send(
                consultant, placement_id, "statuses-after", months="3", status="education"
            )
            with context.sessions.begin() as session:
                row = session.get(PlacementRow, placement_id)
                assert row is not None
                plans.record_status_after(
                    session, row=row, months=1, status="paid_hours", by="konsulent.syd"
                )
            undone = self.send(consultant, placement_id, "undo", back="course")
        assert re.search(r"3 måneder efter slut er først \d\d\.\d\d\.\d{4}", too_soon)
        assert '<option value="3" selected>' in too_soon
        assert '<option value="education" selected>' in too_soon
        assert (
            "Afslutningen kan ikke fortrydes, fordi der er registreret status efter forløbet"
            in undone
        )
        assert self.status(context, placement_id) == "ended, 0 follow-ups"

    def test_a_step_sent_from_the_citizens_page_comes_back_there(self, context: AppContext) -> None:
        with web_client(create_app(context), "konsulent.syd") as consultant:
            placement_id = self.course(context, consultant, start="2026-12-01")
            started = self.send(consultant, placement_id, "status", status="started", back="")
            note = self.send(consultant, placement_id, "notes", text="Ring 010190-1234 i morgen")
            reference = _reference_of(context, placement_id)
        for page in (started, note):
            # The citizen's page, not the course's, with the alert leading to the course's row.
            assert f"<h1>{reference}</h1>" in page
            assert f'<a href="#kontakt-{placement_id}">forløbet</a>' in page
        assert "Planen starter først 01.12.2026" in started
        assert '<option value="started" selected>' in started
        assert "Ligner et CPR-nummer; fjern det" in note
        assert ">Ring 010190-1234 i morgen</textarea>" in note
        assert 'aria-describedby="text-fejl"' in note
        assert self.status(context, placement_id) == "agreed, 0 follow-ups"

    def test_a_contact_refused_for_an_unseen_decline_says_why_on_the_suggestion(
        self, context: AppContext
    ) -> None:
        with web_client(create_app(context), "konsulent.syd") as consultant:
            placement_id, workplace_id, _ = _contact(context)
            consultant.get("/app/citizens")
            declined = self.send(
                consultant,
                placement_id,
                "status",
                status="declined_by_workplace",
                reason="no_capacity",
            )
            assert declined == ""
            with context.sessions() as session:
                row = session.get(PlacementRow, placement_id)
                assert row is not None
                citizen_id = row.citizen_id
                workplace = workplace_repository.get(session, workplace_id=workplace_id)
                assert workplace is not None
                function_id = workplace.functions[0].id
            # The decline was recorded in another tab after this page showed no warning.
            answer = consultant.post(
                f"/app/citizens/{citizen_id}/contacts",
                data={
                    "csrf": _csrf(consultant),
                    "workplace_id": str(workplace_id),
                    "function_id": str(function_id),
                },
            )
        assert answer.status_code == 422
        page = answer.text
        assert f'<a href="#forslag-{function_id}">forslaget</a>' in page
        assert re.search(
            r"<li>Virksomheden afviste borgeren \d\d\.\d\d\.\d{4} \(ingen plads lige nu\)\. Sæt "
            r"flueben for at kontakte den igen alligevel\.</li>",
            page,
        )
        assert f'id="forslag-{function_id}"' in page
        assert f'<ul class="field-errors" id="kontakt-fejl-{function_id}">' in page
        assert 'name="after_decline" value="true" required' in page
        with context.sessions() as session:
            assert len(placements.for_citizen(session, citizen_id=citizen_id)) == 1  # none added


def _reference_of(context: AppContext, placement_id: int) -> str:
    with context.sessions() as session:
        row = session.get(PlacementRow, placement_id)
        assert row is not None
        citizen = session.get(CitizenRow, row.citizen_id)
        assert citizen is not None
        return citizen.reference
