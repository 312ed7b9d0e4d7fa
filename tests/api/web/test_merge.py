"""An edit that meets a colleague's never silently undoes it: fields only one side changed are
merged, a field both changed is the user's choice, and the page says who saved and when."""

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from api.citizens import service as citizens
from api.citizens.schemas import CitizenIn
from api.composition.context import AppContext
from api.web.merge import CITIZEN_FIELDS, WORKPLACE_FIELDS, Undecided, fields_of, flatten, merged
from api.workplaces import service as workplaces
from api.workplaces.schemas import WorkplaceIn
from store import placements
from store.models import AuditRow
from tests.api import payloads
from tests.auth import CONSULTANT, COORDINATOR, web_client


def merge_of(base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]) -> Any:
    return fields_of(
        flatten(base, WORKPLACE_FIELDS),
        flatten(mine, WORKPLACE_FIELDS),
        flatten(theirs, WORKPLACE_FIELDS),
    )


BASE = {**payloads.workplace(), "functions": [{**payloads.WORKPLACE["functions"][0], "id": 7}]}


class TestTheRules:
    def test_a_field_only_one_side_changed_takes_that_side(self) -> None:
        mine = {**BASE, "name": "Mit navn"}
        theirs = {**BASE, "ordinary_employees": 40}
        result = merged(merge_of(BASE, mine, theirs), {})
        assert result["name"] == "Mit navn"
        assert result["ordinary_employees"] == 40

    def test_a_field_both_changed_is_left_to_a_choice(self) -> None:
        fields = merge_of(BASE, {**BASE, "name": "Mit"}, {**BASE, "name": "Deres"})
        with pytest.raises(Undecided) as undecided:
            merged(fields, {})
        assert undecided.value.keys == ["name"]
        assert merged(fields, {"name": "theirs"})["name"] == "Deres"
        assert merged(fields, {"name": "mine"})["name"] == "Mit"

    def test_the_same_change_on_both_sides_is_no_conflict(self) -> None:
        fields = merge_of(BASE, {**BASE, "name": "Ens"}, {**BASE, "name": "Ens"})
        assert merged(fields, {})["name"] == "Ens"

    def test_sets_compare_as_sets(self) -> None:
        mine = {**BASE, "accommodations": ["mentor", "late_start"]}
        theirs = {**BASE, "accommodations": ["late_start", "mentor"]}
        assert not any(f.conflict for f in merge_of(BASE, mine, theirs))

    def test_a_function_removed_by_one_and_changed_by_the_other_is_a_choice(self) -> None:
        changed = {**BASE["functions"][0], "title": "Ny titel"}
        fields = merge_of(BASE, {**BASE, "functions": []}, {**BASE, "functions": [changed]})
        (function,) = [f for f in fields if f.key == "functions:7"]
        assert function.conflict

    def test_functions_added_on_both_sides_are_all_kept(self) -> None:
        added = {**payloads.WORKPLACE["functions"][0], "title": "Tilføjet"}  # no id yet
        mine = {**BASE, "functions": [*BASE["functions"], added]}
        theirs = {**BASE, "functions": [*BASE["functions"], {**added, "id": 9, "title": "Deres"}]}
        result = merged(merge_of(BASE, mine, theirs), {})
        titles = {value["title"] for key, value in result.items() if key.startswith("functions:")}
        assert titles == {"Sorteringsmedarbejder", "Tilføjet", "Deres"}

    def test_a_profile_too(self) -> None:
        base = payloads.citizen()
        mine = {**base, "skills": ["kasse"]}
        theirs = {**base, "postal_code": "2450"}
        fields = fields_of(*(flatten(d, CITIZEN_FIELDS) for d in (base, mine, theirs)))
        result = merged(fields, {})
        assert (result["skills"], result["postal_code"]) == (["kasse"], "2450")


@pytest.fixture
def app(context: AppContext) -> FastAPI:
    return create_app(context)


def guard(client: TestClient) -> str:
    return client.cookies.get("matcher_csrf") or ""


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', page)
    assert match, name
    return match.group(1).replace("&#34;", '"').replace("&quot;", '"').replace("&amp;", "&")


def citizen_form(page: str, **changes: str) -> dict[str, str]:
    """The edit page's form as the browser sends it back, with changes."""
    form = {
        "csrf": "",
        "version": hidden(page, "version"),
        "base": hidden(page, "base"),
        "reference": "JC-TEST-0001",
        "target_group": "sick_listed",
        "skills": "sortering\nlager",
        "postal_code": "2500",
        "max_commute_km": "10",
        "weekly_hours.min": "10",
        "weekly_hours.max": "15",
        "need.no_heavy_lifting": "hard",
        "need.gradual_ramp": "soft",
        "goal_occupations.0.title": "Sorteringsmedarbejder",
        "goal_occupations.0.occupation_code": "9612",
        "goal_occupations.0.weight": "1",
        "placement_types": ["internship", "paid_hours"],  # type: ignore[dict-item]
        "purpose": "training",
        "danish_level": "fluent",
        "active": "on",
    }
    form.update(changes)
    return form


class TestAProfileEditedByTwo:
    @pytest.fixture
    def citizen_id(self, context: AppContext) -> int:
        with context.sessions() as session:
            row = citizens.create(
                session,
                data=CitizenIn.model_validate(payloads.citizen()),
                postal_codes=context.matching.postal_codes,
                team="jobcenter-syd",
                by="konsulent.syd",
            )
            session.commit()
            return row.id

    def test_changes_to_different_fields_are_both_kept(
        self, app: FastAPI, context: AppContext, citizen_id: int
    ) -> None:
        url = f"/app/citizens/{citizen_id}/edit"
        with web_client(app, CONSULTANT) as first, web_client(app, CONSULTANT) as second:
            page_one, page_two = first.get(url).text, second.get(url).text
            saved = first.post(
                url, data={**citizen_form(page_one, skills="kasse"), "csrf": guard(first)}
            )
            assert saved.status_code == 303
            stale = second.post(
                url, data={**citizen_form(page_two, postal_code="2450"), "csrf": guard(second)}
            )
            assert stale.status_code == 409
            page = stale.text
            assert "konsulent.syd gemte profilen" in page
            assert "Kompetencer" in page and "Den gemte ændring" in page
            assert "Postnummer" in page and "Din ændring" in page
            assert 'type="radio"' not in page  # nothing to choose
            done = second.post(
                f"/app/citizens/{citizen_id}/merge",
                data={
                    "csrf": guard(second),
                    "version": hidden(page, "version"),
                    "mine": hidden(page, "mine"),
                    "base": hidden(page, "base"),
                },
            )
            assert done.status_code == 303
        with context.sessions() as session:
            profile = citizens.get_or_raise(session, citizen_id=citizen_id).profile
        assert (profile["skills"], profile["postal_code"]) == (["kasse"], "2450")

    def test_a_field_both_changed_waits_for_a_choice(
        self, app: FastAPI, context: AppContext, citizen_id: int
    ) -> None:
        url = f"/app/citizens/{citizen_id}/edit"
        with web_client(app, CONSULTANT) as first, web_client(app, CONSULTANT) as second:
            page_one, page_two = first.get(url).text, second.get(url).text
            first.post(url, data={**citizen_form(page_one, skills="kasse"), "csrf": guard(first)})
            page = second.post(
                url, data={**citizen_form(page_two, skills="lager\ntruck"), "csrf": guard(second)}
            ).text
            merge = {
                "csrf": guard(second),
                "version": hidden(page, "version"),
                "mine": hidden(page, "mine"),
                "base": hidden(page, "base"),
            }
            assert 'name="choice:skills"' in page
            undecided = second.post(f"/app/citizens/{citizen_id}/merge", data=merge)
            assert undecided.status_code == 422
            assert "Vælg, hvilken værdi der skal gælde" in undecided.text
            with context.sessions() as session:
                stored = citizens.get_or_raise(session, citizen_id=citizen_id).profile
            assert stored["skills"] == ["kasse"]  # nothing saved yet
            chosen = second.post(
                f"/app/citizens/{citizen_id}/merge", data={**merge, "choice:skills": "mine"}
            )
            assert chosen.status_code == 303
        with context.sessions() as session:
            assert citizens.get_or_raise(session, citizen_id=citizen_id).profile["skills"] == [
                "lager",
                "truck",
            ]

    def test_every_page_that_shows_the_stored_profile_is_audited(
        self, app: FastAPI, context: AppContext, citizen_id: int
    ) -> None:
        def reads() -> int:
            with context.sessions() as session:
                return len(
                    session.scalars(
                        select(AuditRow).where(
                            AuditRow.citizen_id == citizen_id, AuditRow.action == "read"
                        )
                    ).all()
                )

        url = f"/app/citizens/{citizen_id}/edit"
        with web_client(app, CONSULTANT) as first, web_client(app, CONSULTANT) as second:
            page_one, page_two = first.get(url).text, second.get(url).text
            assert reads() == 2
            first.post(url, data={**citizen_form(page_one, skills="kasse"), "csrf": guard(first)})
            stale = second.post(
                url, data={**citizen_form(page_two, skills="lager"), "csrf": guard(second)}
            )
            assert stale.status_code == 409  # the merge page, with the stored profile
            assert reads() == 3
            refused = second.post(
                url,
                data={
                    **citizen_form(page_two, **{"weekly_hours.min": "99"}),
                    "csrf": guard(second),
                },
            )
            assert refused.status_code in (409, 422)  # the form or the merge page, shown again
            assert reads() == 4


def test_a_workplace_edit_meets_an_outcome_recorded_meanwhile(
    app: FastAPI, context: AppContext
) -> None:
    """The record a consultant's outcome raised is kept when the coordinator's older edit is
    saved over it."""
    with context.sessions() as session:
        row = workplaces.create(
            session,
            data=WorkplaceIn.model_validate(payloads.workplace()),
            postal_codes=context.matching.postal_codes,
            portfolio="virksomhedsservice-syd",
            by="koordinator.syd",
        )
        session.commit()
        workplace_id, function_id = row.id, row.functions[0].id
    url = f"/app/workplaces/{workplace_id}/edit"
    with web_client(app, COORDINATOR) as coordinator, web_client(app, CONSULTANT) as consultant:
        page = coordinator.get(url).text
        citizen = consultant.post(
            "/app/citizens",
            data={
                "csrf": guard(consultant),
                "reference": "JC-FLET",
                "target_group": "sick_listed",
                "skills": "lager",
                "weekly_hours.min": "10",
                "weekly_hours.max": "20",
            },
        )
        citizen_id = int(citizen.headers["location"].split("/")[-1].split("?")[0])
        consultant.post(
            f"/app/citizens/{citizen_id}/contacts",
            data={"csrf": guard(consultant), "workplace_id": workplace_id},
        )
        with context.sessions() as session:
            (placement,) = placements.for_citizen(session, citizen_id=citizen_id)
        for status in ("agreed", "started"):
            consultant.post(
                f"/app/placements/{placement.id}/status",
                data={"csrf": guard(consultant), "status": status},
            )
        consultant.post(
            f"/app/placements/{placement.id}/outcome",
            data={"csrf": guard(consultant), "outcome": "paid_hours"},
        )
        form = {
            "csrf": guard(coordinator),
            "version": hidden(page, "version"),
            "base": hidden(page, "base"),
            "name": "Genbrugsstation Test (ny)",
            "address": payloads.WORKPLACE["address"],
            "postal_code": "2500",
            "industry": "recycling",
            "coordinates.lat": "55,6405",
            "coordinates.lon": "12,481",
            "ordinary_employees": "14",
            "current_subsidised_placements": "1",
            "accommodations": "mentor",
            "record.placements": "3",
            "record.good_outcomes": "2",
            "record.paid_hours_outcomes": "2",
            "functions.0.id": str(function_id),
            "functions.0.title": "Sorteringsmedarbejder",
            "functions.0.occupation_code": "9612",
            "functions.0.tasks": "Sortering af affald og genbrug",
            "functions.0.weekly_hours.min": "8",
            "functions.0.weekly_hours.max": "30",
            "functions.0.placement_types": ["internship", "paid_hours"],  # type: ignore[dict-item]
            "functions.0.accommodations": ["no_heavy_lifting", "changing_positions"],  # type: ignore[dict-item]
        }
        stale = coordinator.post(url, data=form)
        assert stale.status_code == 409
        assert "konsulent.syd gemte virksomheden" in stale.text
        done = coordinator.post(
            f"/app/workplaces/{workplace_id}/merge",
            data={
                "csrf": guard(coordinator),
                "version": hidden(stale.text, "version"),
                "mine": hidden(stale.text, "mine"),
                "base": hidden(stale.text, "base"),
            },
        )
        assert done.status_code == 303
    with context.sessions() as session:
        stored = workplaces.to_out(workplaces.get_or_raise(session, workplace_id=workplace_id))
    assert stored.name == "Genbrugsstation Test (ny)"
    assert stored.record.placements == 4 and stored.record.paid_hours_outcomes == 3
